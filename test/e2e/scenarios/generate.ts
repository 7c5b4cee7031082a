import { check, checkEqual } from '../lib/assert';
import { type Context, findNode, importExample } from '../lib/context';
import { type Execution, nodeItems, type OutputItem, type WorkflowJson } from '../lib/n8n';
import { checkSavedVideo, checkVideoItem, pairedIndex } from './checks';

export interface Scenario {
	name: string;
	timeoutMs: number;
	/** Runs, asserts, and returns a one-line summary of what was proven. */
	run(context: Context): Promise<string>;
}

/**
 * The sandbox finishes a task in about 2 s (time scale 0.5) and a batch of 10 in about 3 s:
 * these bounds leave ten times that on a loaded two-core machine, and end a broken run early.
 */
export const SINGLE_RUN_MS = 45_000;
export const BATCH_RUN_MS = 60_000;

const MANUAL_TRIGGER = 'When clicking ‘Execute workflow’';
const SCHEDULE_TRIGGER = 'Every night at 02:00';

/**
 * Imports an example (edited), runs it from its manual trigger to success, and returns the one
 * item `nodeName` put out (checked to be one).
 */
export async function runExampleOnce(
	context: Context,
	file: string,
	nodeName: string,
	edit?: (workflow: WorkflowJson) => void,
): Promise<{ executionId: string; execution: Execution; item: OutputItem }> {
	const { api } = context.n8n;
	const workflow = await importExample(context, file, edit);
	const executionId = await api.runManually(workflow, MANUAL_TRIGGER);
	const execution = await api.waitForExecution(executionId, ['success'], SINGLE_RUN_MS);
	const items = nodeItems(execution, nodeName);
	checkEqual(items.length, 1, `${nodeName} output items`);
	return { executionId, execution, item: items[0] };
}

/** examples/text-to-video.workflow.json as it is: Freepik, Poll Until Finished, video downloaded. */
export const textToVideoPoll: Scenario = {
	name: 'Kling Omni text-to-video, polling (examples/text-to-video)',
	timeoutMs: 120_000,
	async run(context) {
		const { executionId, item } = await runExampleOnce(context, 'text-to-video.workflow.json', 'Kling Omni');
		checkEqual(item.json.status, 'COMPLETED', 'Freepik task status');
		checkEqual(item.json.provider, 'freepik', 'provider');
		const taskId = await checkVideoItem(context, item, 'Kling Omni output');
		return `execution ${executionId}: task ${taskId} COMPLETED, MP4 in binary "data" identical to the provider's`;
	},
};

/**
 * The same example switched to APIMart (the other credential, the other provider's contract), as
 * a version-1 node saved before the form's version 2: Quality under `mode`, resource set.
 */
export const textToVideoApimart: Scenario = {
	name: 'Kling Omni text-to-video on APIMart, polling, a version-1 node',
	timeoutMs: 120_000,
	async run(context) {
		const { executionId, item } = await runExampleOnce(context, 'text-to-video.workflow.json', 'Kling Omni', (json) => {
			const kling = findNode(json, 'Kling Omni');
			const { quality: _quality, ...rest } = kling.parameters;
			kling.typeVersion = 1;
			kling.parameters = { ...rest, authentication: 'apimart', resource: 'video', mode: 'std' };
			kling.credentials = { apimartApi: { id: context.credentials['APIMart account'].id, name: 'APIMart account' } };
		});
		checkEqual(item.json.provider, 'apimart', 'provider');
		const taskId = await checkVideoItem(context, item, 'Kling Omni (APIMart) output');
		return `execution ${executionId}: version-1 node, APIMart task ${taskId} ${String(item.json.status)}, MP4 downloaded`;
	},
};

export const TEN_PROMPTS = Array.from(
	{ length: 10 },
	(_, index) => `Shot ${index + 1} of 10: a paper lantern rises over a night harbour, slow tilt up, warm light`,
);

/**
 * Callbacks reach a parked execution only: n8n answers those that arrive while it is still
 * running with an error. At the sandbox's scale a task finishes in ~2 s, before n8n has saved
 * the execution as waiting; `[sandbox:slow]` makes it run ~15 s, as a real render (minutes) would
 * comfortably outlast parking.
 */
