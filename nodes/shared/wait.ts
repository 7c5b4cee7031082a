import { sleep } from 'n8n-workflow';

import { apimartStatusRequest, apimartTask } from './providers/apimart';
import {
	FREEPIK_LIST_PAGE_SIZE_MAX,
	freepikListedTasks,
	freepikListRequest,
	freepikStatusRequest,
	freepikTask,
} from './providers/freepik';
import { type Family, isTerminal, type Task } from './providers/types';
import { callProvider, type CallOptions, type Connection, type RequestContext } from './transport';

/** One submitted task of the execution, with what the wait learned about it. */
export interface TrackedTask {
	itemIndex: number;
	family: Family;
	task: Task;
	submittedAt: number;
	/** Set when the provider reported the task finished (our clock). */
	settledAt?: number;
	/** A status request kept failing: the last reason, kept for the timeout error. */
	lastPollError?: string;
}

export interface PollOptions {
	deadline: number;
	minIntervalMs: number;
	maxIntervalMs: number;
	callOptions: Omit<CallOptions, 'policy' | 'itemIndex'>;
	/** Called once per task as soon as it is terminal (downloads start while others still run). */
	onSettled: (tracked: TrackedTask) => void;
}

/** Most list pages read in one round before falling back to per-task status requests. */
const MAX_LIST_PAGES = 3;

export const POLL_INTERVAL = { minMs: 1_000, maxMs: 15_000 };

/**
 * Waits for every task of the execution in one loop. Polls get sparser as tasks age (a Kling
 * render takes minutes), and with several Freepik tasks pending one list request covers them
 * all where a status request per task would spend the key's budget N times.
 */
export async function pollUntilSettled(
	context: RequestContext,
	connection: Connection,
	tracked: TrackedTask[],
	options: PollOptions,
): Promise<void> {
	for (const entry of tracked) settleIfTerminal(entry, options);
	for (let round = 0; round < 100_000; round++) {
		const pending = tracked.filter((entry) => !isTerminal(entry.task.state));
		if (pending.length === 0) return;
		const now = Date.now();
		if (now >= options.deadline) return;
		await sleep(Math.min(nextInterval(pending, now, options), Math.max(0, options.deadline - now)));
		await pollRound(context, connection, pending, options);
	}
}

/** One look at every pending task: a list request where it covers several, else status requests. */
export async function pollRound(
	context: RequestContext,
	connection: Connection,
	tracked: TrackedTask[],
	options: Pick<PollOptions, 'callOptions' | 'onSettled'>,
): Promise<void> {
	const pending = tracked.filter((entry) => !isTerminal(entry.task.state));
	if (connection.provider === 'freepik' && pending.length > 1) {
		await pollFreepikByList(context, connection, pending, options);
	} else {
		await Promise.all(pending.map(async (entry) => await pollOne(context, connection, entry, options)));
	}
}

function nextInterval(pending: TrackedTask[], now: number, options: PollOptions): number {
	const oldest = Math.min(...pending.map((entry) => entry.submittedAt));
	return Math.round(Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, (now - oldest) / 10)));
}

async function pollFreepikByList(
	context: RequestContext,
	connection: Connection,
	pending: TrackedTask[],
	options: Pick<PollOptions, 'callOptions' | 'onSettled'>,
): Promise<void> {
	const byId = new Map(pending.map((entry) => [entry.task.taskId, entry]));
	const unseen = new Set(byId.keys());
	const details: TrackedTask[] = [];
	const family = pending[0].family;
	const model = pending[0].task.model;
	try {
		for (let page = 1; page <= MAX_LIST_PAGES && unseen.size > 0; page++) {
			const body = await callProvider(context, connection, freepikListRequest(family, page, FREEPIK_LIST_PAGE_SIZE_MAX), {
				...options.callOptions,
				policy: 'read',
			});
			const listed = freepikListedTasks(body, model);
			for (const task of listed) {
				const entry = byId.get(task.taskId);
				if (!entry) continue;
				unseen.delete(task.taskId);
				if (lacksDetails(task)) {
					// List items carry only id and status (documented minimum): the status request
					// has the video URLs or the failure reason.
					details.push(entry);
				} else {
					update(entry, { ...task, model: entry.task.model }, options);
				}
			}
			if (listed.length < FREEPIK_LIST_PAGE_SIZE_MAX) break;
		}
	} catch (error) {
		for (const entry of pending) entry.lastPollError = (error as Error).message;
		return;
	}
	// The budget paces them: one after another they would add a round trip each.
	await Promise.all(
		[...details, ...[...unseen].map((id) => byId.get(id)!)].map(async (entry) => await pollOne(context, connection, entry, options)),
	);
}

async function pollOne(
	context: RequestContext,
	connection: Connection,
	entry: TrackedTask,
	options: Pick<PollOptions, 'callOptions' | 'onSettled'>,
): Promise<void> {
	const request =
		connection.provider === 'freepik'
			? freepikStatusRequest(entry.family, entry.task.taskId)
			: apimartStatusRequest(entry.task.taskId);
	let body: unknown;
	try {
		body = await callProvider(context, connection, request, {
			...options.callOptions,
			policy: 'read',
			itemIndex: entry.itemIndex,
		});
	} catch (error) {
		const httpCode = Number((error as { httpCode?: string }).httpCode);
		entry.lastPollError = (error as Error).message;
		// The task is gone or the key stopped working: more polling cannot help.
		if ([401, 403, 404].includes(httpCode)) {
			update(entry, { ...entry.task, state: 'failed', error: entry.lastPollError }, options);
		}
		return;
	}
	const task =
		connection.provider === 'freepik'
			? freepikTask(body, entry.task.model)
			: apimartTask(body, entry.task.model, entry.task.taskId);
	if (!task) {
		entry.lastPollError = 'The status answer did not describe the task';
		return;
	}
	entry.lastPollError = undefined;
	update(entry, { ...task, taskId: entry.task.taskId }, options);
}

/** A finished task known only from a list item: no video URLs, or no failure reason. */
export function lacksDetails(task: Task): boolean {
	return (task.state === 'succeeded' && task.videoUrls.length === 0) || (task.state === 'failed' && !task.error);
}

function update(entry: TrackedTask, task: Task, options: Pick<PollOptions, 'onSettled'>): void {
	if (isTerminal(entry.task.state)) return;
	entry.task = task;
	settleIfTerminal(entry, options);
}

function settleIfTerminal(entry: TrackedTask, options: Pick<PollOptions, 'onSettled'>): void {
	if (!isTerminal(entry.task.state) || entry.settledAt !== undefined) return;
	entry.settledAt = Date.now();
	options.onSettled(entry);
}

/** Fetches the current state of one task once (Get Task, and the webhook resume). */
export async function fetchTask(
	context: RequestContext,
	connection: Connection,
	family: Family,
	taskId: string,
	model: string,
	callOptions: Omit<CallOptions, 'policy'>,
): Promise<Task> {
	const request =
		connection.provider === 'freepik' ? freepikStatusRequest(family, taskId) : apimartStatusRequest(taskId);
	const body = await callProvider(context, connection, request, { ...callOptions, policy: 'read' });
	const task =
		connection.provider === 'freepik' ? freepikTask(body, model) : apimartTask(body, model, taskId);
	if (!task) throw new Error(`The status answer for task ${taskId} did not describe a task`);
	return task;
}
