/**
 * One batch through n8n's engine against the sandbox, and what the sandbox saw of it.
 */
import type { INodeExecutionData, INodeType, IRun } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { Engine, type WorkflowJson } from '../test/harness/engine';
import { N8nStandIn } from '../test/harness/waitingWebhooks';
import { workflowWith } from '../test/harness/workflows';
import {
	DEFAULT_APIMART_KEY,
	DEFAULT_FREEPIK_KEY,
	type Sandbox,
	type SandboxOptions,
	type SandboxTask,
	startSandbox,
} from '../test/sandbox';
import { BASELINE_TYPE, CreateAndPoll } from './baselineNode';
import { type BenchConfig, nodeOptions, PRODUCTION, scaled, taskMs } from './config';

export type Contender = 'poll' | 'webhook' | 'baseline-sequential' | 'baseline-parallel' | 'poll-list-urls';

export const NODE_NAME = 'Kling';

/** Freepik API requests (what the rate limit counts); downloads come from the CDN and are not. */
const API_ENDPOINTS = /^freepik\.(omni|omniReference|v3|upload)\./;

export interface BatchRun {
	contender: Contender;
	items: number;
	ok: boolean;
	error?: string;
	/** Real ms from the start of the execution to the node's output. */
	wallMs: number;
	/** When the node produced its output (epoch ms). */
	outputAt: number;
	startedAt: number;
	requests: number;
	requestsByKind: Record<string, number>;
	throttled: number;
	downloads: number;
	/** Per item: the task as the sandbox kept it, and what the node knew when. */
	tasks: TaskTiming[];
}

export interface TaskTiming {
	taskId: string;
	createdAt: number;
	finishedAt?: number;
	/** First API request that arrived after the task finished and could see it (poll), or the terminal callback (webhook). */
	detectedAt?: number;
}

export interface Harness {
	sandbox: Sandbox;
	engine: Engine;
	/** Serves resume URLs (Wait for Webhook); its engine runs those workflows. */
	n8n: N8nStandIn;
	close(): Promise<void>;
}

export async function startHarness(sandboxOptions: SandboxOptions): Promise<Harness> {
	const sandbox = await startSandbox(sandboxOptions);
	const credentials = {
		freepikApi: { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: sandbox.url },
		apimartApi: { apiKey: DEFAULT_APIMART_KEY, baseUrl: sandbox.url },
	};
	const engine = new Engine({ credentials });
	registerNodeType(engine, BASELINE_TYPE, new CreateAndPoll());
	const n8n = await N8nStandIn.start({ credentials });
	return {
		sandbox,
		engine,
		n8n,
		close: async () => {
			await n8n.close();
			await sandbox.close();
		},
	};
}

/** Adds a node type to the engine's registry (the bench's baseline; n8n-nodes-base is not a dependency). */
function registerNodeType(engine: Engine, name: string, nodeType: INodeType): void {
	const registry = engine.nodeTypes;
	const lookup = registry.getByName.bind(registry);
	registry.getByName = (typeName) => (typeName === name ? nodeType : lookup(typeName));
}

function prompts(items: number): INodeExecutionData[] {
	return Array.from({ length: items }, (_, index) => ({ json: { prompt: `A paper boat on a rain puddle, take ${index + 1}` } }));
}

export async function runBatch(
	harness: Harness,
	config: BenchConfig,
	contender: Contender,
	items: number,
): Promise<BatchRun> {
	const { sandbox } = harness;
	sandbox.reset();
	// The key's previous minute is over before the next batch starts, for the node's budget too.
	await sleep(scaled(config, PRODUCTION.windowMs));
	const startedAt = Date.now();
	let run: IRun;
	const taskTime = scaled(config, taskMs());
	const maxWaitMs = scaled(config, PRODUCTION.nodeMaxWaitMinutes * 60_000);
	const boundMs = (contender === 'baseline-sequential' ? taskTime * (items + 2) : maxWaitMs * 2) + 30_000;
	if (contender === 'poll' || contender === 'webhook' || contender === 'poll-list-urls') {
		const parameters = {
			authentication: 'freepik',
			operation: 'generate',
			prompt: '={{ $json.prompt }}',
			waitMode: contender === 'webhook' ? 'webhook' : 'poll',
			options: nodeOptions(config),
		};
		const workflow = workflowWith({ type: 'klingOmni', name: NODE_NAME, parameters }, prompts(items));
		if (contender !== 'webhook') {
			// What if Freepik's list carried the video URLs (its docs show only task_id and status)?
			sandbox.options.listIncludesGenerated = contender === 'poll-list-urls';
			try {
				run = (await withTimeout(harness.engine.run(workflow), boundMs, `${contender} x${items}`)).run;
			} finally {
				sandbox.options.listIncludesGenerated = false;
			}
		} else {
			run = await parkAndResume(harness, workflow, maxWaitMs, boundMs, `${contender} x${items}`);
		}
	} else {
		const parameters = {
			prompt: '={{ $json.prompt }}',
			pollMs: scaled(config, PRODUCTION.baselinePollMs),
			mode: contender === 'baseline-sequential' ? 'sequential' : 'parallel',
		};
		const workflow = workflowWith({ type: 'createAndPoll', name: NODE_NAME, parameters }, prompts(items));
		const node = workflow.nodes.find((candidate) => candidate.name === NODE_NAME)!;
		node.type = BASELINE_TYPE;
		node.credentials = { freepikApi: { id: 'bench', name: 'bench' } };
		run = (await withTimeout(harness.engine.run(workflow), boundMs, `${contender} x${items}`)).run;
	}
	return measure(sandbox, contender, items, startedAt, run);
}

