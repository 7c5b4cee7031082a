import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { createHash } from 'node:crypto';
import type { Provider, ProviderRequest } from './providers/types';
import { RequestBudget } from './budget';

/** Load-options contexts call providers too: Task ID's From List. */
export type RequestContext = IExecuteFunctions | IExecuteSingleFunctions | IWebhookFunctions | ILoadOptionsFunctions;

export interface Connection {
	provider: Provider;
	baseUrl: string;
	/** Identifies the API key (hashed) for what is shared per key in this process. */
	keyId: string;
	budget: RequestBudget;
	/** Set when the provider signs callbacks and the credential holds the secret. */
	webhookSecret?: string;
}

/**
 * Providers count per key: every execution and webhook callback of this process that uses a key
 * shares one budget (a budget is reused while its limit and window are unchanged).
 */
const SHARED_BUDGETS = new Map<string, RequestBudget>();

/** Names a key without holding it: provider, base URL and a hash of the key. */
function keyIdOf(provider: Provider, baseUrl: string, apiKey: unknown): string {
	return [provider.name, baseUrl, createHash('sha256').update(String(apiKey)).digest('hex')].join(' ');
}

function sharedBudget(keyId: string, requestsPerMinute: number): RequestBudget {
	const key = `${keyId} ${requestsPerMinute}`;
	const fresh = RequestBudget.perMinute(requestsPerMinute);
	const existing = SHARED_BUDGETS.get(key);
	if (existing && existing.limit === fresh.limit && existing.windowMs === fresh.windowMs) return existing;
	SHARED_BUDGETS.set(key, fresh);
	return fresh;
}

/** Tests that reset their provider between cases reset this too. */
export function resetSharedBudgets(): void {
	SHARED_BUDGETS.clear();
	KNOWN_TASKS.clear();
}

/**
 * The task ids each key has been seen with in this process, numbered in the order they became
 * known: a task known before a create was sent cannot be the one that create made.
 */
const KNOWN_TASKS = new Map<string, Map<string, number>>();
const MAX_KNOWN_PER_KEY = 10_000;
let sequence = 0;

export function knownTasksOf(connection: Connection): Map<string, number> {
	let known = KNOWN_TASKS.get(connection.keyId);
	if (!known) KNOWN_TASKS.set(connection.keyId, (known = new Map()));
	return known;
}

export function rememberTasks(connection: Connection, taskIds: string[]): void {
	const known = knownTasksOf(connection);
	for (const id of taskIds) if (!known.has(id)) known.set(id, ++sequence);
	for (const id of known.keys()) {
		if (known.size <= MAX_KNOWN_PER_KEY) break;
		known.delete(id);
	}
}

/** What was known when a create was sent. */
export function knownMark(): number {
	return sequence;
}


export async function openConnection(
	context: RequestContext,
	provider: Provider,
	requestsPerMinute = provider.defaultRequestsPerMinute,
): Promise<Connection> {
	const credentials = await context.getCredentials(provider.credentialType);
	const baseUrl = provider.baseUrl(credentials);
	const keyId = keyIdOf(provider, baseUrl, credentials.apiKey);
	return {
		provider,
		baseUrl,
		keyId,
		budget: sharedBudget(keyId, requestsPerMinute),
		webhookSecret: provider.webhookSecret(credentials),
	};
}

/**
 * `create`: a paid request. Sent again only when the provider certainly did not process it
 * (429, 503); anything else that leaves the outcome unknown is reported, never retried.
 * `read`: status, list and upload-URL requests, retried on any transient failure.
 */
export type RetryPolicy = 'create' | 'read';

