import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IRunExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { downloadVideo } from '../binary';
import { checkCallback, confirmWithProvider } from '../callbacks';
import { rowByKey } from '../models';
import { errorItem, taskJson } from '../output';
import { providerNamed } from '../providers';
import { isTerminal, type Provider, type Task } from '../providers/types';
import type { ItemRun } from '../runs';
import { type GenerateSettings, POLL_INTERVAL } from '../settings';
import { type Connection, openConnection } from '../transport';
import { fetchTask, refreshTasks } from './refresh';
import { lacksDetails, type TrackedTask } from './tracked';

/**
 * Wait for Webhook: every task of the batch was created with this execution's resume URL as
 * its callback URL. The execution is parked (no worker held) with one ledger item per input
 * item: task id, model row, model, submit time. Callbacks that leave tasks unfinished are
 * acknowledged and the execution stays parked; the callback that finds the whole batch
 * finished resumes it with every item's result.
 */
export async function parkForWebhook(
	context: IExecuteFunctions,
	runs: ItemRun[],
	settings: GenerateSettings,
): Promise<INodeExecutionData[][]> {
	const failed = runs.find((run) => run.error);
	if (failed?.error && !context.continueOnFail() && !runs.some((run) => run.tracked)) throw failed.error;
	const ledger = runs.map((run) => ledgerItem(run, settings));
	const minutes = Math.round((settings.maxWaitMs / 60_000) * 100) / 100;
	// When the max wait passes without the final callback, n8n resumes the parked node with its
	// input data: make that the ledger, so the task ids still reach the output.
	const executeData = context.getExecuteData();
	executeData.data = {
		main: [
			ledger.map((item) =>
				item.json.taskId && !item.json.error
					? {
							...item,
							json: {
								...item.json,
								error: `Max wait of ${minutes} min reached before ${settings.provider.label} called back: fetch task ${String(item.json.taskId)} later with Get Task`,
							},
						}
					: item,
			),
		],
	};
	await context.putExecutionToWait(new Date(Date.now() + settings.maxWaitMs));
	return [ledger];
}

function ledgerItem(run: ItemRun, settings: GenerateSettings): INodeExecutionData {
	if (!run.tracked) return errorItem(run.itemIndex, run.error?.message ?? 'Not submitted');
	return {
		json: {
			...taskJson(run.tracked),
			modelRow: run.tracked.row.key,
			submittedAt: run.tracked.submittedAt,
			parked: true,
			downloadVideo: settings.downloadVideo,
			binaryPropertyName: settings.binaryPropertyName,
			maxVideoBytes: settings.maxVideoBytes,
		},
		pairedItem: { item: run.itemIndex },
	};
}

interface LedgerEntry {
	item: INodeExecutionData;
	tracked?: TrackedTask;
}

/**
 * The ledger is the parked node's input: parking put it there (see parkForWebhook). n8n removes
 * the parked node's own run before the resume webhook runs, and the webhook context offers no
 * accessor for the waiting execution's stack, so it is read from the context's execution data.
 */
function ledgerItems(context: IWebhookFunctions): INodeExecutionData[] {
	const runExecutionData = (context as unknown as { runExecutionData?: IRunExecutionData | null }).runExecutionData;
	const stacked = runExecutionData?.executionData?.nodeExecutionStack?.[0]?.data?.main?.[0];
	if (Array.isArray(stacked) && stacked.some((item) => item?.json?.parked === true)) return stacked;
	const nodeName = JSON.stringify(context.getNode().name);
	const ownRun = context.evaluateExpression(`{{ $(${nodeName}).all() }}`, 0) as unknown as INodeExecutionData[];
	return Array.isArray(ownRun) ? ownRun : [];
}

