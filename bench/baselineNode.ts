/**
 * The pattern users build today, as a node type that runs in the same n8n engine as ours:
 * per item, create the task, then check its status every 5 s until it is done, then download
 * the MP4 into binary data (our node downloads too, so both do the same work).
 *
 * - `sequential` (what the fal.ai and Replicate community nodes do: `for (item) { create;
 *   while (!done) { sleep; status } }`): one item after the other.
 * - `parallel` (the HTTP Request + Wait template: the HTTP Request node sends every item's
 *   request at once, a Wait node pauses 5 s, the status request goes out for every item, an IF
 *   loops back): all items at once. A 429 is treated the way a careful template does ("On Error:
 *   Continue", then the IF loops back): the item tries again after the next 5 s wait. That is
 *   the kindest reading; a template without it fails the whole run at the first 429.
 *
 * It uses n8n-core's own helpers (`httpRequestWithAuthentication` with the Freepik credential,
 * `prepareBinaryData`), the same ones our node uses. Every loop is bounded.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

export const BASELINE_TYPE = 'n8n-nodes-kling-bench.createAndPoll';

const CREATE_PATH = '/v1/ai/video/kling-v3-omni-std';
const STATUS_PATH = '/v1/ai/video/kling-v3-omni';
const MAX_POLLS = 10_000;

interface FreepikAnswer {
	data?: { task_id?: string; status?: string; generated?: string[]; error?: string | null };
}

interface HttpAnswer {
	statusCode: number;
	body: FreepikAnswer;
}

export class CreateAndPoll implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Create and Poll (baseline)',
		name: 'createAndPoll',
		group: ['transform'],
		version: 1,
		description: 'Per item: create a Kling task on Freepik, poll its status every N ms, download the video',
		defaults: { name: 'Baseline' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'freepikApi', required: true }],
		properties: [
			{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '' },
			{ displayName: 'Poll Every (Ms)', name: 'pollMs', type: 'number', default: 5000 },
			{
				displayName: 'Items',
				name: 'mode',
				type: 'options',
				options: [
					{ name: 'One After the Other', value: 'sequential' },
					{ name: 'All at Once', value: 'parallel' },
				],
				default: 'sequential',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const mode = this.getNodeParameter('mode', 0) as 'sequential' | 'parallel';
		const pollMs = this.getNodeParameter('pollMs', 0) as number;
		const credentials = await this.getCredentials('freepikApi');
		const baseURL = String(credentials.customBaseUrl ?? credentials.host).replace(/\/+$/, '');
		const call = async (options: Omit<IHttpRequestOptions, 'baseURL'>): Promise<HttpAnswer> =>
			(await this.helpers.httpRequestWithAuthentication.call(this, 'freepikApi', {
				...options,
				baseURL,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: mode === 'parallel',
			})) as HttpAnswer;

		const one = async (itemIndex: number): Promise<INodeExecutionData> => {
			const prompt = this.getNodeParameter('prompt', itemIndex) as string;
			let taskId: string | undefined;
			for (let attempt = 0; attempt < MAX_POLLS && !taskId; attempt++) {
				const created = await call({ method: 'POST', url: CREATE_PATH, body: { prompt } });
				taskId = created.statusCode === 200 ? created.body.data?.task_id : undefined;
				if (!taskId && created.statusCode !== 429) {
					throw new NodeOperationError(this.getNode(), `create answered ${created.statusCode}`, { itemIndex });
				}
				if (!taskId) await sleep(pollMs);
			}
			if (!taskId) throw new NodeOperationError(this.getNode(), 'create kept failing', { itemIndex });
			for (let poll = 0; poll < MAX_POLLS; poll++) {
				await sleep(pollMs);
				const answer = await call({ method: 'GET', url: `${STATUS_PATH}/${taskId}` });
				const task = answer.body?.data;
				if (answer.statusCode !== 200 || !task) continue;
				if (task.status === 'FAILED') {
					throw new NodeOperationError(this.getNode(), `task ${taskId} failed: ${task.error ?? ''}`, { itemIndex });
				}
				if (task.status !== 'COMPLETED') continue;
				const url = task.generated?.[0];
				const json: IDataObject = { taskId, status: task.status, videoUrl: url ?? null };
				if (!url) return { json, pairedItem: { item: itemIndex } };
				const video = (await this.helpers.httpRequest({ method: 'GET', url, encoding: 'stream' })) as Buffer;
				const binary = await this.helpers.prepareBinaryData(video, `${taskId}.mp4`, 'video/mp4');
				return { json, binary: { data: binary }, pairedItem: { item: itemIndex } };
			}
			throw new NodeOperationError(this.getNode(), `task ${taskId} not finished after ${MAX_POLLS} polls`, { itemIndex });
		};

		const indexes = items.map((_, index) => index);
		if (mode === 'parallel') return [await Promise.all(indexes.map(one))];
		const output: INodeExecutionData[] = [];
		for (const index of indexes) output.push(await one(index));
		return [output];
	}
}
