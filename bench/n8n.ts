/**
 * `npm run bench:n8n` (add `-- --smoke` for CI's short run): batch speed measured as a user runs
 * it. The packed package is installed into a real n8n (1.123.50 by default, the e2e's cached
 * install: KLING_E2E_CACHE), and side by side, in one run, each contender runs as a workflow
 * against the sandbox CLI enforcing Freepik's 50 requests per minute per key in real time
 * (sliding window, every /v1 request counts, downloads do not; the limit is not scaled, only
 * render times are short or long):
 *
 * - ours: Kling Omni, Poll Until Finished; and Wait for Webhook (signed callbacks);
 * - the careful loop: HTTP Request create (Batching 1 item per 1.2 s, Retry On Fail), Wait 5 s,
 *   HTTP Request status (the same), IF COMPLETED, HTTP Request download, else back to Wait;
 * - the same loop at n8n's defaults (no batching, no retry): the template users start from.
 *
 * Each contender and batch has its own key (its own window) in the sandbox, so they run at the
 * same time without sharing a budget. Wall time runs from the first create the sandbox admitted
 * to the output of the node that hands the videos on (n8n passes a node's items on together).
 * Prints the table and writes bench/results/n8n-latest.json (n8n-smoke.json for --smoke);
 * `npm run bench:readme` writes the README's Benchmarks section from that JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

import { cacheRoot, ensureN8n, installCommunityPackage, N8N_SPECS, packPackage } from '../test/e2e/lib/install';
import { type Execution, N8nInstance, type OutputItem, type WorkflowJson, type WorkflowNode } from '../test/e2e/lib/n8n';
import { stopAll } from '../test/e2e/lib/processes';
import { type SandboxProcess, startSandboxCli } from '../test/e2e/lib/services';
import { sleep } from '../test/e2e/lib/wait';
import { DEFAULT_WEBHOOK_SECRET } from '../test/sandbox/options';
import { measureMemory, type MemoryResult } from './memory';

const REPO_ROOT = resolve(__dirname, '..');
export const LIMIT = 50;
export const WINDOW_MS = 60_000;
/** Lane group of the runs again: after every batch size. */
const AGAIN_GROUP = 1_000_000;

/**
 * `ours-poll-again`: the same Poll Until Finished workflow run once more after the lane's other
 * batches, in the same n8n: the next night of a scheduled pipeline, with the node's memory of how
 * long renders took (wait/renderTimes.ts). `ours-poll` at N = 1 is the first batch of a fresh n8n.
 */
export type N8nContender = 'ours-poll' | 'ours-poll-again' | 'ours-webhook' | 'careful-loop' | 'template';

export interface Render {
	name: string;
	queuedMs: number;
	runningMs: number;
}

interface Plan {
	smoke: boolean;
	version: string;
	renders: Render[];
	pollSizes: number[];
	/** Run again at the end of the lane (`ours-poll-again`). */
	againSizes: number[];
	webhookSizes: number[];
	memoryBytes: number;
}

const FULL: Omit<Plan, 'version'> = {
	smoke: false,
	renders: [
		{ name: '25 s', queuedMs: 5_000, runningMs: 20_000 },
		{ name: '180 s', queuedMs: 30_000, runningMs: 150_000 },
	],
	pollSizes: [1, 10, 50, 100],
	againSizes: [1, 10],
	webhookSizes: [1, 49, 50, 51, 100],
	memoryBytes: 300 * 1024 * 1024,
};

const SMOKE: Omit<Plan, 'version'> = {
	smoke: true,
	renders: [{ name: '10 s', queuedMs: 2_000, runningMs: 8_000 }],
	pollSizes: [10],
	againSizes: [],
	webhookSizes: [10],
	memoryBytes: 32 * 1024 * 1024,
};

interface Job {
	contender: N8nContender;
	items: number;
	render: Render;
	key: string;
}

export interface JobResult {
	contender: N8nContender;
	items: number;
	render: string;
	renderMs: number;
	executionId?: string;
	status: string;
	/** First admitted create -> the node's output (ms), or NaN when nothing came out. */
	wallMs: number;
	floorMs: number;
	/** First to last admitted create. */
	createsMs: number;
	requests: number;
	requestsByKind: Record<string, number>;
	throttled: number;
	tasksCreated: number;
	videos: number;
	lost: number;
	/** Execution statuses seen, in order (Wait for Webhook: running -> waiting -> ... -> success). */
	statuses: string[];
	parked: number;
	error?: string;
}