function readLedger(context: IWebhookFunctions, provider: Provider): LedgerEntry[] {
	const items = ledgerItems(context);
	return items.map((item, position) => {
		const json = item.json ?? {};
		const row = rowByKey(json.modelRow);
		// A parked item carries the error it would show if Max Wait passed first: not a failure.
		if (typeof json.taskId !== 'string' || !row || (json.error && json.parked !== true)) return { item };
		const state = provider.state(json.status);
		const videoUrls = Array.isArray(json.videoUrls) ? json.videoUrls.filter((url): url is string => typeof url === 'string') : [];
		// Finished before the execution parked (the look before parking saw it): no callback will
		// reach a parked execution for it, so the ledger's word counts.
		const task: Task = {
			provider: provider.name,
			model: String(json.model),
			taskId: json.taskId,
			status: String(json.status),
			state: isTerminal(state) ? state : 'pending',
			videoUrls: isTerminal(state) ? videoUrls : [],
		};
		const itemIndex = (item.pairedItem as { item?: number } | undefined)?.item ?? position;
		return {
			item,
			tracked: { itemIndex, row, task, submittedAt: Number(json.submittedAt) || Date.now() },
		};
	});
}

/**
 * What this process has heard about a parked batch: each terminal callback carries its task's
 * final state and video URLs, so when every task has called back the batch resumes with no
 * request at all. The record lives in this process only (another webhook process, or a
 * restart, starts without it): whatever it lacks is learned with a list request, made by one
 * callback at a time once the callbacks have gone quiet.
 */
interface BatchProgress {
	finished: Map<string, Task>;
	lastHeardAt: number;
	checking: boolean;
	resumed: boolean;
	expiresAt: number;
}

const PROGRESS = new Map<string, BatchProgress>();
const PROGRESS_TTL_MS = 24 * 60 * 60_000;

function progressOf(executionId: string): BatchProgress {
	const now = Date.now();
	for (const [id, entry] of PROGRESS) if (entry.expiresAt < now) PROGRESS.delete(id);
	let progress = PROGRESS.get(executionId);
	if (!progress) {
		progress = { finished: new Map(), lastHeardAt: now, checking: false, resumed: false, expiresAt: now + PROGRESS_TTL_MS };
		PROGRESS.set(executionId, progress);
	}
	return progress;
}

function applyProgress(progress: BatchProgress, tracked: TrackedTask[]): void {
	for (const entry of tracked) {
		const finished = progress.finished.get(entry.task.taskId);
		if (finished && !isTerminal(entry.task.state)) {
			entry.task = { ...finished, model: entry.task.model };
			entry.settledAt ??= Date.now();
		}
	}
}

export async function resumeFromCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const provider = providerNamed(this.getNodeParameter('authentication'));
	const connection = await openConnection(this, provider);
	const check = checkCallback(this, { secret: connection.webhookSecret, unsigned: 'accept' });
	if (!check.accepted) {
		response.status(check.status).json({ error: check.error });
		return { noWebhookResponse: true };
	}
	const ledger = readLedger(this, provider);
	const tracked = ledger.flatMap((entry) => (entry.tracked ? [entry.tracked] : []));
	const hint = provider.callbacks?.parse(check.payload, tracked[0]?.task.model ?? 'kling');
	const target = tracked.find((entry) => entry.task.taskId === hint?.taskId);
	if (!hint || !target) return { webhookResponse: { received: true } };
	// Without a secret anyone who knows the resume URL can post to it: ask the provider instead.
	const callback = check.signed ? hint : await confirmedOrNothing(this, connection, target, hint);
	if (!callback || !isTerminal(callback.state)) return { webhookResponse: { received: true } };

	const progress = progressOf(this.getExecutionId());
	progress.finished.set(callback.taskId, { ...callback, model: target.task.model });
	progress.lastHeardAt = Date.now();
	applyProgress(progress, tracked);
	if (progress.resumed) return { webhookResponse: { received: true } };
	if (tracked.every((entry) => isTerminal(entry.task.state))) return await resume(this, connection, progress, ledger, tracked);

	// Answer now: the provider need not wait while this callback checks on the others.
	response.status(200).json({ received: true });
	if (progress.checking) return { noWebhookResponse: true };
	progress.checking = true;
	try {
		// Callbacks of a batch come in bursts: let it pass, the last one may complete the batch.
		const quietMs = 2 * POLL_INTERVAL.minMs;
		for (let round = 0; round < 1_000 && Date.now() - progress.lastHeardAt < quietMs; round++) {
			await sleep(quietMs - (Date.now() - progress.lastHeardAt) + 1);
		}
		if (progress.resumed) return { noWebhookResponse: true };
		applyProgress(progress, tracked);
		const pending = tracked.filter((entry) => !isTerminal(entry.task.state));
		if (pending.length > 0) {
			await refreshTasks(this, connection, pending, { details: 'deferred' });
			for (const entry of pending) if (isTerminal(entry.task.state)) progress.finished.set(entry.task.taskId, entry.task);
			applyProgress(progress, tracked);
		}
		if (progress.resumed || tracked.some((entry) => !isTerminal(entry.task.state))) return { noWebhookResponse: true };
		return await resume(this, connection, progress, ledger, tracked, true);
	} catch {
		// A failed check loses nothing: the next callback, or Max Wait, tells the rest.
		return { noWebhookResponse: true };
	} finally {
		progress.checking = false;
	}
}

