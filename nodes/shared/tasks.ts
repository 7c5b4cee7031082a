import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
	PostReceiveAction,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { DEFAULT_MAX_VIDEO_MB, downloadVideo } from './binary';
import { taskJson } from './output';
import { apimartBodyError, apimartTask } from './providers/apimart';
import { freepikErrorMessage, freepikModel, freepikTask } from './providers/freepik';
import type { Family, ProviderName, Task } from './providers/types';
import { PROVIDER_LABEL } from './transport';

/** The model name Get Task reports when the provider's answer does not say which tier ran. */
function familyModel(family: Family, provider: ProviderName): string {
	if (provider === 'apimart') return family === 'v3' ? 'kling-v3' : 'kling-v3-omni';
	return freepikModel(family, 'std').replace(/-std$/, '');
}

/** Get Task: the status answer -> our task output, the video streamed into binary on request. */
export function getTaskOutput(family: Family): PostReceiveAction {
	return async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const provider = this.getNodeParameter('authentication') as ProviderName;
		const taskId = String(this.getNodeParameter('taskId'));
		const body = response.body as IDataObject;
		const bodyError = provider === 'apimart' ? apimartBodyError(body) : undefined;
		if (response.statusCode >= 400 || bodyError) {
			const message = `${PROVIDER_LABEL[provider]}: ${bodyError ?? freepikErrorMessage(body) ?? `HTTP ${response.statusCode}`}`;
			throw new NodeApiError(this.getNode(), { message } as JsonObject, {
				message,
				description: `Task ${taskId}`,
				httpCode: String(response.statusCode),
			});
		}
		const model = familyModel(family, provider);
		const task: Task | undefined =
			provider === 'freepik' ? freepikTask(body, model) : apimartTask(body, model, taskId);
		if (!task) {
			throw new NodeApiError(this.getNode(), body as JsonObject, {
				message: `${PROVIDER_LABEL[provider]}: the answer for task ${taskId} did not describe a task`,
			});
		}
		const json: IDataObject = { ...taskJson({ task, submittedAt: Date.now() }), elapsedSeconds: null };
		const download = this.getNodeParameter('downloadVideo', true) as boolean;
		if (!download || task.state !== 'succeeded' || !task.videoUrls[0]) return [{ json }];
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const binary = await downloadVideo(this as never, task.videoUrls[0], {
			maxBytes: Number(options.maxVideoSizeMb ?? DEFAULT_MAX_VIDEO_MB) * 1024 * 1024,
			fileName: `${task.model}-${task.taskId}.mp4`,
		});
		return [{ json, binary: { [String(options.binaryPropertyName || 'data')]: binary } }];
	};
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
