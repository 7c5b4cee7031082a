import type { IDataObject, IExecuteFunctions, IExecuteSingleFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { createHash } from 'node:crypto';
import { FREEPIK_HOST } from '../../credentials/FreepikApi.credentials';
import { APIMART_HOST } from '../../credentials/ApimartApi.credentials';
import { apimartBodyError } from './providers/apimart';
import { freepikErrorMessage } from './providers/freepik';
import type { ProviderName, ProviderRequest } from './providers/types';
import { RequestBudget } from './rateLimit';

export type RequestContext = IExecuteFunctions | IExecuteSingleFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPE: Record<ProviderName, string> = {
	freepik: 'freepikApi',
	apimart: 'apimartApi',
};

export const PROVIDER_LABEL: Record<ProviderName, string> = { freepik: 'Freepik', apimart: 'APIMart' };

/** Freepik documents 50 requests per minute per key; APIMart limits concurrency instead, so pace it gently. */
export const DEFAULT_REQUESTS_PER_MINUTE: Record<ProviderName, number> = { freepik: 50, apimart: 120 };

export interface Connection {
	provider: ProviderName;
	baseUrl: string;
	budget: RequestBudget;
	/** Only Freepik signs webhook callbacks. */
	webhookSecret?: string;
}

/**
 * Freepik counts per key: every execution and webhook callback of this process that uses a key
 * shares one budget (a budget is reused while its limit and window are unchanged).
 */
const SHARED_BUDGETS = new Map<string, RequestBudget>();

function sharedBudget(provider: ProviderName, baseUrl: string, apiKey: unknown, requestsPerMinute: number): RequestBudget {
	const key = [provider, baseUrl, createHash('sha256').update(String(apiKey)).digest('hex'), requestsPerMinute].join(' ');
	const fresh = RequestBudget.perMinute(requestsPerMinute);
	const existing = SHARED_BUDGETS.get(key);
	if (existing && existing.limit === fresh.limit && existing.windowMs === fresh.windowMs) return existing;
	SHARED_BUDGETS.set(key, fresh);
	return fresh;
}

/** Tests that reset their provider between cases reset this too. */
export function resetSharedBudgets(): void {
	SHARED_BUDGETS.clear();
}

export async function openConnection(
	context: RequestContext,
	provider: ProviderName,
	requestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE[provider],
): Promise<Connection> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE[provider]);
	const baseUrl = providerBaseUrl(provider, credentials);
	return {
		provider,
		baseUrl,
		budget: sharedBudget(provider, baseUrl, credentials.apiKey, requestsPerMinute),
		webhookSecret:
			provider === 'freepik' && typeof credentials.webhookSecret === 'string' && credentials.webhookSecret
				? credentials.webhookSecret
				: undefined,
	};
}

export function providerBaseUrl(provider: ProviderName, credentials: IDataObject): string {
	const base =
		provider === 'freepik'
			? credentials.host === 'custom'
				? String(credentials.customBaseUrl ?? '')
				: String(credentials.host || FREEPIK_HOST)
			: String(credentials.baseUrl || APIMART_HOST);
	return base.replace(/\/+$/, '');
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
		const answered = await connection.budget.take();
		options.onSend?.();
		outcome = await send(context, connection, request, REQUEST_TIMEOUT_MS[options.policy]);
		answered();
		const failure = classify(connection.provider, outcome);
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
			CREDENTIAL_TYPE[connection.provider],
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
}

function classify(provider: ProviderName, outcome: Outcome): Failure | undefined {
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
		const bodyError = provider === 'apimart' ? apimartBodyError(body) : undefined;
		if (bodyError) {
			const code = Number((body as IDataObject).code);
			return {
				message: bodyError,
				transient: TRANSIENT.has(code),
				certainlyNotProcessed: NOT_PROCESSED.has(code),
			};
		}
		return undefined;
	}
	const providerMessage = parsed
		? provider === 'apimart'
			? apimartBodyError(body)
			: freepikErrorMessage(body)
		: undefined;
	return {
		message: providerMessage ?? describeStatus(status, body),
		transient: TRANSIENT.has(status),
		certainlyNotProcessed: NOT_PROCESSED.has(status),
	};
}

function describeStatus(status: number, body: unknown): string {
	const looksLikeHtml = typeof body === 'string' && /<html|<!doctype/i.test(body);
	return `HTTP ${status}${looksLikeHtml ? ' (an HTML error page, probably from a proxy or gateway)' : ''}`;
}

function providerError(
	context: RequestContext,
	provider: ProviderName,
	request: ProviderRequest,
	outcome: Outcome,
	failure: Failure,
	options: CallOptions,
): NodeApiError {
	const label = PROVIDER_LABEL[provider];
	const status = outcome.statusCode;
	const hints: string[] = [];
	if (status === 401) hints.push(`Check the ${label} credential: the key or its host is not accepted.`);
	if (status === 402) hints.push(`The ${label} account has no credits or balance left.`);
	if (options.policy === 'create' && !failure.certainlyNotProcessed && !(status && status >= 400 && status < 500)) {
		hints.push(
			`The outcome of this create request is unknown: ${label} may have started (and will charge for) the task. It was not sent again to avoid paying twice; check the provider's task list before retrying.`,
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
	return error;
}

/** Retry-After (seconds or an HTTP date) when the provider sends it, else exponential backoff. */
export function retryDelay(headers: IDataObject, attempt: number, limits: RetryLimits, now = Date.now()): number {
	const header = headers['retry-after'] ?? headers['Retry-After'];
	if (header !== undefined) {
		const seconds = Number(header);
		const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(header)) - now;
		if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, limits.maxDelayMs * 2);
	}
	return Math.min(limits.baseDelayMs * 2 ** (attempt - 1), limits.maxDelayMs);
}
