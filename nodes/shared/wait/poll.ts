import { sleep } from 'n8n-workflow';

import { isTerminal } from '../providers/types';
import type { CallOptions, Connection, RequestContext } from '../transport';
import { canList, listAndRead, readTasks } from './refresh';
import { polledRenderTime, recordRenderTime, shortestRecentRenderOf } from './renderTimes';
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
 * No look before a task is this old: no video model renders faster (an object: benchmarks scale
 * it). Later still when earlier executions saw this row's renders take longer (renderTimes.ts).
 */
export const POLL_PLAN = { firstLookMs: 5_000 };

/** Between two looks, a tenth of the oldest pending task's age (within the min and max interval). */
const INTERVAL_PER_AGE = 0.1;

/**
 * A task is taken for finished once it is as old as another one of the batch was when it was
 * seen finished (renders of one batch take about as long). Less would read the tasks created a
 * moment after it before they are done: measured, 46 of 49 such reads wasted with 180 s renders.
 */
const DUE_SHARE = 1;

/**
 * What the batch has shown so far: how old a task was when it was found finished (a bound on
 * the render time), and when the batch was last looked at.
 */
export interface PollState {
	/** Smallest age at which a task of this batch was found succeeded. */
	doneAgeMs?: number;
	lastLookAt?: number;
	/** The oldest pending task's age at that look. */
	lastLookAge?: number;
	/** The shortest recent render of the batch's rows, from earlier executions (renderTimes.ts). */
	recentRenderMs?: number;
}

/** The key's budget as the plan sees it: requests allowed per window. */
export interface BudgetShape {
	limit: number;
	windowMs: number;
}

export type PollPlan = { kind: 'list'; entries: TrackedTask[] } | { kind: 'read'; entries: TrackedTask[] } | { kind: 'none' };

/**
 * Waits for every task of the execution in one loop, planning each look against the key's
 * request budget. Every task costs one status read for its video URL (Freepik's list has no
 * URLs), so a look is planned so as not to take the budget those reads need:
 * - tasks that are due (as old as a task already found finished, or past the time the
 *   provider's progress points to) are read directly: that read is the one they need;
 * - otherwise one look: a list when it fits beside a read for every pending task within the
 *   budget left, else a status read of the oldest task (if it finished, that read was needed).
 * Looks get sparser as tasks age (a tenth of the age, min/max interval), and none is made while
 * the budget is spent: the plan waits for room instead of queueing stale looks.
 */
export async function pollUntilSettled(
	context: RequestContext,
	connection: Connection,
	tracked: TrackedTask[],
	options: PollOptions,
): Promise<void> {
	for (const entry of tracked) settleIfTerminal(entry, options.onSettled);
	const state: PollState = { recentRenderMs: shortestRecentRenderOf(connection.baseUrl, tracked.map((entry) => entry.row.key)) };
	const learn = (entry: TrackedTask): void => {
		if (entry.task.state === 'succeeded' && entry.settledAt !== undefined) {
			const age = entry.settledAt - entry.submittedAt;
			state.doneAgeMs = state.doneAgeMs === undefined ? age : Math.min(state.doneAgeMs, age);
			const renderMs = polledRenderTime(entry);
			if (renderMs !== undefined) recordRenderTime(connection.baseUrl, entry.row.key, renderMs);
		}
		options.onSettled(entry);
	};
	let idle = false;
	for (let round = 0; round < 100_000; round++) {
		const pending = tracked.filter((entry) => !isTerminal(entry.task.state));
		if (pending.length === 0) return;
		const now = Date.now();
		if (now >= options.deadline) return;
		// After a round with nothing to do, never spin: at least a short pause.
		const shape = { limit: connection.budget.currentLimit, windowMs: connection.budget.windowMs };
		const wakeAt = Math.max(nextLookAt(pending, now, state, options, shape, connection.budget.msUntilAvailable(now)), idle ? now + 100 : now);
		if (wakeAt >= options.deadline) {
			// The wait ends before the next planned look: one last look at the deadline, so the
			// outcome (and the error of a task still running) is the provider's latest word.
			await sleep(Math.max(0, options.deadline - now));
			await finalLook(context, connection, pending, options, learn);
			return;
		}
		if (wakeAt > now) await sleep(wakeAt - now);
		const plan = planLook(pending, Date.now(), state, options, shape, connection.budget.available(), canList(connection, pending));
		idle = plan.kind === 'none';
		if (plan.kind === 'none') continue;
		state.lastLookAt = Date.now();
		state.lastLookAge = state.lastLookAt - oldestSubmit(pending);
		const refresh = { details: 'now' as const, callOptions: options.callOptions, onSettled: learn };
		if (plan.kind === 'list') await listAndRead(context, connection, plan.entries, refresh);
		else await readTasks(context, connection, plan.entries, refresh);
	}
}

