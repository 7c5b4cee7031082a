import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ModelRow, Task } from './providers/types';
import { callProvider, type Connection, knownTasksOf, rememberTasks, unknownCreateOutcome } from './transport';
import { fetchTask } from './wait/refresh';
import { lacksDetails } from './wait/tracked';

const MAX_NAMED_CANDIDATES = 20;

/**
 * Creates of one execution and key, with recoveries in between: while a create's outcome is
 * being worked out, no other create is sent and none is in flight, so a task that appears in
 * the provider's list can only be that one.
 */
export class CreateGate {
	private inFlight = 0;

	private recovering: Promise<unknown> = Promise.resolve();

	private readonly idle: Array<() => void> = [];

	async send<T>(create: () => Promise<T>): Promise<T> {
		await this.recovering;
		this.inFlight++;
		try {
			return await create();
		} finally {
			this.inFlight--;
			if (this.inFlight === 0) for (const wake of this.idle.splice(0)) wake();
		}
	}

	async recover<T>(work: () => Promise<T>): Promise<T> {
		const turn = this.recovering.then(async () => {
			if (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
			return await work();
		});
		this.recovering = turn.catch(() => undefined);
		return await turn;
	}
}

/**
 * A create failed with an unknown outcome (connection cut, a damaged or empty 200): find the
 * task it may have made instead of telling the user to look. The answer's text may still name
 * it; else, where the provider lists tasks, the newest tasks that appeared since the create was
 * sent, and that no one here knows, are the candidates. One: it is the item's task. Several or
 * none: the error says so, with every candidate id. Never sent again.
 */
export async function recoverCreate(
	context: IExecuteFunctions,
	connection: Connection,
	row: ModelRow,
	failure: NodeApiError,
	sent: { at: number; mark: number; prompt?: string; itemIndex: number },
): Promise<Task> {
	const { provider } = connection;
	const outcome = unknownCreateOutcome(failure);
	if (!outcome) throw failure;
	const salvaged = outcome.answerText ? provider.salvageTaskId(outcome.answerText) : undefined;
	if (salvaged) return { provider: provider.name, model: row.model, taskId: salvaged, status: 'CREATED', state: 'pending', videoUrls: [] };

	const sentAt = new Date(sent.at).toISOString();
	const what = `sent ${sentAt}, model ${row.model}${sent.prompt ? `, prompt "${sent.prompt.slice(0, 60)}${sent.prompt.length > 60 ? '…' : ''}"` : ''}`;
	const listing = provider.listing;
	if (!listing || !row.endpoints.list) {
		failure.description = [
			failure.description,
			`${provider.label} has no task list to look the task up in (${what}): check its dashboard before running this item again.`,
		].join('\n');
		throw failure;
	}
	const body = await callProvider(context, connection, listing.request(row.endpoints.list, 1, listing.pageSizeMax), {
		policy: 'read',
		itemIndex: sent.itemIndex,
	});
	const listed = listing.parse(body, row.model) ?? [];
	const known = knownTasksOf(connection);
	const candidates: Task[] = [];
	for (const task of listed) {
		const knownAt = known.get(task.taskId);
		if (knownAt !== undefined && knownAt <= sent.mark) break;
		if (knownAt === undefined) candidates.push(task);
	}
	// Without a task known from before the create (the first execution on this key since n8n
	// started), every task this process does not know is a candidate.
	const found = candidates;
	rememberTasks(connection, listed.map((task) => task.taskId));
	if (found.length === 1) {
		const task = { ...found[0], model: row.model };
		// A list item has no video URL or failure reason: a finished task is read in full.
		return lacksDetails(task) ? await fetchTask(context, connection, row, task.taskId, row.model, { itemIndex: sent.itemIndex }) : task;
	}
	const message =
		found.length === 0
			? `${provider.label}: the create request's answer was lost, and no new task is in ${provider.label}'s task list: it was probably not created`
			: `${provider.label}: the create request's answer was lost; ${found.length} tasks in ${provider.label}'s task list could be this item's: ${found
					.slice(0, MAX_NAMED_CANDIDATES)
					.map((task) => task.taskId)
					.join(', ')}${found.length > MAX_NAMED_CANDIDATES ? ', …' : ''}`;
	throw new NodeOperationError(context.getNode(), message, {
		itemIndex: sent.itemIndex,
		description: `${failure.message} (${what}). The request was not sent again, to avoid paying twice.${
			found.length > 1 ? ' Fetch each candidate with Get Task to see which one it is.' : ''
		}`,
	});
}