const OUTLAST_PARKING = ' [sandbox:slow]';

function withPrompts(prompts: string[], waitMode: 'poll' | 'webhook') {
	return (json: WorkflowJson): void => {
		const sent = waitMode === 'webhook' ? prompts.map((prompt) => `${prompt}${OUTLAST_PARKING}`) : prompts;
		findNode(json, 'Prompt list').parameters.jsonOutput = JSON.stringify({ prompts: sent }, null, 2);
		findNode(json, 'Kling Omni').parameters.waitMode = waitMode;
	};
}

/**
 * examples/scheduled-pipeline.workflow.json run from its Schedule Trigger with 10 prompts: one
 * execution, ten tasks, ten videos in input order, ten MP4 files written by "Save video".
 */
export function pipelineBatch(waitMode: 'poll' | 'webhook'): Scenario {
	return {
		name: `batch of 10 items, ${waitMode === 'poll' ? 'polling' : 'Wait for Webhook'} (examples/scheduled-pipeline)`,
		timeoutMs: 150_000,
		async run(context) {
			const { api } = context.n8n;
			const workflow = await importExample(context, 'scheduled-pipeline.workflow.json', withPrompts(TEN_PROMPTS, waitMode));
			const executionId = await api.runManually(workflow, SCHEDULE_TRIGGER);
			const seen: string[] = [];
			const execution = await api.waitForExecution(executionId, ['success'], BATCH_RUN_MS, seen);
			if (waitMode === 'webhook') check(seen.includes('waiting'), `the execution was never parked (statuses seen: ${seen.join(' → ')})`);
			const items = nodeItems(execution, 'Kling Omni');
			checkEqual(items.length, 10, 'Kling Omni output items');
			const taskIds: string[] = [];
			for (const [index, item] of items.entries()) {
				checkEqual(pairedIndex(item), index, `item ${index} pairedItem`);
				taskIds.push(await checkVideoItem(context, item, `item ${index}`));
			}
			checkEqual(new Set(taskIds).size, 10, 'distinct task ids');
			const saved = nodeItems(execution, 'Save video');
			checkEqual(saved.length, 10, '"Save video" output items');
			for (const [index, taskId] of taskIds.entries()) await checkSavedVideo(context, taskId, `item ${index}`);
			return `execution ${executionId} (${seen.join(' → ')}): 10 tasks, 10 MP4s in order, 10 files written`;
		},
	};
}

/** Wait for Webhook: the execution parks; the sandbox calls n8n's resume URL; n8n resumes it. */
export const textToVideoWebhook: Scenario = {
	name: 'Kling Omni text-to-video, Wait for Webhook resumed by the provider callback',
	timeoutMs: 120_000,
	async run(context) {
		const { api } = context.n8n;
		const workflow = await importExample(context, 'text-to-video.workflow.json', (json) => {
			const kling = findNode(json, 'Kling Omni');
			kling.parameters.waitMode = 'webhook';
			kling.parameters.prompt = `${String(kling.parameters.prompt)}${OUTLAST_PARKING}`;
		});
		const executionId = await api.runManually(workflow, MANUAL_TRIGGER);
		const seen: string[] = [];
		const parked = await api.waitForExecution(executionId, ['waiting', 'success'], 30_000, seen);
		if (parked.status === 'waiting') check(parked.waitTill, 'a waiting execution without waitTill');
		const execution = await api.waitForExecution(executionId, ['success'], SINGLE_RUN_MS, seen);
		check(seen.includes('waiting'), `the execution was never parked (statuses seen: ${seen.join(' → ')})`);
		const items = nodeItems(execution, 'Kling Omni');
		checkEqual(items.length, 1, 'Kling Omni output items');
		checkEqual(items[0].json.status, 'COMPLETED', 'Freepik task status');
		const taskId = await checkVideoItem(context, items[0], 'Kling Omni output after resume');
		return `execution ${executionId} ${seen.join(' → ')}: task ${taskId}, MP4 downloaded after the callback`;
	},
};