function parsePlan(argv: string[]): Plan {
	const base = argv.includes('--smoke') ? SMOKE : FULL;
	const version = argv.find((arg) => arg.startsWith('--version='))?.split('=')[1] ?? process.env.KLING_BENCH_N8N ?? '1.123.50';
	if (!N8N_SPECS[version]) throw new Error(`unknown n8n version ${version}; known: ${Object.keys(N8N_SPECS).join(', ')}`);
	const only = argv.find((arg) => arg.startsWith('--sizes='))?.split('=')[1];
	const sizes = only ? only.split(',').map(Number) : undefined;
	return {
		...base,
		version,
		pollSizes: sizes ?? base.pollSizes,
		webhookSizes: sizes ?? base.webhookSizes,
		memoryBytes: argv.includes('--skip-memory') ? 0 : base.memoryBytes,
	};
}

/** Any polling client that must read each video's URL: one create and one read per video, L per W. */
export function pollFloorMs(items: number, renderMs: number): number {
	return Math.max(renderMs + Math.floor((items - 1) / LIMIT) * WINDOW_MS, Math.floor((2 * items - 1) / LIMIT) * WINDOW_MS);
}

/**
 * Callbacks instead of reads: the creates under the limit, then the render. `createsMs`, when
 * measured (first to last admitted create), counts the time the creates took to send: the
 * issues' floor is "creates + T_max", and 50 creates are not sent in no time.
 */
export function webhookFloorMs(items: number, renderMs: number, createsMs = 0): number {
	return Math.max(Math.floor((items - 1) / LIMIT) * WINDOW_MS, createsMs) + renderMs;
}

