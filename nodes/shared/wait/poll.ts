import { sleep } from 'n8n-workflow';

import { isTerminal } from '../providers/types';
import type { CallOptions, Connection, RequestContext } from '../transport';
import { refreshTasks } from './refresh';
import { settleIfTerminal, type TrackedTask } from './tracked';

export interface PollOptions {
	deadline: number;
	minIntervalMs: number;
	maxIntervalMs: number;
	callOptions: Omit<CallOptions, 'policy' | 'itemIndex'>;
	/** Called once per task as soon as it is terminal (downloads start while others still run). */
	onSettled: (tracked: TrackedTask) => void;
}

/**
 * Waits for every task of the execution in one loop. Polls get sparser as tasks age (a Kling
 * render takes minutes); each round is one look at all pending tasks (see refreshTasks).
 */
export async function pollUntilSettled(
	context: RequestContext,
	connection: Connection,
	tracked: TrackedTask[],
	options: PollOptions,
): Promise<void> {
	for (const entry of tracked) settleIfTerminal(entry, options.onSettled);
	for (let round = 0; round < 100_000; round++) {
		const pending = tracked.filter((entry) => !isTerminal(entry.task.state));
		if (pending.length === 0) return;
		const now = Date.now();
		if (now >= options.deadline) return;
		await sleep(Math.min(nextInterval(pending, now, options), Math.max(0, options.deadline - now)));
		await pollRound(context, connection, pending, options);
	}
}

/** One look at every pending task, with the details of those that finished. */
export async function pollRound(
	context: RequestContext,
	connection: Connection,
	tracked: TrackedTask[],
	options: Pick<PollOptions, 'callOptions' | 'onSettled'>,
): Promise<void> {
	const pending = tracked.filter((entry) => !isTerminal(entry.task.state));
	if (pending.length === 0) return;
	await refreshTasks(context, connection, pending, { details: 'now', ...options });
}

function nextInterval(pending: TrackedTask[], now: number, options: PollOptions): number {
	const oldest = Math.min(...pending.map((entry) => entry.submittedAt));
	return Math.round(Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, (now - oldest) / 10)));
}
