import type { ModelRow, Task } from '../providers/types';
import { callProvider, type CallOptions, type Connection, rememberTasks, type RequestContext } from '../transport';
import { lacksDetails, type TrackedTask, updateTask } from './tracked';

/** Most list pages read in one look before the rest are asked one by one. */
const MAX_LIST_PAGES = 3;

export interface RefreshOptions {
	/**
	 * `now`: a finished task seen in a list without its video URL or reason is read at once.
	 * `deferred`: its state is taken from the list; the caller reads the details when it needs them.
	 */
	details: 'now' | 'deferred';
	callOptions?: Omit<CallOptions, 'policy' | 'itemIndex'>;
	onSettled?: (entry: TrackedTask) => void;
}

/**
 * One look at `entries`: where the provider lists tasks and several are pending, one list request
 * covers them all (a status request each would spend the key's budget N times); tasks the list
 * does not show, and finished ones it shows without details, are read one by one. Used by both
 * wait modes. A failed request leaves its tasks as they were, with the reason in lastPollError.
 */
export async function refreshTasks(
	context: RequestContext,
	connection: Connection,
	entries: TrackedTask[],
	options: RefreshOptions,
): Promise<void> {
	if (entries.length > 1 && canList(connection, entries)) await listAndRead(context, connection, entries, options);
	else await readTasks(context, connection, entries, options);
}

/** Whether one list request can show every entry's state (same list endpoint, a provider that lists). */
export function canList(connection: Connection, entries: TrackedTask[]): boolean {
	const listPath = entries[0]?.row.endpoints.list;
	return Boolean(connection.provider.listing && listPath && entries.every((entry) => entry.row.endpoints.list === listPath));
}

/**
 * One list look at `entries` (see canList); with `details: 'now'` the finished ones it shows
 * without their video URL or reason are then read one by one, as are tasks it does not show.
 */
export async function listAndRead(
	context: RequestContext,
	connection: Connection,
	entries: TrackedTask[],
	options: RefreshOptions,
): Promise<void> {
	const listing = connection.provider.listing;
	const listPath = entries[0]?.row.endpoints.list;
	if (!listing || !listPath) return await readTasks(context, connection, entries, options);
	const toRead: TrackedTask[] = [];
	const byId = new Map(entries.map((entry) => [entry.task.taskId, entry]));
	const unseen = new Set(byId.keys());
	try {
		for (let page = 1; page <= MAX_LIST_PAGES && unseen.size > 0; page++) {
			const body = await callProvider(context, connection, listing.request(listPath, page, listing.pageSizeMax), {
				...options.callOptions,
				policy: 'read',
			});
			const listed = listing.parse(body, entries[0].task.model);
			if (!listed) throw new Error(`${connection.provider.label}: the task list answer holds no list of tasks`);
			rememberTasks(connection, listed.map((task) => task.taskId));
			for (const task of listed) {
				const entry = byId.get(task.taskId);
				if (!entry || !unseen.delete(task.taskId)) continue;
				// A list item with the video URL (or the failure reason) is the whole answer: no read.
				if (options.details === 'now' && lacksDetails(task)) toRead.push(entry);
				else updateTask(entry, task, options.onSettled);
			}
			if (listed.length < listing.pageSizeMax) break;
		}
	} catch (error) {
		for (const entry of entries) entry.lastPollError = (error as Error).message;
		return;
	}
	toRead.push(...[...unseen].map((id) => byId.get(id)!));
	await readTasks(context, connection, toRead, options);
}

/** A status read of each entry. The budget paces them: one after another they would add a round trip each. */
export async function readTasks(
	context: RequestContext,
	connection: Connection,
	entries: TrackedTask[],
	options: RefreshOptions,
): Promise<void> {
	await Promise.all(entries.map(async (entry) => await readOne(context, connection, entry, options)));
}

async function readOne(context: RequestContext, connection: Connection, entry: TrackedTask, options: RefreshOptions): Promise<void> {
	let task: Task;
	try {
		task = await fetchTask(context, connection, entry.row, entry.task.taskId, entry.task.model, {
			...options.callOptions,
			itemIndex: entry.itemIndex,
		});
	} catch (error) {
		const httpCode = Number((error as { httpCode?: string }).httpCode);
		entry.lastPollError = (error as Error).message;
		entry.checkedAt = Date.now();
		// The task is gone or the key stopped working: more polling cannot help.
		if ([401, 403, 404].includes(httpCode)) {
			updateTask(entry, { ...entry.task, state: 'failed', error: entry.lastPollError }, options.onSettled);
		}
		return;
	}
	entry.lastPollError = undefined;
	updateTask(entry, task, options.onSettled);
}

/** Reads the current state of one task once (Get Task, the waits). */
export async function fetchTask(
	context: RequestContext,
	connection: Connection,
	row: ModelRow,
	taskId: string,
	model: string,
	callOptions: Omit<CallOptions, 'policy'>,
): Promise<Task> {
	const url = row.endpoints.status.replace('{taskId}', encodeURIComponent(taskId));
	const body = await callProvider(context, connection, { method: 'GET', url }, { ...callOptions, policy: 'read' });
	const task = connection.provider.parseStatus(body, model, taskId);
	if (!task) throw new Error(`The status answer for task ${taskId} did not describe a task`);
	return task;
}