/**
 * Wait for Webhook: the execution parks, the stand-in resumes it when a callback returns the
 * batch. If Max Wait passes first, it is continued as n8n's wait tracker does (the items come
 * out with their task ids and an error).
 */
async function parkAndResume(
	harness: Harness,
	workflow: WorkflowJson,
	maxWaitMs: number,
	boundMs: number,
	what: string,
): Promise<IRun> {
	const startedAt = Date.now();
	const parked = await withTimeout(harness.n8n.engine.run(workflow), boundMs, what);
	if (parked.run.status !== 'waiting') return parked.run;
	const remaining = Math.max(1, startedAt + maxWaitMs - Date.now());
	try {
		return (await harness.n8n.finished(parked.id, remaining)).run;
	} catch {
		const current = harness.n8n.engine.executions.get(parked.id)!;
		if (current.run.status !== 'waiting') return current.run;
		return (await withTimeout(harness.n8n.engine.expireWait(parked.id), boundMs, `${what} (max wait)`)).run;
	}
}

function measure(sandbox: Sandbox, contender: Contender, items: number, startedAt: number, run: IRun): BatchRun {
	const taskRuns = run.data.resultData.runData[NODE_NAME] ?? [];
	const last = taskRuns[taskRuns.length - 1];
	const outputAt = last ? last.startTime + last.executionTime : Date.now();
	const error = run.data.resultData.error?.message ?? last?.error?.message;
	const output = last?.data?.main?.[0] ?? [];
	const failedItems = output.filter((item) => item.json.error);
	const ok = !error && output.length === items && failedItems.length === 0 && output.every((item) => item.binary?.data);

	const entries = sandbox.log.entries.filter((entry) => API_ENDPOINTS.test(entry.endpoint));
	const requestsByKind: Record<string, number> = {};
	for (const entry of entries) {
		const kind = entry.endpoint.split('.').pop()!;
		requestsByKind[kind] = (requestsByKind[kind] ?? 0) + 1;
	}
	const tasks = sandbox.tasks.all().map((task) => timing(sandbox, contender, task));
	return {
		contender,
		items,
		ok,
		...(error || failedItems.length ? { error: error ?? String(failedItems[0].json.error) } : {}),
		wallMs: outputAt - startedAt,
		outputAt,
		startedAt,
		requests: entries.length,
		requestsByKind,
		throttled: entries.filter((entry) => entry.responseStatus === 429).length,
		downloads: sandbox.log.count('download'),
		tasks,
	};
}

function timing(sandbox: Sandbox, contender: Contender, task: SandboxTask): TaskTiming {
	const result: TaskTiming = { taskId: task.id, createdAt: task.createdAt, finishedAt: task.finishedAt };
	if (task.finishedAt === undefined) return result;
	const finishedAt = task.finishedAt;
	if (contender === 'webhook') {
		const delivery = sandbox.webhookDeliveries.find((candidate) => candidate.taskId === task.id && candidate.status === 'COMPLETED');
		result.detectedAt = delivery?.at;
		return result;
	}
	const seeing = sandbox.log.entries.find(
		(entry) =>
			entry.at >= finishedAt &&
			entry.responseStatus === 200 &&
			(entry.endpoint === 'freepik.omni.list' || (entry.endpoint === 'freepik.omni.status' && entry.path.endsWith(`/${task.id}`))),
	);
	result.detectedAt = seeing?.at;
	return result;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: no result after ${Math.round(ms)} ms`)), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