/** A failed confirmation loses nothing: the task stays pending for the next callback or Max Wait. */
async function confirmedOrNothing(
	context: IWebhookFunctions,
	connection: Connection,
	target: TrackedTask,
	hint: Task,
): Promise<Task | undefined> {
	try {
		return (await confirmWithProvider(context, connection, [target.row], hint))?.task;
	} catch {
		return undefined;
	}
}

/** Every task is finished: fetch what callbacks and lists did not say, download, resume (once). */
async function resume(
	context: IWebhookFunctions,
	connection: Connection,
	progress: BatchProgress,
	ledger: LedgerEntry[],
	tracked: TrackedTask[],
	answered = false,
): Promise<IWebhookResponseData> {
	if (progress.resumed) {
		if (!answered) context.getResponseObject().status(200).json({ received: true });
		return { noWebhookResponse: true };
	}
	progress.resumed = true;
	if (!answered) context.getResponseObject().status(200).json({ received: true, resumed: true });
	try {
		await Promise.all(
			tracked.map(async (entry) => {
				if (lacksDetails(entry.task)) {
					entry.task = await fetchTask(context, connection, entry.row, entry.task.taskId, entry.task.model, {});
				}
				entry.settledAt ??= Date.now();
			}),
		);
		const output = await Promise.all(ledger.map(async (entry) => await resultItem(context, connection, entry)));
		PROGRESS.delete(context.getExecutionId());
		return { noWebhookResponse: true, workflowData: [output] };
	} catch {
		// The callback is answered already: failing the webhook would resume the execution with an
		// error item and no task ids. Stay parked for the next callback, or Max Wait, to finish.
		progress.resumed = false;
		return { noWebhookResponse: true };
	}
}

async function resultItem(context: IWebhookFunctions, connection: Connection, entry: LedgerEntry): Promise<INodeExecutionData> {
	const { item, tracked } = entry;
	if (!tracked) return item;
	const settings = item.json as IDataObject;
	const json = taskJson(tracked);
	const pairedItem = { item: tracked.itemIndex };
	if (tracked.task.state === 'failed') {
		return errorItem(tracked.itemIndex, `${providerNamed(tracked.row.provider).label} task ${tracked.task.taskId} failed: ${tracked.task.error ?? 'no reason given'}`, json);
	}
	const url = tracked.task.videoUrls[0];
	if (!settings.downloadVideo || !url) return { json, pairedItem };
	try {
		const binary = await downloadVideo(context, url, {
			maxBytes: Number(settings.maxVideoBytes),
			fileName: `${tracked.task.model}-${tracked.task.taskId}.mp4`,
			trustedBaseUrl: connection.baseUrl,
		});
		return { json, binary: { [String(settings.binaryPropertyName || 'data')]: binary }, pairedItem };
	} catch (error) {
		return errorItem(tracked.itemIndex, `Task ${tracked.task.taskId} finished but its video could not be downloaded: ${(error as Error).message}`, json);
	}
}
