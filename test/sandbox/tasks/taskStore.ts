import { randomBytes, randomUUID } from 'node:crypto';
import { scaled, type ResolvedSandboxOptions } from '../options';
import { findMagicPrompts, promptTexts, type MagicPrompt } from './magicPrompts';

export type TaskProvider = 'freepik' | 'apimart';
export type TaskFamily =
	| 'omni'
	| 'omniReference'
	| 'v3'
	| 'turboText'
	| 'turboImage'
	| 'motionControl'
	| 'kling-v3-omni'
	| 'kling-v3'
	| 'kling-3.0-turbo'
	| 'kling-v3-motion-control';
export type TaskPhase = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

const PROVIDER_STATUS: Record<TaskProvider, Record<TaskPhase, string>> = {
	freepik: { queued: 'CREATED', running: 'IN_PROGRESS', succeeded: 'COMPLETED', failed: 'FAILED', cancelled: 'FAILED' },
	apimart: { queued: 'pending', running: 'processing', succeeded: 'completed', failed: 'failed', cancelled: 'cancelled' },
};

export const POLICY_VIOLATION_ERROR = 'Content policy violation (sandbox)';
export const CANCELLED_ERROR = 'Task was cancelled (sandbox)';
const SLOW_RUNNING_FACTOR = 10;

export interface SandboxTask {
	readonly id: string;
	readonly provider: TaskProvider;
	readonly family: TaskFamily;
	/** Freepik: 'std' | 'pro' (Turbo: '720p' | '1080p') from the create path; APIMart: the body's mode or resolution. */
	readonly tier?: string;
	readonly apiKey: string;
	readonly request: unknown;
	readonly magic: ReadonlySet<MagicPrompt>;
	readonly webhookUrl?: string;
	/** Creation order, to sort tasks created in the same millisecond. */
	readonly sequence: number;
	readonly createdAt: number;
	startedAt?: number;
	finishedAt?: number;
	phase: TaskPhase;
	/** The phase in the provider's own words (CREATED, IN_PROGRESS, ... / pending, processing, ...). */
	status: string;
	videoUrls: string[];
	error?: string;
	hasNsfw: boolean;
	/** What the running phase is planned to last, in ms (for APIMart's progress). */
	plannedRunningMs?: number;
}

export interface NewTask {
	provider: TaskProvider;
	family: TaskFamily;
	tier?: string;
	apiKey: string;
	request: unknown;
	webhookUrl?: string;
}

export type TaskChangeListener = (task: SandboxTask) => void;

export class TaskStore {
	private readonly tasks = new Map<string, SandboxTask>();
	private readonly timers = new Map<string, NodeJS.Timeout>();
	/** Each task's next transition and when it is due (the sandbox's clock, Date.now()). */
	private readonly due = new Map<string, { at: number; action: (at: number) => void }>();
	private readonly listeners: TaskChangeListener[] = [];
	private nextSequence = 0;

	constructor(
		private readonly options: ResolvedSandboxOptions,
		private readonly videoUrl: (taskId: string) => string,
	) {}

	onChange(listener: TaskChangeListener): void {
		this.listeners.push(listener);
	}

	create(input: NewTask): SandboxTask {
		const task: SandboxTask = {
			...input,
			id: input.provider === 'freepik' ? randomUUID() : `task_${randomBytes(13).toString('hex')}`,
			magic: findMagicPrompts(promptTexts(input.request)),
			sequence: this.nextSequence++,
			createdAt: Date.now(),
			phase: 'queued',
			status: PROVIDER_STATUS[input.provider].queued,
			videoUrls: [],
			hasNsfw: false,
		};
		this.tasks.set(task.id, task);
		this.notify(task);
		this.schedule(task, task.createdAt, scaled(this.options, this.options.lifecycle.queuedMs), (at) => this.leaveQueue(task, at));
		return task;
	}

	/** The task as of now: a transition whose time has come is applied first, even if its timer is late. */
	get(id: string): SandboxTask | undefined {
		this.catchUp(id);
		return this.tasks.get(id);
	}

	all(): SandboxTask[] {
		for (const id of this.tasks.keys()) this.catchUp(id);
		return [...this.tasks.values()];
	}

