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
import { type Connection, openConnection, type RequestContext } from '../transport';
import { canList, fetchTask, listAndRead, readTasks, refreshTasks } from './refresh';
import { recordRenderTime, shortestRecentRenderOf } from './renderTimes';
import { lacksDetails, type TrackedTask } from './tracked';

/**
 * The look before parking: a task that finished while the execution still ran had its callback
 * refused by n8n ("running"), so it would wait for another callback's check, or Max Wait. Never
 * when the budget would make it wait (parking must not), nor when every task is younger than the
 * shortest render this process saw recently for its model (none can be done). One list when the
 * provider lists (a status read each for the finished ones), so one request whatever the batch.
 */
export async function lookBeforeParking(
	context: RequestContext,
	connection: Connection,
	tracked: TrackedTask[],
	onSettled: (entry: TrackedTask) => void,
): Promise<void> {
	const pending = tracked.filter((entry) => !isTerminal(entry.task.state));
	if (pending.length === 0 || connection.budget.available() <= pending.length) return;
	const shortestRender = shortestRecentRenderOf(connection.baseUrl, pending.map((entry) => entry.row.key));
	const now = Date.now();
	if (shortestRender !== undefined && pending.every((entry) => now - entry.submittedAt < shortestRender)) return;
	const refresh = { details: 'now' as const, onSettled };
	if (canList(connection, pending)) await listAndRead(context, connection, pending, refresh);
	else await readTasks(context, connection, pending, refresh);
}

/**
 * Wait for Webhook: every task of the batch was created with this execution's resume URL as
 * its callback URL. The execution is parked (no worker held) with one ledger item per input
 * item: task id, model row, model, submit time. Callbacks that leave tasks unfinished are
 * acknowledged and the execution stays parked; the callback that finds the whole batch
 * finished resumes it with every item's result.
 */
