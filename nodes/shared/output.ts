import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { TrackedTask } from './wait/tracked';

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

/** n8n's own error types pass as they are; anything else becomes a NodeOperationError for the item. */
export function asNodeError(
	context: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
