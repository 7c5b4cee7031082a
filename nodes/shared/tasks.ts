import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { downloadVideo } from './binary';
import { distinctRows } from './models';
import { asNodeError, errorItem, taskJson } from './output';
import type { Family, ModelRow, Task } from './providers/types';
import { itemReader, readOutputSettings, readProvider } from './settings';
import { PROVIDER_NAMES, providerNamed } from './providers';
import { callProvider, type Connection, openConnection } from './transport';
import { fetchTask } from './wait/refresh';

/**
 * Get Task, for every item: one status request each through the shared transport (retries,
 * provider errors), the video streamed into binary on request. A custom operation rather than
 * routing: n8n gives declarative operations of a node that has a webhook no input items, so
 * `{{ $json.taskId }}` would not resolve.
 */
export async function executeGetTask(this: IExecuteFunctions, family: Family): Promise<INodeExecutionData[][]> {
	const provider = readProvider(this);
	const rows = distinctRows(family, provider.name, 'status');
	const connection = await openConnection(this, provider);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		try {
			// Version 2 has a resource locator, version 1 a text field: extractValue reads both.
			const taskId = String(this.getNodeParameter('taskId', itemIndex, '', { extractValue: true }) ?? '').trim();
			if (!taskId) throw new NodeOperationError(this.getNode(), 'Task ID is empty', { itemIndex });
			const settings = readOutputSettings(this.getNode(), itemReader(this, itemIndex));
			const task = await fetchFromAnyPath(this, connection, rows, taskId, itemIndex);
			const json: IDataObject = { ...taskJson({ task, submittedAt: Date.now() }), elapsedSeconds: null };
			if (!settings.downloadVideo || task.state !== 'succeeded' || !task.videoUrls[0]) {
				output.push({ json, pairedItem: { item: itemIndex } });
				continue;
			}
			const binary = await downloadVideo(this, task.videoUrls[0], {
				maxBytes: settings.maxVideoBytes,
				trustedBaseUrl: connection.baseUrl,
				fileName: `${task.model}-${task.taskId}.mp4`,
			});
			output.push({ json, binary: { [settings.binaryPropertyName]: binary }, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output.push(errorItem(itemIndex, (error as Error).message));
		}
	}
	return [output];
}

/**
 * A family whose tasks live under more than one status path (Motion Control: a path per tier;
 * Kling 3 Turbo: a path per input mode) is read path after path: 404 means "not here".
 */
async function fetchFromAnyPath(
	context: IExecuteFunctions,
	connection: Connection,
	rows: ModelRow[],
	taskId: string,
	itemIndex: number,
): Promise<Task> {
	for (const [index, row] of rows.entries()) {
		try {
			return await fetchTask(context, connection, row, taskId, row.familyModel, { itemIndex });
		} catch (error) {
			const notHere = Number((error as { httpCode?: string }).httpCode) === 404 && index < rows.length - 1;
			if (!notHere) throw asNodeError(context, error, itemIndex);
		}
	}
	throw new NodeOperationError(context.getNode(), `Task ${taskId} was not found`, { itemIndex });
}

export const LIST_PAGE_SIZE = 100;
const MAX_LIST_PAGES = 100;

/**
 * Get Many (List Tasks), through the shared transport like every other request: transient
 * failures retried, provider errors named. Limit: one page of that size; Return All: full pages
 * until a short one.
 */
export async function executeListTasks(this: IExecuteFunctions, family: Family): Promise<INodeExecutionData[][]> {
	const provider = readProvider(this);
	const rows = distinctRows(family, provider.name, 'list');
	const { listing } = provider;
	if (!listing || rows.length === 0) {
		throw new NodeOperationError(this.getNode(), `${provider.label} has no task list: use Get Task with a task ID`);
	}
	const connection = await openConnection(this, provider);
	const returnAll = this.getNodeParameter('returnAll', 0, false) as boolean;
	const pageSizeMax = Math.min(listing.pageSizeMax, LIST_PAGE_SIZE);
	const limit = Number(this.getNodeParameter('limit', 0, 50));
	const pageSize = returnAll ? pageSizeMax : Math.max(1, Math.min(Number.isFinite(limit) ? Math.floor(limit) : 50, pageSizeMax));
	const output: INodeExecutionData[] = [];
	// A family with several list paths (a path per tier or input mode) lists each in turn; Limit caps the total.
	for (const row of rows) {
		const path = row.endpoints.list as string;
		for (let page = 1; page <= MAX_LIST_PAGES; page++) {
			if (!returnAll && output.length >= pageSize) break;
			const body = await callProvider(this, connection, listing.request(path, page, pageSize), { policy: 'read' });
			const tasks = listing.parse(body, row.familyModel);
			if (!tasks) {
				const message = `${provider.label}: the task list answer holds no list of tasks`;
				throw new NodeApiError(this.getNode(), { message } as JsonObject, { message, description: `GET ${path} page ${page}` });
			}
			const room = returnAll ? tasks.length : pageSize - output.length;
			output.push(...tasks.slice(0, room).map((task) => ({ json: listedTaskJson(task), pairedItem: { item: 0 } })));
			if (!returnAll || tasks.length < pageSize) break;
		}
	}
	return [output];
}

function listedTaskJson(task: Task): IDataObject {
	return {
		taskId: task.taskId,
		status: task.status,
		provider: task.provider,
		model: task.model,
		...(task.videoUrls.length > 0 ? { videoUrls: task.videoUrls, videoUrl: task.videoUrls[0] } : {}),
	};
}

/**
 * Task ID's From List: the first page of the provider's newest tasks (of each list path, where a
 * family has several), filtered by the typed text.
 */
export async function searchTasks(this: ILoadOptionsFunctions, family: Family, filter?: string): Promise<INodeListSearchResult> {
	const provider = providerNamed(this.getNodeParameter('authentication', PROVIDER_NAMES[0]));
	const rows = distinctRows(family, provider.name, 'list');
	const { listing } = provider;
	if (!listing || rows.length === 0) return { results: [] };
	const connection = await openConnection(this, provider);
	const pageSize = Math.min(listing.pageSizeMax, LIST_PAGE_SIZE);
	const tasks: Task[] = [];
	for (const row of rows) {
		const body = await callProvider(this, connection, listing.request(row.endpoints.list as string, 1, pageSize), { policy: 'read' });
		tasks.push(...(listing.parse(body, row.familyModel) ?? []));
	}
	const wanted = (filter ?? '').trim().toLowerCase();
	// With several paths (Kling V3: Kling 3 and Turbo's) the model tells the tasks apart.
	const label = (task: Task) => (rows.length > 1 ? `${task.taskId} (${task.model}, ${task.status})` : `${task.taskId} (${task.status})`);
	return {
		results: tasks
			.filter((task) => !wanted || task.taskId.toLowerCase().includes(wanted) || task.status.toLowerCase().includes(wanted))
			.map((task) => ({ name: label(task), value: task.taskId })),
	};
}