export async function parkForWebhook(
	context: IExecuteFunctions,
	connection: Pick<Connection, 'baseUrl'>,
	runs: ItemRun[],
	settings: GenerateSettings,
): Promise<INodeExecutionData[][]> {
	const failed = runs.find((run) => run.error);
	if (failed?.error && !context.continueOnFail() && !runs.some((run) => run.tracked)) throw failed.error;
	const parkedAt = Date.now();
	const ledger = runs.map((run) => ledgerItem(run, settings, likelyDoneWhenParked(connection.baseUrl, run, parkedAt)));
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

/**
 * Older, when the execution parks, than the shortest render this process saw recently for its
 * model: it may have finished while the execution still ran (a batch above the key's window
 * parks after its last create, with no budget left for the look before parking), and then n8n
 * refused its callback. Written into the ledger so that every webhook process reads it alike.
 */
function likelyDoneWhenParked(baseUrl: string, run: ItemRun, parkedAt: number): boolean {
	if (!run.tracked || isTerminal(run.tracked.task.state)) return false;
	const shortestRender = shortestRecentRenderOf(baseUrl, [run.tracked.row.key]);
	return shortestRender !== undefined && parkedAt - run.tracked.submittedAt >= shortestRender;
}

function ledgerItem(run: ItemRun, settings: GenerateSettings, likelyDone: boolean): INodeExecutionData {
	if (!run.tracked) return errorItem(run.itemIndex, run.error?.message ?? 'Not submitted');
	return {
		json: {
			...taskJson(run.tracked),
			modelRow: run.tracked.row.key,
			submittedAt: run.tracked.submittedAt,
			parked: true,
			...(likelyDone ? { likelyDoneWhenParked: true } : {}),
			downloadVideo: settings.downloadVideo,
			binaryPropertyName: settings.binaryPropertyName,
			maxVideoBytes: settings.maxVideoBytes,
		},
		pairedItem: { item: run.itemIndex },
	};
}

export interface LedgerEntry {
	item: INodeExecutionData;
	tracked?: TrackedTask;
	/** See likelyDoneWhenParked: its callback may never reach the parked execution. */
	likelyDoneWhenParked?: boolean;
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
			likelyDoneWhenParked: json.likelyDoneWhenParked === true,
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
	/** Tasks whose terminal callback reached this process (not those learned from a list). */
	heard: Set<string>;
	/** The longest submit -> final callback among them: older tasks not heard from are surely done. */
	slowestHeardMs?: number;
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
		progress = { finished: new Map(), heard: new Set(), lastHeardAt: now, checking: false, resumed: false, expiresAt: now + PROGRESS_TTL_MS };
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
	const awaited = awaitedInRankOrder(ledger);
	const hint = provider.callbacks?.parse(check.payload, tracked[0]?.task.model ?? 'kling');
	const target = tracked.find((entry) => entry.task.taskId === hint?.taskId);
	if (!hint || !target) return { webhookResponse: { received: true } };
	// Without a secret anyone who knows the resume URL can post to it: ask the provider instead.
	const callback = check.signed ? hint : await confirmedOrNothing(this, connection, target, hint);
	if (!callback || !isTerminal(callback.state)) return { webhookResponse: { received: true } };

	const progress = progressOf(this.getExecutionId());
	if (!progress.finished.has(callback.taskId)) {
		const renderMs = Date.now() - target.submittedAt;
		progress.slowestHeardMs = Math.max(progress.slowestHeardMs ?? 0, renderMs);
		if (callback.state === 'succeeded') recordRenderTime(connection.baseUrl, target.row.key, renderMs);
	}
	progress.finished.set(callback.taskId, { ...callback, model: target.task.model });
	progress.heard.add(callback.taskId);
	progress.lastHeardAt = Date.now();
	applyProgress(progress, tracked);
	if (progress.resumed) return { webhookResponse: { received: true } };
	if (tracked.every((entry) => isTerminal(entry.task.state))) return await resume(this, connection, progress, ledger, tracked, awaited);

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
			// Their callbacks came while the execution still ran (n8n refused them) or went to
			// another process. Older than every render heard of: surely done, and a list would
			// only add a request to the status read each needs for its video URL.
			const now = Date.now();
			const surelyDone = progress.slowestHeardMs !== undefined && pending.every((entry) => now - entry.submittedAt > progress.slowestHeardMs!);
			if (surelyDone) await readTasks(this, connection, pending, { details: 'now' });
			else await refreshTasks(this, connection, pending, { details: 'deferred' });
			for (const entry of pending) if (isTerminal(entry.task.state)) progress.finished.set(entry.task.taskId, entry.task);
			applyProgress(progress, tracked);
		}
		if (progress.resumed || tracked.some((entry) => !isTerminal(entry.task.state))) return { noWebhookResponse: true };
		return await resume(this, connection, progress, ledger, tracked, awaited, true);
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

/**
 * Several webhook processes (n8n's queue mode) can each find the batch finished, each from its
 * own callbacks and one list. n8n 2.x lets one resumer through (the execution's status moves from
 * waiting to running in one conditional update); n8n 1.x checks the status when the request
 * arrives and sets it after the webhook returns, so two processes that both return the results
 * would both resume. No node can take a lock in n8n's database, so resumers are kept apart in
 * time, and each re-reads the execution from n8n's database just before it returns:
 * - rank: the position, among the tasks the batch parked for (awaitedInRankOrder: read from the
 *   ledger, the same in every process), of the first task whose final callback reached this
 *   process. Callbacks of different tasks reach different processes, so processes have
 *   different ranks; one process alone hears them all and has rank 0.
 * - rank 0 resumes at once; rank k first waits k steps and looks (resumed meanwhile: no
 *   downloads), then downloads, waits k times its own download time (at least 5 s), and
 *   looks again, so its final look comes after the first resumer's results are saved.
 * - the final look: still parked on this node (the execution's own data in Postgres: waitTill
 *   set, this node on top of the stack)? Otherwise someone resumed it: answer, do not resume.
 */
export const RESUME_STAGGER = { stepMs: 2_000, maxRank: 8, maxDownloadMs: 30_000, finalLookMinMs: 5_000 };

export function resumeRank(awaited: string[], heard: ReadonlySet<string>): number {
	const position = awaited.findIndex((taskId) => heard.has(taskId));
	return position < 0 ? 0 : Math.min(position, RESUME_STAGGER.maxRank);
}

/**
 * The tasks the batch parked for, in the order ranks are counted: those whose final callback can
 * reach the parked execution first, then those likely done before it parked (their callbacks
 * were refused: ranking on them would give every process a late rank; measured: a single process
 * waited 8 steps, 16 s, before resuming 51 videos). Ledger order within each: read from the
 * ledger alone, the order is the same in every webhook process, so processes that heard
 * different tasks have different ranks.
 */
export function awaitedInRankOrder(ledger: ReadonlyArray<Pick<LedgerEntry, 'tracked' | 'likelyDoneWhenParked'>>): string[] {
	const pending = ledger.filter((entry) => entry.tracked && !isTerminal(entry.tracked.task.state));
	const reachable = pending.filter((entry) => !entry.likelyDoneWhenParked);
	const likelyDone = pending.filter((entry) => entry.likelyDoneWhenParked);
	return [...reachable, ...likelyDone].map((entry) => entry.tracked!.task.taskId);
}

/** The execution as n8n keeps it, parked on this node: resume it; anything else: it was resumed. */
export function stillParkedOn(data: IRunExecutionData | undefined | null, nodeName: string, firstTaskId?: string): boolean {
	if (!data) return true; // unknown (no database behind this context): n8n's own check decides
	if (!data.waitTill) return false;
	if (data.resultData?.lastNodeExecuted !== nodeName) return false;
	const top = data.executionData?.nodeExecutionStack?.[0];
	if (top?.node?.name !== nodeName) return false;
	if (firstTaskId === undefined) return true;
	const items = top.data?.main?.[0] ?? [];
	return items.some((item) => item?.json?.taskId === firstTaskId);
}

type ExecutionReader = (executionId: string) => Promise<IRunExecutionData | undefined>;

/** n8n's own reader of an execution from its database (additional data of every webhook call). */
function executionReader(context: IWebhookFunctions): ExecutionReader | undefined {
	const additionalData = (context as unknown as { additionalData?: { getRunExecutionData?: ExecutionReader } }).additionalData;
	const reader = additionalData?.getRunExecutionData;
	return typeof reader === 'function' ? reader.bind(additionalData) : undefined;
}

async function stillParked(context: IWebhookFunctions, firstTaskId: string | undefined): Promise<boolean> {
	const read = executionReader(context);
	if (!read) return true;
	try {
		return stillParkedOn(await read(context.getExecutionId()), context.getNode().name, firstTaskId);
	} catch {
		// The database could not say: n8n's own check, when it starts the execution, decides.
		return true;
	}
}

/** Every task is finished: fetch what callbacks and lists did not say, download, resume (once). */
async function resume(
	context: IWebhookFunctions,
	connection: Connection,
	progress: BatchProgress,
	ledger: LedgerEntry[],
	tracked: TrackedTask[],
	awaited: string[],
	answered = false,
): Promise<IWebhookResponseData> {
	if (progress.resumed) {
		if (!answered) context.getResponseObject().status(200).json({ received: true });
		return { noWebhookResponse: true };
	}
	progress.resumed = true;
	if (!answered) context.getResponseObject().status(200).json({ received: true });
	const executionId = context.getExecutionId();
	const rank = resumeRank(awaited, progress.heard);
	const firstTaskId = tracked[0]?.task.taskId;
	const stand = (stage: string): IWebhookResponseData => {
		context.logger.info(`Kling Wait for Webhook: execution ${executionId} was resumed by another process (${stage} check, rank ${rank}, at ${Date.now()}); not resuming`);
		PROGRESS.delete(executionId);
		return { noWebhookResponse: true };
	};
	try {
		// A later rank lets the first resumer go ahead, then looks before downloading for nothing.
		if (rank > 0) await sleep(rank * RESUME_STAGGER.stepMs);
		if (!(await stillParked(context, firstTaskId))) return stand('first');
		const downloadStart = Date.now();
		await Promise.all(
			tracked.map(async (entry) => {
				if (lacksDetails(entry.task)) {
					entry.task = await fetchTask(context, connection, entry.row, entry.task.taskId, entry.task.model, {});
				}
				entry.settledAt ??= Date.now();
			}),
		);
		const output = await Promise.all(ledger.map(async (entry) => await resultItem(context, connection, entry)));
		// The first resumer downloaded as much: its results are saved before this final look. At
		// least 5 s: n8n 1.x writes the resumed execution only after the webhook returns, and on a
		// loaded machine that write outlasted the sandbox's quick downloads.
		if (rank > 0) {
			const downloadMs = Math.min(Date.now() - downloadStart, RESUME_STAGGER.maxDownloadMs);
			await sleep(Math.max(rank * downloadMs, RESUME_STAGGER.finalLookMinMs));
		}
		if (!(await stillParked(context, firstTaskId))) return stand('final');
		context.logger.info(`Kling Wait for Webhook: resuming execution ${executionId} (rank ${rank}, final check at ${Date.now()})`);
		PROGRESS.delete(executionId);
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
