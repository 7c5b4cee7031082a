import type { IDataObject } from 'n8n-workflow';

import type { Task, TaskState } from '../types';

const STATES: Record<string, TaskState> = {
	CREATED: 'pending',
	IN_PROGRESS: 'running',
	COMPLETED: 'succeeded',
	FAILED: 'failed',
};

export function freepikState(status: unknown): TaskState {
	return STATES[String(status).toUpperCase()] ?? 'running';
}

/**
 * A task as the status endpoint, the create endpoint (both inside `data`) or a webhook
 * callback (no wrapper) describe it.
 */
export function freepikTask(payload: unknown, model: string): Task | undefined {
	const record = unwrapData(payload);
	if (!record || typeof record.task_id !== 'string' || !record.task_id) return undefined;
	const generated = Array.isArray(record.generated)
		? record.generated.filter((url): url is string => typeof url === 'string')
		: [];
	const error = typeof record.error === 'string' && record.error ? record.error : undefined;
	return {
		provider: 'freepik',
		model,
		taskId: record.task_id,
		status: String(record.status ?? 'CREATED'),
		state: freepikState(record.status ?? 'CREATED'),
		videoUrls: generated,
		...(error ? { error } : {}),
		...(record.has_nsfw !== undefined ? { hasNsfw: Boolean(record.has_nsfw) } : {}),
	};
}

/** List items: `{ task_id, status }` (the documented minimum; `generated` when present). */
export function freepikListedTasks(payload: unknown, model: string): Task[] | undefined {
	const data = (payload as IDataObject | undefined)?.data;
	if (!Array.isArray(data)) return undefined;
	return data
		.map((entry) => freepikTask(entry, model))
		.filter((task): task is Task => task !== undefined);
}

function unwrapData(payload: unknown): IDataObject | undefined {
	if (!payload || typeof payload !== 'object') return undefined;
	const record = payload as IDataObject;
	if (record.data && typeof record.data === 'object' && !Array.isArray(record.data)) {
		return record.data as IDataObject;
	}
	return record;
}

/** Freepik's error bodies: `{message}` or problem+json `{message, invalid_params:[{name, reason}]}`. */
export function freepikErrorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const record = body as IDataObject;
	const problem = (record.problem as IDataObject | undefined) ?? record;
	const message = typeof problem.message === 'string' ? problem.message : undefined;
	const params = Array.isArray(problem.invalid_params)
		? (problem.invalid_params as IDataObject[]).map((param) => `${String(param.name)}: ${String(param.reason)}`)
		: [];
	if (!message && params.length === 0) return undefined;
	return [message, ...params].filter(Boolean).join('; ');
}