function log(message: string): void {
	process.stderr.write(`[bench:n8n ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const TRIGGER = 'Every night at 02:00';

function prompts(items: number): string[] {
	return Array.from({ length: items }, (_, index) => `Take ${index + 1} of ${items}: a paper lantern rises over a night harbour, slow tilt up`);
}

/** Trigger, prompt list, split: the head of examples/scheduled-pipeline, shared by every contender. */
function head(items: number): { nodes: WorkflowNode[]; connections: Record<string, unknown> } {
	const example = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'scheduled-pipeline.workflow.json'), 'utf8')) as WorkflowJson;
	const keep = [TRIGGER, 'Prompt list', 'One item per prompt'];
	const nodes = example.nodes.filter((node) => keep.includes(node.name));
	nodes.find((node) => node.name === 'Prompt list')!.parameters.jsonOutput = JSON.stringify({ prompts: prompts(items) });
	return {
		nodes,
		connections: {
			[TRIGGER]: { main: [[{ node: 'Prompt list', type: 'main', index: 0 }]] },
			'Prompt list': { main: [[{ node: 'One item per prompt', type: 'main', index: 0 }]] },
		},
	};
}

const link = (node: string) => ({ node, type: 'main', index: 0 });

function oursWorkflow(job: Job, credential: { id: string; name: string }): WorkflowJson {
	const example = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'scheduled-pipeline.workflow.json'), 'utf8')) as WorkflowJson;
	const kling = example.nodes.find((node) => node.name === 'Kling Omni')!;
	kling.parameters = { ...kling.parameters, waitMode: job.contender === 'ours-webhook' ? 'webhook' : 'poll' };
	kling.credentials = { freepikApi: credential };
	const { nodes, connections } = head(job.items);
	return {
		name: `bench ${job.contender} x${job.items} (${job.render.name})`,
		nodes: [...nodes, kling],
		connections: { ...connections, 'One item per prompt': { main: [[link('Kling Omni')]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** The loop users build from HTTP Request, Wait and IF; `careful`: Batching 1 item per 1.2 s and Retry On Fail. */
function loopWorkflow(job: Job, baseUrl: string, careful: boolean): WorkflowJson {
	const headers = { sendHeaders: true, headerParameters: { parameters: [{ name: 'x-freepik-api-key', value: job.key }] } };
	const batching = careful ? { batching: { batch: { batchSize: 1, batchInterval: 1200 } } } : {};
	const retry = careful ? { retryOnFail: true } : {};
	const http = (name: string, x: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): WorkflowNode => ({
		id: `${name.toLowerCase().replace(/\W+/g, '-')}-node`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [x, 0],
		parameters,
		...extra,
	});
	const { nodes, connections } = head(job.items);
	return {
		name: `bench ${job.contender} x${job.items} (${job.render.name})`,
		nodes: [
			...nodes,
			http(
				'Create',
				660,
				{
					method: 'POST',
					url: `${baseUrl}/v1/ai/video/kling-v3-omni-std`,
					...headers,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ prompt: $json.prompt, duration: "5", aspect_ratio: "16:9" }) }}',
					options: { ...batching },
				},
				retry,
			),
			{
				id: 'wait-node',
				name: 'Wait 5 s',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [880, 0],
				parameters: { resume: 'timeInterval', amount: 5, unit: 'seconds' },
				webhookId: '5b0b7c56-2f1c-4b8e-9d64-0c2a7b1d9e01',
			},
			http(
				'Status',
				1100,
				{ method: 'GET', url: `=${baseUrl}/v1/ai/video/kling-v3-omni/{{ $json.data.task_id }}`, ...headers, options: { ...batching } },
				retry,
			),
			{
				id: 'if-node',
				name: 'Completed?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2,
				position: [1320, 0],
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
						conditions: [
							{
								id: 'completed',
								leftValue: '={{ $json.data.status }}',
								rightValue: 'COMPLETED',
								operator: { type: 'string', operation: 'equals' },
							},
						],
						combinator: 'and',
					},
					options: {},
				},
			},
			http('Download', 1540, {
				method: 'GET',
				url: '={{ $json.data.generated[0] }}',
				options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
			}),
		],
		connections: {
			...connections,
			'One item per prompt': { main: [[link('Create')]] },
			Create: { main: [[link('Wait 5 s')]] },
			'Wait 5 s': { main: [[link('Status')]] },
			Status: { main: [[link('Completed?')]] },
			'Completed?': { main: [[link('Download')], [link('Wait 5 s')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

interface LogEntry {
	at: number;
	endpoint: string;
	status?: number;
	path: string;
	apiKey?: string;
}

async function sandboxLog(sandbox: SandboxProcess): Promise<LogEntry[]> {
	const response = await fetch(`${sandbox.controlUrl}/log`, { signal: AbortSignal.timeout(30_000) });
	return (await response.json()) as LogEntry[];
}

const API = /^freepik\.(omni|omniReference|v3|upload)\./;
const FINAL = ['success', 'error', 'crashed', 'canceled'];

function videosOf(items: OutputItem[]): number {
	return items.filter((item) => !item.json.error && item.binary?.data?.mimeType === 'video/mp4').length;
}

/** When the node that hands the videos on last finished a run, and how many videos it handed on. */
function outputOf(execution: Execution, nodeName: string): { at: number; videos: number } {
	const runs = (execution.data.resultData.runData[nodeName] ?? []) as Array<{
		startTime?: number;
		executionTime?: number;
		data?: { main?: Array<OutputItem[] | null> };
	}>;
	let at = Number.NaN;
	let videos = 0;
	for (const run of runs) {
		const items = run.data?.main?.[0] ?? [];
		const count = videosOf(items);
		videos += count;
		if (count > 0 && run.startTime !== undefined) at = Math.max(Number.isNaN(at) ? 0 : at, run.startTime + (run.executionTime ?? 0));
	}
	return { at, videos };
}

async function runJob(
	api: N8nInstance['api'],
	sandbox: SandboxProcess,
	job: Job,
	credential: { id: string; name: string },
): Promise<JobResult> {
	const renderMs = job.render.queuedMs + job.render.runningMs;
	const floorMs = job.contender === 'ours-webhook' ? webhookFloorMs(job.items, renderMs) : pollFloorMs(job.items, renderMs);
	const workflowJson = job.contender.startsWith('ours') ? oursWorkflow(job, credential) : loopWorkflow(job, sandbox.url, job.contender === 'careful-loop');
	const outputNode = job.contender.startsWith('ours') ? 'Kling Omni' : 'Download';
	const workflow = await api.createWorkflow(workflowJson);
	const executionId = await api.runManually(workflow, TRIGGER);
	const statuses: string[] = [];
	// Bounded: the careful loop's rounds take N x 1.2 s; 4 floors and 10 minutes beyond cover every contender.
	const giveUpAt = Date.now() + 4 * floorMs + 2 * job.items * 1200 + 600_000;
	let execution: Execution | undefined;
	let error: string | undefined;
	// The executions list (no execution data) every 2 s: light on the n8n being measured.
	for (let round = 0; round < 100_000; round++) {
		try {
			const summary = (await api.executions(workflow.id)).find((candidate) => String(candidate.id) === String(executionId));
			if (summary && statuses[statuses.length - 1] !== summary.status) statuses.push(summary.status);
			if (summary && FINAL.includes(summary.status)) break;
		} catch (failure) {
			error = (failure as Error).message;
		}
		if (Date.now() > giveUpAt) {
			error = 'no final status within the bound';
			break;
		}
		await sleep(2_000);
	}
	try {
		execution = await api.execution(executionId);
		if (statuses[statuses.length - 1] !== execution.status) statuses.push(execution.status);
	} catch (failure) {
		error = (failure as Error).message;
	}
	const entries = (await sandboxLog(sandbox)).filter((entry) => entry.apiKey === job.key && API.test(entry.endpoint));
	const creates = entries.filter((entry) => entry.endpoint.endsWith('.create') && entry.status !== undefined && entry.status < 300);
	const requestsByKind: Record<string, number> = {};
	for (const entry of entries) {
		const kind = entry.endpoint.split('.').pop()!;
		requestsByKind[kind] = (requestsByKind[kind] ?? 0) + 1;
	}
	const output = execution ? outputOf(execution, outputNode) : { at: Number.NaN, videos: 0 };
	const firstCreate = Math.min(...creates.map((entry) => entry.at));
	const createsMs = creates.length > 0 ? Math.max(...creates.map((entry) => entry.at)) - firstCreate : 0;
	const complete = output.videos === job.items;
	const runError = execution?.data?.resultData?.error?.message;
	return {
		contender: job.contender,
		items: job.items,
		render: job.render.name,
		renderMs,
		executionId,
		status: execution?.status ?? 'unknown',
		wallMs: complete ? output.at - firstCreate : Number.NaN,
		floorMs: job.contender === 'ours-webhook' ? webhookFloorMs(job.items, renderMs, createsMs) : floorMs,
		createsMs,
		requests: entries.length,
		requestsByKind,
		throttled: entries.filter((entry) => entry.status === 429).length,
		tasksCreated: creates.length,
		videos: output.videos,
		lost: creates.length - output.videos,
		statuses,
		parked: statuses.filter((status) => status === 'waiting').length,
		...(error || runError || !complete ? { error: error ?? runError ?? `${output.videos} of ${job.items} videos` } : {}),
	};
}

function jobsFor(plan: Plan): Job[] {
	const jobs: Job[] = [];
	for (const render of plan.renders) {
		for (const items of plan.pollSizes) {
			for (const contender of ['ours-poll', 'careful-loop', 'template'] as const) jobs.push({ contender, items, render, key: '' });
		}
		for (const items of plan.webhookSizes) jobs.push({ contender: 'ours-webhook', items, render, key: '' });
		for (const items of plan.againSizes) jobs.push({ contender: 'ours-poll-again', items, render, key: '' });
	}
	return jobs.map((job, index) => ({ ...job, key: `fp-bench-${index}-${job.contender}-${job.items}` }));
}

function commitOf(): string {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials', 'package.json'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${commit}+changes` : commit;
	} catch {
		return 'unknown';
	}
}

