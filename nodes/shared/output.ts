import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { TrackedTask } from './wait';

/** The JSON every generation node outputs for a task (Generate, Get Task, webhook resume). */
export function taskJson(tracked: Pick<TrackedTask, 'task' | 'submittedAt' | 'settledAt'>): IDataObject {
	const { task } = tracked;
	const end = tracked.settledAt ?? Date.now();
	return {
		taskId: task.taskId,
		status: task.status,
		provider: task.provider,
		model: task.model,
		videoUrl: task.videoUrls[0] ?? null,
		videoUrls: task.videoUrls,
		error: task.error ?? null,
		...(task.hasNsfw !== undefined ? { hasNsfw: task.hasNsfw } : {}),
		...(task.progress !== undefined ? { progress: task.progress } : {}),
		elapsedSeconds: Math.round((end - tracked.submittedAt) / 100) / 10,
	};
}

export function errorItem(itemIndex: number, message: string, extra: IDataObject = {}): INodeExecutionData {
	return { json: { ...extra, error: message }, pairedItem: { item: itemIndex } };
}
