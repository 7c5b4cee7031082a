import { scaled, type ResolvedSandboxOptions } from '../options';
import { POLICY_VIOLATION_ERROR, type SandboxTask } from '../tasks/taskStore';

const RESULT_URL_LIFETIME_SECONDS = 24 * 3600;

export interface ApimartTaskData {
	id: string;
	status: string;
	progress: number;
	result?: { videos: Array<{ url: string[]; expires_at: number }> };
	created: number;
	completed?: number;
	estimated_time: number;
	actual_time?: number;
	error?: { code: number; message: string; type: string };
}

export function apimartTaskData(task: SandboxTask, options: ResolvedSandboxOptions): ApimartTaskData {
	const data: ApimartTaskData = {
		id: task.id,
		status: task.status,
		progress: progress(task),
		created: toSeconds(task.createdAt),
		estimated_time: Math.ceil(scaled(options, options.lifecycle.queuedMs + options.lifecycle.runningMs) / 1000),
	};
	if (task.finishedAt !== undefined) {
		data.completed = toSeconds(task.finishedAt);
		data.actual_time = Math.ceil((task.finishedAt - task.createdAt) / 1000);
	}
	if (task.phase === 'succeeded') {
		const expiresAt = toSeconds(task.finishedAt ?? Date.now()) + RESULT_URL_LIFETIME_SECONDS;
		data.result = { videos: [{ url: task.videoUrls, expires_at: expiresAt }] };
	}
	if (task.phase === 'cancelled') data.error = { code: 499, message: task.error ?? 'cancelled', type: 'task_cancelled' };
	if (task.phase === 'failed') {
		const policy = task.error === POLICY_VIOLATION_ERROR;
		data.error = {
			code: policy ? 400 : 500,
			message: task.error ?? 'failed',
			type: policy ? 'content_policy_violation' : 'task_failed',
		};
	}
	return data;
}

function progress(task: SandboxTask): number {
	if (task.phase === 'succeeded') return 100;
	if (task.phase === 'queued' || task.phase === 'cancelled' || task.startedAt === undefined) return 0;
	if (task.plannedRunningMs === undefined) return 10;
	const elapsed = (task.finishedAt ?? Date.now()) - task.startedAt;
	return Math.min(95, 10 + Math.floor((80 * elapsed) / Math.max(1, task.plannedRunningMs)));
}

function toSeconds(milliseconds: number): number {
	return Math.floor(milliseconds / 1000);
}
