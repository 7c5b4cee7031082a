import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_VIDEO_MB, downloadVideo } from './binary';
import { asNodeError, errorItem, taskJson } from './output';
import { freepikModel } from './providers/freepik';
import type { Family, ProviderName } from './providers/types';
import { openConnection } from './transport';
import { fetchTask } from './wait';

/** The model name Get Task reports when the provider's answer does not say which tier ran. */
function familyModel(family: Family, provider: ProviderName): string {
	if (provider === 'apimart') return family === 'v3' ? 'kling-v3' : 'kling-v3-omni';
	return freepikModel(family, 'std').replace(/-std$/, '');
}

/**
 * Get Task, for every item: one status request each through the shared transport (retries,
 * provider errors), the video streamed into binary on request. A custom operation rather than
 * routing: n8n gives declarative operations of a node that has a webhook no input items, so
 * `{{ $json.taskId }}` would not resolve.
 */
export async function executeGetTask(this: IExecuteFunctions, family: Family): Promise<INodeExecutionData[][]> {
	const provider = this.getNodeParameter('authentication', 0) as ProviderName;
	const connection = await openConnection(this, provider);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		try {
			const taskId = String(this.getNodeParameter('taskId', itemIndex) ?? '').trim();
			if (!taskId) throw new NodeOperationError(this.getNode(), 'Task ID is empty', { itemIndex });
			const task = await fetchTask(this, connection, family, taskId, familyModel(family, provider), { itemIndex });
			const json: IDataObject = { ...taskJson({ task, submittedAt: Date.now() }), elapsedSeconds: null };
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const download = this.getNodeParameter('downloadVideo', itemIndex, true) as boolean;
			if (!download || task.state !== 'succeeded' || !task.videoUrls[0]) {
				output.push({ json, pairedItem: { item: itemIndex } });
				continue;
			}
			const binary = await downloadVideo(this, task.videoUrls[0], {
				maxBytes: Number(options.maxVideoSizeMb ?? DEFAULT_MAX_VIDEO_MB) * 1024 * 1024,
				fileName: `${task.model}-${task.taskId}.mp4`,
			});
			output.push({ json, binary: { [String(options.binaryPropertyName || 'data')]: binary }, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output.push(errorItem(itemIndex, (error as Error).message));
		}
	}
	return [output];
}

/** List Tasks (Freepik): `{data:[{task_id, status}]}` -> one item per task. */
export async function listTaskItems(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => {
		const entry = item.json;
		return {
			json: {
				taskId: entry.task_id,
				status: entry.status,
				provider: 'freepik',
				...(Array.isArray(entry.generated) ? { videoUrls: entry.generated, videoUrl: entry.generated[0] ?? null } : {}),
			},
		};
	});
}

export const LIST_PAGE_SIZE = 100;
const MAX_LIST_PAGES = 100;

/** Return All: page through `page`/`page_size` until a short page. */
export async function paginateTasks(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const all: INodeExecutionData[] = [];
	for (let page = 1; page <= MAX_LIST_PAGES; page++) {
		const items = await this.makeRoutingRequest({
			...requestData,
			options: { ...requestData.options, qs: { ...(requestData.options.qs ?? {}), page, page_size: LIST_PAGE_SIZE } },
		});
		all.push(...items);
		if (items.length < LIST_PAGE_SIZE) break;
	}
	return all;
}
