import type { ModelRow, Task } from '../providers/types';
import { isTerminal } from '../providers/types';

/** One submitted task of the execution, with what the wait learned about it. */
export interface TrackedTask {
	itemIndex: number;
	/** The model row it was created with: where its status is read. */
	row: ModelRow;
	task: Task;
	submittedAt: number;
	/** Set when the provider reported the task finished (our clock). */
	settledAt?: number;
	/** A status request kept failing: the last reason, kept for the timeout error. */
	lastPollError?: string;
	/** When a look (status read or list) last found it unfinished (our clock). */
	checkedAt?: number;
}

/** A finished task known only from a list item: no video URLs, or no failure reason. */
export function lacksDetails(task: Task): boolean {
	return (task.state === 'succeeded' && task.videoUrls.length === 0) || (task.state === 'failed' && !task.error);
}

/** Takes a newer word about the task unless it already finished (a finished task never changes). */
export function updateTask(entry: TrackedTask, task: Task, onSettled?: (entry: TrackedTask) => void): void {
	if (isTerminal(entry.task.state) && !lacksDetails(entry.task)) return;
	entry.task = { ...task, taskId: entry.task.taskId, model: entry.task.model };
	if (!isTerminal(task.state)) entry.checkedAt = Date.now();
	settleIfTerminal(entry, onSettled);
}

export function settleIfTerminal(entry: TrackedTask, onSettled?: (entry: TrackedTask) => void): void {
	if (!isTerminal(entry.task.state) || entry.settledAt !== undefined) return;
	entry.settledAt = Date.now();
	onSettled?.(entry);
}
