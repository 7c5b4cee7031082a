import type { IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ModelRow, Task } from './providers/types';
import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS, verifyWebhookSignature } from './signature';
import type { Connection } from './transport';
import { fetchTask } from './wait/refresh';

/** A callback is a small JSON status: anything bigger is not from the provider. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

export type CallbackCheck =
	| { accepted: true; payload: unknown; signed: boolean; webhookId?: string }
	| { accepted: false; status: number; error: string };

export interface TrustPolicy {
	/** The provider's signing secret from the credential, when set. */
	secret?: string;
	/** Without a secret: refuse (the trigger's default) or take the callback as unverified. */
	unsigned: 'refuse' | 'accept';
	/** Shown when an unsigned callback is refused: how to fix it. */
	refusedUnsignedHint?: string;
	toleranceSeconds?: number;
}

/**
 * The one trust policy for provider callbacks, for the Kling Trigger and Wait for Webhook alike:
 * a size cap, the Standard-Webhooks signature when a secret is set, then the JSON body.
 */
export function checkCallback(context: IWebhookFunctions, policy: TrustPolicy): CallbackCheck {
	const request = context.getRequestObject();
	const rawBody = (request as unknown as { rawBody?: Buffer }).rawBody;
	const declaredLength = Number(request.headers['content-length']);
	if ((rawBody?.length ?? 0) > MAX_CALLBACK_BYTES || declaredLength > MAX_CALLBACK_BYTES) {
		return { accepted: false, status: 413, error: `Callback bodies are limited to ${MAX_CALLBACK_BYTES} bytes` };
	}
	const body = rawBody ?? Buffer.from(JSON.stringify(request.body ?? {}));
	let webhookId = header(request.headers['webhook-id']);
	if (policy.secret) {
		const check = verifyWebhookSignature(
			{ headers: request.headers, rawBody: body },
			policy.secret,
			policy.toleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
		);
		if (!check.valid) return { accepted: false, status: 401, error: `Invalid webhook signature: ${check.reason}` };
		webhookId = check.webhookId;
	} else if (policy.unsigned === 'refuse') {
		return { accepted: false, status: 401, error: policy.refusedUnsignedHint ?? 'Unsigned callbacks are refused' };
	}
	try {
		return { accepted: true, payload: JSON.parse(body.toString('utf8')), signed: Boolean(policy.secret), webhookId };
	} catch {
		return { accepted: false, status: 400, error: 'The body is not JSON' };
	}
}

function header(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * An unsigned callback is only a hint: the task's state and video URL are read from the provider
 * itself, on the status path of each row it may belong to (a 404 means: not this one).
 */
export async function confirmWithProvider(
	context: IWebhookFunctions,
	connection: Connection,
	rows: ModelRow[],
	hint: Task,
): Promise<{ task: Task; row: ModelRow } | undefined> {
	const seen = new Set<string>();
	let failure: unknown;
	for (const row of rows) {
		if (seen.has(row.endpoints.status)) continue;
		seen.add(row.endpoints.status);
		try {
			return { task: await fetchTask(context, connection, row, hint.taskId, hint.model, {}), row };
		} catch (error) {
			// 404: not this family's task; anything else: the provider could not say.
			if (Number((error as { httpCode?: string }).httpCode) !== 404) failure = error;
		}
	}
	if (failure) throw new NodeOperationError(context.getNode(), failure as Error);
	return undefined;
}
