import type { IDataObject } from 'n8n-workflow';

import type { BodyError, Task, TaskState } from '../types';

const STATES: Record<string, TaskState> = {
	submitted: 'pending',
	pending: 'pending',
	processing: 'running',
	completed: 'succeeded',
	failed: 'failed',
	cancelled: 'failed',
};

export function apimartState(status: unknown): TaskState {
	return STATES[String(status).toLowerCase()] ?? 'running';
}

/** HTTP 200 can still carry `code != 200`: the body decides. */
export function apimartBodyError(body: unknown): BodyError | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const record = body as IDataObject;
	const code = record.code !== undefined ? Number(record.code) : undefined;
	const error = record.error as IDataObject | undefined;
	if (error && typeof error === 'object') {
		return { message: String(error.message ?? error.type ?? 'Unknown APIMart error'), code };
	}
	if (code !== undefined && code !== 200) {
		return { message: String(record.message ?? record.msg ?? `APIMart answered code ${String(record.code)}`), code };
	}
	return undefined;
}

/** Create answers `{code:200, data:[{status:"submitted", task_id}]}`. */
export function apimartCreatedTask(body: unknown, model: string): Task | undefined {
	const data = (body as IDataObject | undefined)?.data;
	const first = (Array.isArray(data) ? data[0] : data) as IDataObject | undefined;
	if (!first || typeof first.task_id !== 'string' || !first.task_id) return undefined;
	return {
		provider: 'apimart',
		model,
		taskId: first.task_id,
		status: String(first.status ?? 'submitted'),
		state: apimartState(first.status ?? 'submitted'),
		videoUrls: [],
	};
}

/** Status answers `{code:200, data:{id, status, progress, result:{videos:[{url:[...]}]}, error?}}`. */
export function apimartTask(body: unknown, model: string, fallbackTaskId: string): Task | undefined {
	const data = (body as IDataObject | undefined)?.data as IDataObject | undefined;
	if (!data || typeof data !== 'object' || data.status === undefined) return undefined;
	const videos = ((data.result as IDataObject | undefined)?.videos ?? []) as IDataObject[];
	const videoUrls = (Array.isArray(videos) ? videos : []).flatMap((video) => {
		const url = video?.url;
		if (Array.isArray(url)) return url.filter((entry): entry is string => typeof entry === 'string');
		return typeof url === 'string' ? [url] : [];
	});
	const error = data.error as IDataObject | string | undefined;
	const errorText =
		typeof error === 'string' ? error : error && typeof error === 'object' ? String(error.message ?? error.code) : undefined;
	const status = String(data.status);
	return {
		provider: 'apimart',
		model,
		taskId: typeof data.id === 'string' && data.id ? data.id : fallbackTaskId,
		status,
		state: apimartState(status),
		videoUrls,
		...(errorText ? { error: errorText } : status === 'cancelled' ? { error: 'The task was cancelled' } : {}),
		...(typeof data.progress === 'number' ? { progress: data.progress } : {}),
	};
}
