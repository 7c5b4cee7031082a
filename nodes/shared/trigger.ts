import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { downloadVideo } from './binary';
import { checkCallback, confirmWithProvider } from './callbacks';
import { MODEL_ROWS } from './models';
import { taskJson } from './output';
import { callbackProviders } from './providers';
import type { Provider, Task } from './providers/types';
import type { OutputSettings } from './settings';
import { openConnection } from './transport';

export interface TriggerSettings extends OutputSettings {
	event: 'completed' | 'failed' | 'finished' | 'any';
	acceptUnsigned: boolean;
	toleranceSeconds: number;
}

/** The provider whose callbacks the trigger receives: today exactly one provider calls back. */
export function triggerProvider(): Provider {
	return callbackProviders()[0];
}

/** How many deliveries are remembered to drop duplicates, and for how long. */
const SEEN_LIMIT = 1000;
const SEEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Kling Trigger: verify (Standard Webhooks), drop duplicates, filter by event, answer at once,
 * then output the task with its video. The memory of seen deliveries is the workflow's static
 * data, which n8n persists, so it survives restarts and is shared by every webhook process.
 */
export async function receiveCallback(this: IWebhookFunctions, settings: TriggerSettings): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const provider = triggerProvider();
	const credentials = await this.getCredentials(provider.credentialType);
	const check = checkCallback(this, {
		secret: provider.webhookSecret(credentials),
		unsigned: settings.acceptUnsigned ? 'accept' : 'refuse',
		refusedUnsignedHint: `This trigger has no webhook signing secret: set one in the ${provider.label} credential, or turn on Accept Unsigned Callbacks`,
		toleranceSeconds: settings.toleranceSeconds,
	});
	if (!check.accepted) {
		response.status(check.status).json({ error: check.error });
		return { noWebhookResponse: true };
	}
	const hint = provider.callbacks!.parse(check.payload, 'kling');
	if (!hint) {
		response.status(400).json({ error: 'The body does not describe a task (task_id and status)' });
		return { noWebhookResponse: true };
	}
	// Unsigned, the body is only a hint: the task's state and video URL come from the provider.
	const task = check.signed ? hint : await confirmedTask(this, provider, hint);
	if (!task) {
		response.status(400).json({ error: `${provider.label} knows no task ${hint.taskId}` });
		return { noWebhookResponse: true };
	}
	const { webhookId } = check;

	const keys = [webhookId ?? `${task.taskId}:${task.status}`, `${task.taskId}:${task.status}`];
	const claim = inFlightClaim(keys.map((key) => `${this.getWorkflow().id ?? ''}:${this.getNode().name}:${key}`));
	if (!claim || alreadySeen(this.getWorkflowStaticData('node'), keys)) {
		claim?.release();
		response.status(200).json({ received: true, duplicate: true });
		return { noWebhookResponse: true };
	}
	try {
		return await deliver(this, task, webhookId, settings, provider.baseUrl(credentials));
	} finally {
		claim.release();
	}
}

async function confirmedTask(context: IWebhookFunctions, provider: Provider, hint: Task): Promise<Task | undefined> {
	const connection = await openConnection(context, provider);
	const rows = MODEL_ROWS.filter((row) => row.provider === provider.name);
	return (await confirmWithProvider(context, connection, rows, hint))?.task;
}

async function deliver(
	context: IWebhookFunctions,
	task: Task,
	webhookId: string | undefined,
	settings: TriggerSettings,
	trustedBaseUrl: string,
): Promise<IWebhookResponseData> {
	const response = context.getResponseObject();
	if (!wanted(settings.event, task.state)) {
		response.status(200).json({ received: true, ignored: task.status });
		return { noWebhookResponse: true };
	}

	response.status(200).json({ received: true });
	const json: IDataObject = {
		...taskJson({ task, submittedAt: Date.now() }),
		elapsedSeconds: null,
		model: null,
		webhookId: webhookId ?? null,
		receivedAt: new Date().toISOString(),
	};
	const url = task.videoUrls[0];
	if (!settings.downloadVideo || task.state !== 'succeeded' || !url) return { noWebhookResponse: true, workflowData: [[{ json }]] };
	try {
		const binary = await downloadVideo(context, url, { maxBytes: settings.maxVideoBytes, fileName: `kling-${task.taskId}.mp4`, trustedBaseUrl });
		return { noWebhookResponse: true, workflowData: [[{ json, binary: { [settings.binaryPropertyName]: binary } }]] };
	} catch (error) {
		// The callback is verified and acknowledged: the task still reaches the workflow.
		return {
			noWebhookResponse: true,
			workflowData: [[{ json: { ...json, error: `The video could not be downloaded: ${(error as Error).message}` } }]],
		};
	}
}

/**
 * n8n saves the static data only when the webhook call returns, after the video download: a copy
 * arriving meanwhile would not find the first one there. A claim held in this process from the
 * check until shortly after the call returns closes that gap where one process serves the
 * webhooks; the static data stays the record of what was seen.
 */
const inFlight = new Map<string, number>();
const RELEASE_GRACE_MS = 30_000;
const IN_FLIGHT_LIMIT = 10_000;

function inFlightClaim(keys: string[], now = Date.now()): { release: () => void } | undefined {
	for (const [key, expiresAt] of inFlight) {
		if (expiresAt > now && inFlight.size <= IN_FLIGHT_LIMIT) break;
		inFlight.delete(key);
	}
	if (keys.some((key) => (inFlight.get(key) ?? 0) > now)) return undefined;
	for (const key of keys) inFlight.set(key, Number.MAX_SAFE_INTEGER);
	return {
		release: () => {
			for (const key of keys) inFlight.set(key, Date.now() + RELEASE_GRACE_MS);
		},
	};
}

function wanted(event: TriggerSettings['event'], state: string): boolean {
	if (event === 'any') return true;
	if (event === 'completed') return state === 'succeeded';
	if (event === 'failed') return state === 'failed';
	return state === 'succeeded' || state === 'failed';
}

/** Records the keys; true when any of them was seen before. Bounded in count and age. */
function alreadySeen(staticData: IDataObject, keys: string[]): boolean {
	const now = Date.now();
	const seen = ((staticData.seenDeliveries as Array<[string, number]> | undefined) ?? []).filter(
		([, at]) => now - at < SEEN_TTL_MS,
	);
	const known = new Set(seen.map(([key]) => key));
	const duplicate = keys.some((key) => known.has(key));
	if (!duplicate) for (const key of new Set(keys)) seen.push([key, now]);
	staticData.seenDeliveries = seen.slice(-SEEN_LIMIT);
	return duplicate;
}