/** At the deadline: every pending task looked at once, as far as the budget has room now. */
async function finalLook(
	context: RequestContext,
	connection: Connection,
	pending: TrackedTask[],
	options: PollOptions,
	onSettled: (entry: TrackedTask) => void,
): Promise<void> {
	const available = connection.budget.available();
	if (available <= 0) return;
	const refresh = { details: 'now' as const, callOptions: options.callOptions, onSettled };
	if (pending.length > 1 && canList(connection, pending)) await listAndRead(context, connection, pending, refresh);
	else await readTasks(context, connection, pending.slice(0, available), refresh);
}

function oldestSubmit(entries: TrackedTask[]): number {
	return Math.min(...entries.map((entry) => entry.submittedAt));
}

function lookInterval(ageMs: number, options: Pick<PollOptions, 'minIntervalMs' | 'maxIntervalMs'>): number {
	return Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, ageMs * INTERVAL_PER_AGE));
}

/**
 * When the entry is expected to be finished: the age at which another task was found finished,
 * or what the provider's progress says (APIMart: at p% after a s, about a x 100 / p).
 */
function dueAt(entry: TrackedTask, state: PollState): number | undefined {
	const byBatch = state.doneAgeMs === undefined ? undefined : entry.submittedAt + state.doneAgeMs * DUE_SHARE;
	const progress = entry.task.progress;
	const byProgress =
		progress !== undefined && progress > 0 && progress < 100 && entry.checkedAt !== undefined
			? entry.submittedAt + ((entry.checkedAt - entry.submittedAt) * 100) / progress
			: undefined;
	if (byBatch === undefined) return byProgress;
	if (byProgress === undefined) return byBatch;
	return Math.min(byBatch, byProgress);
}

/** Due, and not looked at too recently (a due task found unfinished waits its interval). */
function isDue(entry: TrackedTask, now: number, state: PollState, options: Pick<PollOptions, 'minIntervalMs' | 'maxIntervalMs'>): boolean {
	const due = dueAt(entry, state);
	if (due === undefined || now < due) return false;
	return entry.checkedAt === undefined || now - entry.checkedAt >= lookInterval(entry.checkedAt - entry.submittedAt, options);
}

export function planLook(
	pending: TrackedTask[],
	now: number,
	state: PollState,
	options: Pick<PollOptions, 'minIntervalMs' | 'maxIntervalMs'>,
	shape: BudgetShape,
	available: number,
	listable: boolean,
): PollPlan {
	if (available <= 0) return { kind: 'none' };
	const byAge = [...pending].sort((first, second) => first.submittedAt - second.submittedAt);
	const due = byAge.filter((entry) => isDue(entry, now, state, options));
	if (due.length > 0) return { kind: 'read', entries: due.slice(0, available) };
	if (now < nextProbeAt(byAge, state, options, shape)) return { kind: 'none' };
	// A list takes one request from the window that the finished tasks' reads will need:
	// only when one is left for each of them, else the oldest task's status read looks instead.
	if (listable && pending.length > 1 && available >= pending.length + 1) return { kind: 'list', entries: pending };
	return { kind: 'read', entries: [byAge.find((entry) => !isTerminal(entry.task.state)) ?? byAge[0]] };
}

/**
 * A look that finds nothing finished still takes a request of the window in which the finished
 * tasks' reads will go: while the pending tasks need most of a window's requests, every such
 * look delays one of those reads by up to a window. So looks are spread to fit the window's
 * spare requests: at least W / (L - pending) apart, one per window once the pending tasks need
 * it all (within the key's budget this beats any Max Poll Interval).
 */
function spareSpacing(pending: number, shape: BudgetShape): number {
	return Math.min(shape.windowMs, shape.windowMs / Math.max(1, shape.limit - pending));
}

function nextProbeAt(
	byAge: TrackedTask[],
	state: PollState,
	options: Pick<PollOptions, 'minIntervalMs' | 'maxIntervalMs'>,
	shape: BudgetShape,
): number {
	const oldest = byAge[0].submittedAt;
	// No first look before the shortest recent render of these rows: it would find nothing.
	const first = oldest + Math.max(POLL_PLAN.firstLookMs, options.minIntervalMs, state.recentRenderMs ?? 0);
	if (state.lastLookAt === undefined || state.lastLookAge === undefined) return first;
	return Math.max(first, state.lastLookAt + Math.max(lookInterval(state.lastLookAge, options), spareSpacing(byAge.length, shape)));
}

/** The next moment a look is worth making: a task becomes due, or the next probe, once the budget has room. */
function nextLookAt(
	pending: TrackedTask[],
	now: number,
	state: PollState,
	options: Pick<PollOptions, 'minIntervalMs' | 'maxIntervalMs'>,
	shape: BudgetShape,
	budgetWaitMs: number,
): number {
	const byAge = [...pending].sort((first, second) => first.submittedAt - second.submittedAt);
	let at = nextProbeAt(byAge, state, options, shape);
	for (const entry of byAge) {
		const due = dueAt(entry, state);
		if (due === undefined) continue;
		const recheck = entry.checkedAt === undefined ? due : Math.max(due, entry.checkedAt + lookInterval(entry.checkedAt - entry.submittedAt, options));
		at = Math.min(at, recheck);
	}
	return Math.max(at, now + budgetWaitMs);
}
