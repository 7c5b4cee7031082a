import type { IDataObject } from 'n8n-workflow';

import type { Family, ProviderRequest, Task, TaskState } from './types';

/** Creates carry the tier in the path; status and list paths are tier-less. */
const PATHS: Record<Family, { create: (tier: string) => string; tasks: string }> = {
	omni: { create: (tier) => `/v1/ai/video/kling-v3-omni-${tier}`, tasks: '/v1/ai/video/kling-v3-omni' },
	omniReference: {
		create: (tier) => `/v1/ai/reference-to-video/kling-v3-omni-${tier}`,
		tasks: '/v1/ai/reference-to-video/kling-v3-omni',
	},
	v3: { create: (tier) => `/v1/ai/video/kling-v3-${tier}`, tasks: '/v1/ai/video/kling-v3' },
};

const MODEL_PREFIX: Record<Family, string> = {
	omni: 'kling-v3-omni',
	omniReference: 'kling-v3-omni-reference',
	v3: 'kling-v3',
};

export const FREEPIK_LIST_PAGE_SIZE_MAX = 100;

export function freepikModel(family: Family, tier: string): string {
	return `${MODEL_PREFIX[family]}-${tier}`;
}

export function freepikCreateRequest(family: Family, tier: string, body: IDataObject): ProviderRequest {
	return { method: 'POST', url: PATHS[family].create(tier), body };
}

export function freepikStatusRequest(family: Family, taskId: string): ProviderRequest {
	return { method: 'GET', url: `${PATHS[family].tasks}/${encodeURIComponent(taskId)}` };
}

export function freepikListRequest(family: Family, page: number, pageSize: number): ProviderRequest {
	return { method: 'GET', url: PATHS[family].tasks, qs: { page, page_size: pageSize } };
}

export function freepikTasksPath(family: Family): string {
	return PATHS[family].tasks;
}

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
export function freepikListedTasks(payload: unknown, model: string): Task[] {
	const data = (payload as IDataObject | undefined)?.data;
	if (!Array.isArray(data)) return [];
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

export const FREEPIK_UPLOAD_REQUEST_PATH = '/v1/ai/uploads/request-url';