export interface RetryLimits {
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const RETRY_LIMITS: Record<RetryPolicy, RetryLimits> = {
	create: { attempts: 6, baseDelayMs: 1_000, maxDelayMs: 30_000 },
	read: { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 },
};

const REQUEST_TIMEOUT_MS: Record<RetryPolicy, number> = { create: 120_000, read: 60_000 };

const NOT_PROCESSED = new Set([429, 503]);
const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

interface Outcome {
	statusCode?: number;
	headers: IDataObject;
	body: unknown;
	networkError?: string;
}

export interface CallOptions {
	policy: RetryPolicy;
	itemIndex?: number;
	/** Counts requests actually sent (benchmarks, tests). */
	onSend?: () => void;
}

/**
 * The one place that talks to a provider: auth through the credential, the shared budget,
 * retries by policy, provider errors -> NodeApiError. Errors are built from our own fields
 * only, so no request header (and so no key) can travel with them.
 */
export async function callProvider(
	context: RequestContext,
	connection: Connection,
	request: ProviderRequest,
	options: CallOptions,
): Promise<unknown> {
	const limits = RETRY_LIMITS[options.policy];
	let outcome: Outcome | undefined;
	for (let attempt = 1; attempt <= limits.attempts; attempt++) {
		const slot = await connection.budget.take();
		options.onSend?.();
		outcome = await send(context, connection, request, REQUEST_TIMEOUT_MS[options.policy]);
		const failure = classify(connection.provider, outcome);
		if (failure?.rateLimited) slot.refused(retryAfterMs(outcome.headers));
		else if (outcome.statusCode !== undefined) slot.answered();
		else slot.unanswered();
		if (!failure) return outcome.body;
		const retryable = options.policy === 'create' ? failure.certainlyNotProcessed : failure.transient;
		if (!retryable || attempt === limits.attempts) {
			throw providerError(context, connection.provider, request, outcome, failure, options);
		}
		await sleep(retryDelay(outcome.headers, attempt, limits));
	}
	throw new Error('unreachable');
}

async function send(
	context: RequestContext,
	connection: Connection,
	request: ProviderRequest,
	timeout: number,
): Promise<Outcome> {
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			connection.provider.credentialType,
			{
				method: request.method,
				baseURL: connection.baseUrl,
				url: request.url,
				qs: request.qs,
				headers: request.headers,
				body: request.body,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout,
			},
		)) as { statusCode: number; headers: IDataObject; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	} catch (error) {
		return { headers: {}, body: undefined, networkError: networkErrorCode(error) };
	}
}

function networkErrorCode(error: unknown): string {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && code) return code;
	}
	return 'NETWORK_ERROR';
}

interface Failure {
	message: string;
	transient: boolean;
	certainlyNotProcessed: boolean;
	/** A 429 (or APIMart's code 429): the key's budget backs off. */
	rateLimited?: boolean;
}

function classify(provider: Provider, outcome: Outcome): Failure | undefined {
	if (outcome.networkError) {
		const timedOut = /TIMEDOUT|ECONNABORTED/i.test(outcome.networkError);
		return {
			message: timedOut ? 'The provider did not answer in time' : `The connection failed (${outcome.networkError})`,
			transient: true,
			certainlyNotProcessed: outcome.networkError === 'ECONNREFUSED',
		};
	}
	const status = outcome.statusCode ?? 0;
	const body = outcome.body;
	const parsed = body !== null && typeof body === 'object';
	if (status >= 200 && status < 300) {
		if (!parsed) {
			return {
				message: body === '' || body === undefined ? 'The provider answered with an empty body' : 'The provider answered with a body that is not JSON',
				transient: true,
				certainlyNotProcessed: false,
			};
		}
		const bodyError = provider.bodyError(body);
		if (bodyError) {
			const code = bodyError.code ?? 0;
			return {
				message: bodyError.message,
				transient: TRANSIENT.has(code),
				certainlyNotProcessed: NOT_PROCESSED.has(code),
				rateLimited: code === 429,
			};
		}
		return undefined;
	}
	const providerMessage = parsed ? provider.errorMessage(body) : undefined;
	return {
		message: providerMessage ?? describeStatus(status, body),
		transient: TRANSIENT.has(status),
		certainlyNotProcessed: NOT_PROCESSED.has(status),
		rateLimited: status === 429,
	};
}