const s = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '-');


function cell(result: JobResult | undefined): string {
	if (!result) return '';
	const perVideo = (result.requests / result.items).toFixed(2);
	const head = Number.isFinite(result.wallMs) ? `${s(result.wallMs)} s (${(result.wallMs / result.floorMs).toFixed(2)}x)` : `FAILED (${result.videos}/${result.items} videos)`;
	return `${head}, ${perVideo} req/video, ${result.throttled} 429s, ${result.lost} lost`;
}

function table(header: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface N8nBenchResult {
	generatedAt: string;
	commit: string;
	machine: { node: string; cpus: number; cpuModel?: string; memoryGb: number };
	n8n: string;
	limit: string;
	smoke: boolean;
	floors: Record<string, string>;
	results: JobResult[];
	memory?: MemoryResult;
	durationS: number;
}

/** The tables (stdout, and the README section written from the JSON). */
export function formatN8nReport(result: N8nBenchResult): string {
	const byKey = new Map(result.results.map((entry) => [`${entry.contender}|${entry.items}|${entry.render}`, entry]));
	const renders = [...new Set(result.results.map((entry) => entry.render))];
	const pollRows: string[][] = [];
	const webhookRows: string[][] = [];
	for (const render of renders) {
		const ofRender = result.results.filter((entry) => entry.render === render);
		for (const items of [...new Set(ofRender.filter((entry) => entry.contender === 'ours-poll').map((entry) => entry.items))].sort((a, b) => a - b)) {
			const get = (contender: N8nContender) => byKey.get(`${contender}|${items}|${render}`);
			const again = get('ours-poll-again');
			pollRows.push([render, String(items), cell(get('ours-poll')), again ? cell(again) : '-', cell(get('careful-loop')), cell(get('template')), `${s(get('ours-poll')?.floorMs ?? Number.NaN)} s`]);
		}
		for (const entry of ofRender.filter((candidate) => candidate.contender === 'ours-webhook').sort((a, b) => a.items - b.items)) {
			const kinds = Object.entries(entry.requestsByKind)
				.map(([kind, count]) => `${kind} ${count}`)
				.join(', ');
			webhookRows.push([render, String(entry.items), cell(entry), kinds || '-', `${entry.parked}`, `${s(entry.floorMs)} s`]);
		}
	}
	const lines = [
		`n8n ${result.n8n}, ${result.limit}; ${result.machine.cpus} cores, Node ${result.machine.node}; commit ${result.commit}; ${result.generatedAt}`,
		'',
		'Poll Until Finished beside what users build (time from the first create to the output of the node that hands the videos on; ratio to the floor):',
		'',
		table(['renders', 'N', 'ours', 'ours, run again (next night)', 'careful loop', 'template at defaults', 'floor'], pollRows),
		'',
		'Wait for Webhook (signed callbacks; floor = creates under the limit + render):',
		'',
		table(['renders', 'N', 'ours, Wait for Webhook', 'requests', 'parked', 'floor'], webhookRows),
	];
	if (result.memory) {
		const memory = result.memory;
		const mb = (bytes: number | undefined) => (bytes === undefined ? '-' : (bytes / 1024 / 1024).toFixed(1));
		lines.push(
			'',
			`Memory: one ${mb(memory.videoBytes)} MB video streamed into n8n's binary data (${memory.binaryMode ?? '?'} mode, a separate process): ` +
				`${memory.ok ? '' : `NOT OK (${memory.error ?? 'see JSON'}): `}peak ${mb(memory.aboveBaselineBytes)} MB above a ${mb(memory.baselineRssBytes)} MB baseline (limit 64 MB, from ${memory.peakSource ?? '?'}), ` +
				`${memory.storedBytes === memory.videoBytes ? 'stored in full' : `stored ${memory.storedBytes ?? '-'} of ${memory.videoBytes} bytes`}`,
		);
	}
	return lines.join('\n');
}

async function main(): Promise<void> {
	const plan = parsePlan(process.argv.slice(2));
	const started = Date.now();
	const cache = cacheRoot(REPO_ROOT);
	const runDir = join(cache, 'runs', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
	mkdirSync(runDir, { recursive: true });
	const jobs = jobsFor(plan);
	log(`n8n ${plan.version}, ${jobs.length} workflows side by side, each on its own key; work folder ${runDir}`);
	const [runtime, tarball] = await Promise.all([ensureN8n(cache, N8N_SPECS[plan.version]), packPackage(REPO_ROOT, join(runDir, 'pack'))]);
	const sandboxes = new Map<string, SandboxProcess>();
	for (const render of plan.renders) {
		const keys = jobs.filter((job) => job.render === render).map((job) => job.key);
		sandboxes.set(
			render.name,
			await startSandboxCli(REPO_ROOT, runDir, 1, LIMIT, {
				name: `sandbox-${render.name.replace(/\W+/g, '')}`,
				control: true,
				args: ['--queued-ms', String(render.queuedMs), '--running-ms', String(render.runningMs), '--freepik-keys', keys.join(','), '--webhook-timeout-ms', '15000'],
			}),
		);
	}
	const userFolder = join(runDir, 'n8n');
	await installCommunityPackage(runtime, userFolder, tarball);
	const n8n = await N8nInstance.startMain(runtime, { name: 'n8n-bench', userFolder, filesFolder: join(userFolder, 'files') });
	await n8n.api.setupOwner();
	log(`n8n ${plan.version} at ${n8n.baseUrl}; ${jobs.length} workflows in ${plan.renders.length} lane(s)`);
	const runOne = async (job: Job): Promise<JobResult> => {
		const sandbox = sandboxes.get(job.render.name)!;
		const credential = {
			id: await n8n.api.createCredential(job.key, 'freepikApi', {
				apiKey: job.key,
				host: 'custom',
				customBaseUrl: sandbox.url,
				webhookSecret: DEFAULT_WEBHOOK_SECRET,
			}),
			name: job.key,
		};
		try {
			const result = await runJob(n8n.api, sandbox, job, credential);
			log(`${job.render.name} ${job.contender} x${job.items}: ${cell(result)}${result.error ? ` (${result.error.slice(0, 160)})` : ''}`);
			return result;
		} catch (error) {
			log(`${job.render.name} ${job.contender} x${job.items}: failed: ${(error as Error).message}`);
			const renderMs = job.render.queuedMs + job.render.runningMs;
			return {
				contender: job.contender,
				items: job.items,
				render: job.render.name,
				renderMs,
				status: 'bench error',
				wallMs: Number.NaN,
				floorMs: pollFloorMs(job.items, renderMs),
				createsMs: 0,
				requests: 0,
				requestsByKind: {},
				throttled: 0,
				tasksCreated: 0,
				videos: 0,
				lost: 0,
				statuses: [],
				parked: 0,
				error: (error as Error).message,
			} satisfies JobResult;
		}
	};
	// Side by side, but not all at once: one lane per render length; in a lane, the contenders of
	// one batch size run together (each on its own key), then the next size. So at most a few
	// executions share the n8n and the two cores at a time, and each row's contenders share them.
	const lanes = plan.renders.map((render) => {
		const ofRender = jobs.filter((job) => job.render === render);
		// The runs again come last, after every other batch of the lane.
		const groupOf = (job: Job) => (job.contender === 'ours-poll-again' ? AGAIN_GROUP : job.items >= 49 && job.items <= 51 ? 50 : job.items);
		const groups = [...new Set(ofRender.map(groupOf))].sort((a, b) => a - b);
		return groups.map((group) => ofRender.filter((job) => groupOf(job) === group));
	});
	const results = (
		await Promise.all(
			lanes.map(async (groups) => {
				const done: JobResult[] = [];
				for (const group of groups) done.push(...(await Promise.all(group.map(runOne))));
				return done;
			}),
		)
	).flat();
	await n8n.stop();
	for (const sandbox of sandboxes.values()) await sandbox.process.stop();
	let memory: MemoryResult | undefined;
	if (plan.memoryBytes > 0) {
		log(`memory: a ${Math.round(plan.memoryBytes / 1024 / 1024)} MB video into filesystem binary data, in a child process`);
		memory = await measureMemory(plan.memoryBytes, 0.01);
	}
	const result: N8nBenchResult = {
		generatedAt: new Date().toISOString(),
		commit: commitOf(),
		machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1e9) },
		n8n: plan.version,
		limit: `${LIMIT} requests per ${WINDOW_MS / 1000} s per key, sliding, real time`,
		smoke: plan.smoke,
		floors: {
			poll: 'max(T + floor((N-1)/L)*W, floor((2N-1)/L)*W), L = 50, W = 60 s',
			webhook: 'max(floor((N-1)/L)*W, time to send the creates (first to last admitted, measured)) + T',
		},
		results,
		memory,
		durationS: Math.round((Date.now() - started) / 1000),
	};
	const folder = join(__dirname, 'results');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, plan.smoke ? 'n8n-smoke.json' : 'n8n-latest.json');
	writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
	process.stdout.write(`${formatN8nReport(result)}\n\nJSON: ${file} (${result.durationS} s)\n`);
}

if (require.main === module) {
	main()
		.catch((error: unknown) => {
			process.stderr.write(`bench:n8n failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exitCode = 1;
		})
		.finally(async () => {
			await stopAll();
			process.exit();
		});
}
