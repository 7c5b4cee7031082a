import type { Reply } from '../http/reply';
import type { SandboxContext, SandboxRequest } from '../http/routing';
import { apimartError } from './errors';

type ApimartHandler = (request: SandboxRequest, context: SandboxContext, apiKey: string) => Reply | Promise<Reply>;

export function bearerToken(request: SandboxRequest): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
	return match?.[1];
}

export const invalidToken = (): Reply => apimartError(401, 'Invalid token', 'authentication_error');

export function withApimartKey(handler: ApimartHandler) {
	return (request: SandboxRequest, context: SandboxContext): Reply | Promise<Reply> => {
		const token = bearerToken(request);
		if (token === undefined || !context.options.apimartKeys.includes(token)) return invalidToken();
		request.log.apiKey = token;
		return handler(request, context, token);
	};
}
