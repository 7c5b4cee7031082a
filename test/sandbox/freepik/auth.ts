import type { Reply } from '../http/reply';
import type { SandboxContext, SandboxRequest } from '../http/routing';
import { freepikMessage } from './errors';

export const FREEPIK_KEY_HEADERS = ['x-freepik-api-key', 'x-magnific-api-key'] as const;

export const RATE_LIMIT_MESSAGE = 'Rate limit exceeded. Please try again later.';

type FreepikHandler = (request: SandboxRequest, context: SandboxContext, apiKey: string) => Reply | Promise<Reply>;

/** Both brand headers are accepted; a request is admitted if either carries a configured key. */
export function freepikApiKey(request: SandboxRequest, validKeys: readonly string[]): { key: string } | { reply: Reply } {
	const presented = FREEPIK_KEY_HEADERS.map((name) => request.headers[name]).filter(
		(value): value is string => typeof value === 'string' && value.length > 0,
	);
	if (presented.length === 0) return { reply: freepikMessage(401, 'Missing API key') };
	const key = presented.find((candidate) => validKeys.includes(candidate));
	if (key === undefined) return { reply: freepikMessage(401, 'Invalid API key') };
	return { key };
}

/** Authenticates and charges the key's rate limit before the handler runs. */
export function withFreepikKey(handler: FreepikHandler) {
	return (request: SandboxRequest, context: SandboxContext): Reply | Promise<Reply> => {
		const auth = freepikApiKey(request, context.options.freepikKeys);
		if ('reply' in auth) return auth.reply;
		request.log.apiKey = auth.key;
		const decision = context.rateLimiter.tryAcquire(auth.key);
		if (!decision.allowed) {
			const reply = freepikMessage(429, RATE_LIMIT_MESSAGE);
			if (context.options.rateLimitRetryAfter) {
				reply.headers = { ...reply.headers, 'retry-after': String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))) };
			}
			return reply;
		}
		return handler(request, context, auth.key);
	};
}