function describeStatus(status: number, body: unknown): string {
	const looksLikeHtml = typeof body === 'string' && /<html|<!doctype/i.test(body);
	return `HTTP ${status}${looksLikeHtml ? ' (an HTML error page, probably from a proxy or gateway)' : ''}`;
}

function providerError(
	context: RequestContext,
	provider: Provider,
	request: ProviderRequest,
	outcome: Outcome,
	failure: Failure,
	options: CallOptions,
): NodeApiError {
	const { label } = provider;
	const status = outcome.statusCode;
	const hints: string[] = [];
	if (status === 401) hints.push(`Check the ${label} credential: the key or its host is not accepted.`);
	if (status === 402) hints.push(`The ${label} account has no credits or balance left.`);
	const outcomeUnknown = options.policy === 'create' && !failure.certainlyNotProcessed && !(status && status >= 400 && status < 500);
	if (outcomeUnknown) {
		hints.push(
			`The outcome of this create request is unknown: ${label} may have started (and will charge for) the task. It was not sent again to avoid paying twice.`,
		);
	}
	const message = `${label}: ${failure.message}`;
	const error = new NodeApiError(
		context.getNode(),
		{ message, ...(status ? { httpCode: String(status) } : {}) } as JsonObject,
		{
			message,
			description: [`${request.method} ${request.url}`, ...hints].join('\n'),
			...(status ? { httpCode: String(status) } : {}),
			...(options.itemIndex !== undefined ? { itemIndex: options.itemIndex } : {}),
		},
	);
	// NodeApiError swaps a message that names a Node error code (ECONNRESET, ETIMEDOUT, ...) for
	// n8n's generic text, which drops the provider and what happened: keep ours.
	error.message = message;
	if (outcomeUnknown) {
		UNKNOWN_OUTCOMES.set(error, { answerText: typeof outcome.body === 'string' ? outcome.body.slice(0, MAX_KEPT_ANSWER) : undefined });
	}
	return error;
}

/** A create whose answer was lost or damaged: the task may exist (see recovery.ts). */
export interface UnknownOutcome {
	/** The answer as text, when one came (damaged JSON may still name the task). */
	answerText?: string;
}

const UNKNOWN_OUTCOMES = new WeakMap<object, UnknownOutcome>();
const MAX_KEPT_ANSWER = 64 * 1024;

/** Marks an error as a create whose outcome is unknown (the answer named no task). */
export function markUnknownOutcome<E extends object>(error: E, answerText?: string): E {
	UNKNOWN_OUTCOMES.set(error, { answerText: answerText?.slice(0, MAX_KEPT_ANSWER) });
	return error;
}

export function unknownCreateOutcome(error: unknown): UnknownOutcome | undefined {
	return error && typeof error === 'object' ? UNKNOWN_OUTCOMES.get(error) : undefined;
}

/** Retry-After (seconds or an HTTP date) when the provider sends it, else exponential backoff. */
export function retryDelay(headers: IDataObject, attempt: number, limits: RetryLimits, now = Date.now()): number {
	const asked = retryAfterMs(headers, now);
	if (asked !== undefined) return Math.min(asked, limits.maxDelayMs * 2);
	return Math.min(limits.baseDelayMs * 2 ** (attempt - 1), limits.maxDelayMs);
}

/** The provider's Retry-After (seconds or an HTTP date) in milliseconds, when it sent one. */
function retryAfterMs(headers: IDataObject, now = Date.now()): number | undefined {
	const header = headers['retry-after'] ?? headers['Retry-After'];
	if (header === undefined) return undefined;
	const seconds = Number(header);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(header)) - now;
	return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, RETRY_LIMITS.create.maxDelayMs * 2) : undefined;
}
