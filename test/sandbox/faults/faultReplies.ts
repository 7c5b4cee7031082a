import { isApimartEndpoint, type EndpointName } from '../endpoints';
import { jsonReply, type Reply } from '../http/reply';
import { apimartError } from '../apimart/errors';
import type { ChosenFault } from './faultTypes';

const STATUS_KINDS = { '500': 500, '502': 502, '503': 503, '504': 504 } as const;

const FREEPIK_MESSAGES: Record<number, string> = {
	429: 'Rate limit exceeded. Please try again later.',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable. Please try again later.',
	504: 'Gateway Timeout',
};

const APIMART_ERRORS: Record<number, { message: string; type: string }> = {
	429: { message: 'Too many requests', type: 'rate_limit_error' },
	500: { message: 'Internal server error', type: 'server_error' },
	502: { message: 'Bad gateway', type: 'server_error' },
	503: { message: 'Service temporarily unavailable', type: 'server_error' },
	504: { message: 'Gateway timeout', type: 'server_error' },
};

const HTML_ERROR_PAGE =
	'<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
	'<body><center><h1>502 Bad Gateway</h1></center><hr><center>sandbox-edge</center></body></html>\n';

/** The answer for faults that do send one; 'reset', 'timeout' and 'slow' are handled by the dispatcher. */
export function faultReply(fault: ChosenFault, endpoint: EndpointName): Reply {
	const reply = faultReplyWithoutRetryAfter(fault, endpoint);
	const retryAfter = fault.kind === '429-retry-after' ? (fault.retryAfterSeconds ?? 1) : fault.retryAfterSeconds;
	if (retryAfter !== undefined) reply.headers = { ...reply.headers, 'retry-after': String(retryAfter) };
	return reply;
}

function faultReplyWithoutRetryAfter(fault: ChosenFault, endpoint: EndpointName): Reply {
	switch (fault.kind) {
		case '429':
		case '429-retry-after':
			return providerError(429, endpoint);
		case '500':
		case '502':
		case '503':
		case '504':
			return providerError(STATUS_KINDS[fault.kind], endpoint);
		case 'malformed-json':
			return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"data":{"task_id":"' };
		case 'html':
			return { status: 502, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_ERROR_PAGE };
		case 'empty':
			return { status: 200, headers: { 'content-type': 'application/json' }, body: '' };
		case 'apimart-code':
			return jsonReply(200, {
				code: 500,
				data: null,
				error: { code: 500, message: 'Upstream service error (sandbox)', type: 'server_error' },
			});
		case 'truncated':
		case 'reset':
		case 'slow':
		case 'timeout':
			throw new Error(`fault '${fault.kind}' has no reply`);
	}
}

function providerError(status: number, endpoint: EndpointName): Reply {
	if (isApimartEndpoint(endpoint)) {
		const { message, type } = APIMART_ERRORS[status];
		return apimartError(status, message, type);
	}
	return jsonReply(status, { message: FREEPIK_MESSAGES[status] });
}

/** The real answer, cut right after its task id: a 200 whose JSON is damaged but names the task. */
export function truncatedReply(reply: Reply): Reply {
	const text = typeof reply.body === 'string' ? reply.body : (reply.body?.toString('utf8') ?? '');
	const match = /"task_id"\s*:\s*"[^"]*"/.exec(text);
	const cut = match ? match.index + match[0].length + 1 : Math.floor(text.length / 2);
	return { status: 200, headers: { 'content-type': 'application/json' }, body: text.slice(0, cut) };
}