	/**
	 * Applies the task's next transition now, as if its time had come (queued -> running ->
	 * finished): lets a test look at each phase without racing the lifecycle's timers.
	 */
	advance(id: string): SandboxTask {
		const task = this.require(id);
		const next = this.due.get(id);
		if (!next) throw new Error(`sandbox: task ${id} has no transition ahead (${task.phase})`);
		this.cancelTimer(id);
		next.action(Date.now());
		return task;
	}

	/** Non-terminal tasks of one key, for APIMart's concurrency limit. */
	activeCount(provider: TaskProvider, apiKey: string): number {
		return this.all().filter((task) => task.provider === provider && task.apiKey === apiKey && !isTerminal(task.phase))
			.length;
	}

	/** Ends a task successfully now, whatever its phase or magic prompt. */
	complete(id: string): SandboxTask {
		const task = this.require(id);
		this.finish(task, 'succeeded');
		return task;
	}

	fail(id: string, reason = POLICY_VIOLATION_ERROR): SandboxTask {
		const task = this.require(id);
		this.finish(task, 'failed', reason);
		return task;
	}

	cancel(id: string): SandboxTask {
		const task = this.require(id);
		this.finish(task, 'cancelled', CANCELLED_ERROR);
		return task;
	}

	clear(): void {
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		this.due.clear();
		this.tasks.clear();
	}

	/**
	 * The lifecycle is a function of the sandbox's clock, not of how late a timer fires: on a
	 * loaded machine a 10 ms timer may run a second late, and a task that is due to be finished
	 * must not look still queued to a request that arrives meanwhile. Bounded: a task has at most
	 * two transitions ahead.
	 */
	private catchUp(id: string): void {
		for (let step = 0; step < 3; step++) {
			const next = this.due.get(id);
			if (!next || next.at > Date.now()) return;
			this.cancelTimer(id);
			next.action(next.at);
		}
	}

	private leaveQueue(task: SandboxTask, at: number): void {
		if (task.magic.has('cancel') && task.provider === 'apimart') {
			this.finish(task, 'cancelled', CANCELLED_ERROR, at);
			return;
		}
		task.phase = 'running';
		task.status = PROVIDER_STATUS[task.provider].running;
		task.startedAt = at;
		this.notify(task);
		if (task.magic.has('stuck')) return;
		const factor = task.magic.has('slow') ? SLOW_RUNNING_FACTOR : 1;
		task.plannedRunningMs = scaled(this.options, this.options.lifecycle.runningMs * factor);
		this.schedule(task, at, task.plannedRunningMs, (finishedAt) => {
			if (task.magic.has('fail')) this.finish(task, 'failed', POLICY_VIOLATION_ERROR, finishedAt);
			else this.finish(task, 'succeeded', undefined, finishedAt);
		});
	}

	private finish(
		task: SandboxTask,
		phase: 'succeeded' | 'failed' | 'cancelled',
		error?: string,
		at = Date.now(),
	): void {
		this.cancelTimer(task.id);
		task.phase = phase;
		task.status = PROVIDER_STATUS[task.provider][phase];
		task.finishedAt = at;
		task.error = error;
		task.videoUrls = phase === 'succeeded' ? [this.videoUrl(task.id)] : [];
		task.hasNsfw = phase === 'succeeded' && task.magic.has('nsfw');
		this.notify(task);
	}

	/** The next transition, due `delayMs` after `from` (the previous one's due time). */
	private schedule(task: SandboxTask, from: number, delayMs: number, action: (at: number) => void): void {
		this.cancelTimer(task.id);
		const next = { at: from + delayMs, action };
		this.due.set(task.id, next);
		// The timer says the time has come (Date.now() may lag the timers' clock by a millisecond).
		const timer = setTimeout(() => {
			if (this.due.get(task.id) !== next) return;
			this.cancelTimer(task.id);
			next.action(next.at);
			this.catchUp(task.id);
		}, Math.max(0, next.at - Date.now()));
		timer.unref();
		this.timers.set(task.id, timer);
	}

	private cancelTimer(id: string): void {
		const timer = this.timers.get(id);
		if (timer) clearTimeout(timer);
		this.timers.delete(id);
		this.due.delete(id);
	}

	private notify(task: SandboxTask): void {
		for (const listener of this.listeners) listener(task);
	}

	private require(id: string): SandboxTask {
		const task = this.tasks.get(id);
		if (!task) throw new Error(`sandbox: no task ${id}`);
		return task;
	}
}

export function isTerminal(phase: TaskPhase): boolean {
	return phase === 'succeeded' || phase === 'failed' || phase === 'cancelled';
}
