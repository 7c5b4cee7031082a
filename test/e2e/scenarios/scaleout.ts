import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { check, checkMp4 } from '../lib/assert';
import { type Context, findNode, importExample } from '../lib/context';
import { say } from '../lib/log';
import { type Execution, type N8nInstance, nodeItems, type OutputItem, type WorkflowJson } from '../lib/n8n';
import type { RoundRobinProxy } from '../lib/proxy';
import type { PostgresService, SandboxProcess } from '../lib/services';
import { sleep, waitFor } from '../lib/wait';
import { pairedIndex } from './checks';
import type { Scenario } from './generate';

/**
 * Scale-out (issue #17): n8n queue mode on Postgres with one main, two `n8n worker` and two
 * `n8n webhook` processes behind a loopback round-robin proxy (WEBHOOK_URL = the proxy), so the
 * provider's callbacks alternate between the webhook processes.
 */
export interface ScaleOut {
	main: N8nInstance;
	workers: N8nInstance[];
	webhooks: N8nInstance[];
	proxy: RoundRobinProxy;
	postgres: PostgresService;
	database: string;
	/** Sandbox for (a) and (c): no practical rate limit; a control port to finish stuck tasks at once. */
	sandbox: SandboxProcess;
	/** Sandbox for (b): Freepik's 50 requests per minute in real time (time scale 1), short renders. */
	limited: SandboxProcess;
	limitedRenderMs: number;
	/** Credential name -> id in this n8n, for the limited sandbox: "Freepik limited". */
}

export interface ScaleOutOptions {
	trials: number;
}

const SCHEDULE_TRIGGER = 'Every night at 02:00';
const MANUAL_TRIGGER = 'When clicking ‘Execute workflow’';

function countLines(log: string, needle: string): number {
	return log.split(needle).length - 1;
}

function workerStarts(topology: ScaleOut, executionId: string): number[] {
	return topology.workers.map((worker) => countLines(worker.process.log(), `Worker started execution ${executionId} `));
}

/**
 * What the node's resume gate logged in the webhook processes for one execution (info level):
 * "resuming execution N (rank k, final check at T)" and "execution N was resumed by another
 * process (first|final check, rank k, at T)".
 */
interface GateLines {
	resumed: Array<{ process: number; rank: number; at: number }>;
	refused: Array<{ process: number; stage: string; rank: number; at: number }>;
}

function gateLines(topology: ScaleOut, executionId: string): GateLines {
	const lines: GateLines = { resumed: [], refused: [] };
	topology.webhooks.forEach((webhook, process) => {
		const log = webhook.process.log();
		for (const match of log.matchAll(new RegExp(`resuming execution ${executionId} \\(rank (\\d+), final check at (\\d+)\\)`, 'g'))) {
			lines.resumed.push({ process, rank: Number(match[1]), at: Number(match[2]) });
		}
		for (const match of log.matchAll(new RegExp(`execution ${executionId} was resumed by another process \\((\\w+) check, rank (\\d+), at (\\d+)\\)`, 'g'))) {
			lines.refused.push({ process, stage: match[1], rank: Number(match[2]), at: Number(match[3]) });
		}
	});
	return lines;
}

function describeGate(lines: GateLines): string {
	const first = Math.min(...lines.resumed.map((line) => line.at));
	const refused = lines.refused.map((line) => `webhook ${line.process + 1} ${line.stage} check rank ${line.rank} ${Number.isFinite(first) ? `+${line.at - first} ms` : ''}`);
	return `gate: ${lines.resumed.map((line) => `webhook ${line.process + 1} resumed (rank ${line.rank})`).join(', ') || 'no resume logged'}${refused.length ? `; refused: ${refused.join(', ')}` : ''}`;
}

function prompts(count: number, label: string, marker = ''): string[] {
	return Array.from({ length: count }, (_, index) => `${label} ${index + 1} of ${count}: a lighthouse beam sweeps a foggy bay, slow dolly${marker}`);
}

function pipeline(items: string[], waitMode: 'poll' | 'webhook', credential?: { id: string; name: string }) {
	return (json: WorkflowJson): void => {
		findNode(json, 'Prompt list').parameters.jsonOutput = JSON.stringify({ prompts: items });
		const kling = findNode(json, 'Kling Omni');
		kling.parameters.waitMode = waitMode;
		if (credential) kling.credentials = { freepikApi: credential };
	};
}

/** Items with a finished video (binary data, video/mp4) and no error; the rest are "lost". */
function videoItems(items: OutputItem[]): OutputItem[] {
	return items.filter((item) => !item.json.error && item.binary?.data?.mimeType === 'video/mp4' && typeof item.json.taskId === 'string');
}

async function controlLog(sandbox: SandboxProcess): Promise<Array<{ at: number; endpoint: string; status?: number; path: string }>> {
	const response = await fetch(`${sandbox.controlUrl}/log`, { signal: AbortSignal.timeout(20_000) });
	return (await response.json()) as Array<{ at: number; endpoint: string; status?: number; path: string }>;
}

/**
 * (a) A batch of 50 with Wait for Webhook, the 50 terminal callbacks sent at the same moment
 * (the sandbox finishes 50 `[sandbox:stuck]` tasks at once), alternating across both webhook
 * processes. Each trial must resume exactly once with 50 videos: counted in both workers' logs
 * ("Worker started execution N": once before parking + once per resume) and in Postgres.
 */
export function exactlyOnceResume(topology: ScaleOut, options: ScaleOutOptions): Scenario {
	return {
		name: `scale-out: batch of 50, Wait for Webhook, 50 simultaneous callbacks over 2 webhook processes, ${options.trials} trials — resumed exactly once`,
		timeoutMs: 60_000 + options.trials * 150_000,
		async run(context) {
			const { api } = context.n8n;
			const items = prompts(50, 'Scale-out shot', ' [sandbox:stuck]');
			const workflow = await importExample(context, 'scheduled-pipeline.workflow.json', pipeline(items, 'webhook'));
			const results: Array<{ trial: number; executionId: string; resumes: number; videos: number; status: string; perWebhook: number[]; ms: number; note?: string; gate: GateLines }> = [];
			for (let trial = 1; trial <= options.trials; trial++) {
				const started = Date.now();
				const before = [...topology.proxy.counts];
				const executionId = await api.runManually(workflow, SCHEDULE_TRIGGER);
				const seen: string[] = [];
				let note: string | undefined;
				let execution: Execution | undefined;
				try {
					await api.waitForExecution(executionId, ['waiting'], 90_000, seen);
					// Every CREATED/IN_PROGRESS callback has been answered before the burst.
					await sleep(1000);
					const completed = (await (await fetch(`${topology.sandbox.controlUrl}/complete-stuck`, { method: 'POST', signal: AbortSignal.timeout(20_000) })).json()) as { completed: string[] };
					if (completed.completed.length !== 50) note = `the sandbox finished ${completed.completed.length} stuck tasks, not 50`;
					execution = await api.waitForExecution(executionId, ['success'], 120_000, seen);
				} catch (error) {
					note = [note, (error as Error).message].filter(Boolean).join('; ');
				}
				// A second resume would start within moments of the first.
				await sleep(3000);
				const starts = workerStarts(topology, executionId);
				const resumes = starts.reduce((sum, count) => sum + count, 0) - 1;
				let videos = 0;
				if (execution) {
					try {
						const output = nodeItems(execution, 'Kling Omni');
						videos = videoItems(output).length;
						const inOrder = output.every((item, index) => pairedIndex(item) === index);
						if (!inOrder) note = [note, 'items out of input order'].filter(Boolean).join('; ');
					} catch (error) {
						note = [note, (error as Error).message].filter(Boolean).join('; ');
					}
				}
				const [row] = await topology.postgres.query(topology.database, `SELECT status, finished FROM execution_entity WHERE id = ${Number(executionId)}`);
				const status = row ? `${row[0]}${row[1] === 't' ? '' : ' (not finished)'}` : 'missing';
				const perWebhook = [0, 1].map((index) => (topology.proxy.counts[index] ?? 0) - (before[index] ?? 0));
				const gate = gateLines(topology, executionId);
				const result = { trial, executionId, resumes, videos, status, perWebhook, ms: Date.now() - started, note, gate };
				results.push(result);
				say(
					`    trial ${trial}/${options.trials}: execution ${executionId} ${seen.join(' → ')}; resumes ${resumes} (worker starts ${starts.join('+')}); ${videos} videos; Postgres status ${status}; webhook requests ${perWebhook.join('/')}; ${describeGate(gate)}; ${(result.ms / 1000).toFixed(1)} s${note ? `; ${note}` : ''}`,
				);
			}
			// A resumer that was held up (the key's budget in its process, a slow list) may only come
			// back after its trial ended: count every trial's resumes and gate lines once more at the end.
			await sleep(5000);
			const late: string[] = [];
			for (const result of results) {
				const resumes = workerStarts(topology, result.executionId).reduce((sum, count) => sum + count, 0) - 1;
				if (resumes !== result.resumes) late.push(`trial ${result.trial}: resumes ${result.resumes} -> ${resumes}`);
				result.resumes = resumes;
				result.gate = gateLines(topology, result.executionId);
			}
			if (late.length) say(`    counted again at the end: ${late.join('; ')}`);
			const exactlyOnce = results.filter((result) => result.resumes === 1 && result.videos === 50 && result.status === 'success').length;
			const doubles = results.filter((result) => result.resumes > 1).length;
			const never = results.filter((result) => result.resumes < 1).length;
			const summary =
				`${exactlyOnce}/${results.length} trials resumed exactly once with 50 videos; ${doubles} resumed more than once ` +
				`(max ${Math.max(...results.map((result) => result.resumes))}), ${never} never resumed; ` +
				`webhook requests per process ${results.reduce((sum, result) => sum + result.perWebhook[0], 0)}/${results.reduce((sum, result) => sum + result.perWebhook[1], 0)}; ` +
				`${gateSummary(results.map((result) => result.gate))}; ` +
				`mean trial ${(results.reduce((sum, result) => sum + result.ms, 0) / results.length / 1000).toFixed(1)} s`;
			check(exactlyOnce === results.length, summary);
			return summary;
		},
	};
}

/** Across trials: how often the second process found the batch finished and was kept from resuming, and by how much time. */
function gateSummary(gates: GateLines[]): string {
	const refusedFinal = gates.flatMap((gate) => {
		const first = Math.min(...gate.resumed.map((line) => line.at));
		return gate.refused.filter((line) => line.stage === 'final' && Number.isFinite(first)).map((line) => line.at - first);
	});
	const refusedFirst = gates.reduce((sum, gate) => sum + gate.refused.filter((line) => line.stage === 'first').length, 0);
	const resumedLogged = gates.reduce((sum, gate) => sum + gate.resumed.length, 0);
	return (
		`node gate: ${resumedLogged} resumes logged by the webhook processes, ${refusedFirst} refused at the first check (before downloads), ` +
		`${refusedFinal.length} at the final check${refusedFinal.length ? ` (final checks ${Math.min(...refusedFinal)}-${Math.max(...refusedFinal)} ms after the resumer's)` : ''}`
	);
}

/**
 * (b) Two workflows of 25 items on one Freepik key, run by the two workers, against the
 * sandbox's real-time 50 requests/minute: 0 lost, 429s counted and bounded, and the pair within
 * 1.2x of the floor. The floor: 50 creates fill one whole window, so the first read after them
 * cannot come before 60 s after the first create (and not before the render ends). Two rounds:
 * started together, and the second workflow 3 s after the first (queue-mode workers pick their
 * jobs up at different moments; the later one meets a key the first has filled). Alone, the first
 * is done in about 5 s (its 25 reads fit beside its creates): any later and one worker would run
 * both, so for that round the workers are reported, not required.
 */
const PAIR_STARTS_MS = [0, 3_000];

export function sharedKeyPair(topology: ScaleOut): Scenario {
	return {
		name: 'scale-out: two workflows of 25 items on one Freepik key on two workers, real-time 50/min — 0 lost, 429s bounded, within 1.2x of the floor',
		timeoutMs: 900_000,
		async run(context) {
			const rounds: string[] = [];
			const problems: string[] = [];
			for (const [round, laterMs] of PAIR_STARTS_MS.entries()) {
				const outcome = await sharedKeyRound(context, topology, laterMs, round);
				rounds.push(`${laterMs ? `second ${laterMs / 1000} s later` : 'together'}: ${outcome.summary}`);
				problems.push(...outcome.problems.map((problem) => `${laterMs ? `second ${laterMs / 1000} s later` : 'together'}: ${problem}`));
			}
			check(problems.length === 0, `${rounds.join('; ')} — ${problems.join('; ')}`);
			return rounds.join('; ');
		},
	};
}

async function sharedKeyRound(context: Context, topology: ScaleOut, laterMs: number, round: number): Promise<{ summary: string; problems: string[] }> {
	const { api } = context.n8n;
	const credential = { id: context.credentials['Freepik limited'].id, name: 'Freepik limited' };
	const first = await importExample(context, 'scheduled-pipeline.workflow.json', pipeline(prompts(25, `Pair A${round}`), 'poll', credential));
	const second = await importExample(context, 'scheduled-pipeline.workflow.json', pipeline(prompts(25, `Pair B${round}`), 'poll', credential));
	await emptyWindow(topology.limited);
	await fetch(`${topology.limited.controlUrl}/reset-log`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
	const started = Date.now();
	const ids = await Promise.all(
		[first, second].map(async (workflow, index) => {
			if (index > 0 && laterMs > 0) await sleep(laterMs);
			return await api.runManually(workflow, SCHEDULE_TRIGGER);
		}),
	);
	const finishedAt: number[] = [];
	const executions = await Promise.all(
		ids.map(async (id) => {
			try {
				const execution = await api.waitForExecution(id, ['success'], 540_000);
				finishedAt.push(Date.now());
				return execution;
			} catch (error) {
				finishedAt.push(Date.now());
				say(`    execution ${id}: ${(error as Error).message}`);
				return await api.execution(id);
			}
		}),
	);
	const wallMs = Math.max(...finishedAt) - started;
	const log = await controlLog(topology.limited);
	const limited = log.filter((entry) => entry.endpoint.startsWith('freepik.'));
	// The request timeline, kept beside n8n's logs for whoever reads a slow or refused run.
	writeFileSync(
		join(context.n8n.options.userFolder, `shared-key-requests-${round}.json`),
		JSON.stringify(limited.map((entry) => ({ ms: entry.at - started, endpoint: entry.endpoint, status: entry.status, path: entry.path }))),
	);
	const creates = limited.filter((entry) => entry.endpoint.endsWith('.create') && entry.status !== 429);
	const tooMany = limited.filter((entry) => entry.status === 429).length;
	const admitted = limited.filter((entry) => entry.status !== 429).length;
	let videos = 0;
	for (const execution of executions) {
		try {
			videos += videoItems(nodeItems(execution, 'Kling Omni')).length;
		} catch {
			// counted as lost
		}
	}
	const lost = 50 - videos;
	const ranOn = ids.map((id) => topology.workers.findIndex((worker) => worker.process.log().includes(`Worker started execution ${id} `)));
	const floorMs = Math.max(60_000, topology.limitedRenderMs);
	const ratio = wallMs / floorMs;
	const summary =
		`executions ${ids.join(' + ')} on workers ${ranOn.map((index) => index + 1).join(' + ')}${new Set(ranOn).size === 1 ? ' (one worker: one budget)' : ''}: ${videos}/50 videos (${lost} lost), ` +
		`${creates.length} tasks created, ${admitted} admitted Freepik requests, ${tooMany} answered 429; ` +
		`wall ${(wallMs / 1000).toFixed(1)} s vs floor ${(floorMs / 1000).toFixed(0)} s = ${ratio.toFixed(2)}x (limit 1.2x)`;
	// Bounded: no more 429s than admitted requests (each 429 followed by a back-off, not a storm).
	const problems = [
		lost > 0 ? `${lost} lost` : '',
		ranOn.includes(-1) || (laterMs === 0 && new Set(ranOn).size !== 2) ? 'the two executions did not run on the two workers' : '',
		tooMany > admitted ? `${tooMany} 429s exceed the ${admitted} admitted requests` : '',
		ratio > 1.2 ? `${ratio.toFixed(2)}x the floor` : '',
	].filter(Boolean);
	return { summary, problems };
}

/**
 * Waits until the limited key's window holds no admitted request: the floor assumes a key nobody
 * used in the last minute. One limited sandbox serves both n8n versions and both rounds, and a
 * pair started 40 s after the previous one met a window still half full (2.41.1, run after
 * 1.123.50: 1.22x and 12 x 429, read at first as the budget's fault).
 */
async function emptyWindow(limited: SandboxProcess): Promise<void> {
	const admitted = (await controlLog(limited)).filter((entry) => entry.endpoint.startsWith('freepik.') && entry.status !== 429);
	const clearAt = Math.max(0, ...admitted.map((entry) => entry.at)) + 60_000 + 500;
	if (clearAt > Date.now()) await sleep(clearAt - Date.now());
}

/**
 * Activates the results workflow (its Kling Trigger behind the proxy), runs the fire-and-forget
 * generate example with the trigger's production URL as the webhook, and returns the trigger's
 * execution once it has ended.
 */
async function generateIntoTrigger(context: Context, topology: ScaleOut, results: { id: string; versionId: string }, webhookId: string): Promise<Execution> {
	const { api } = context.n8n;
	const productionUrl = `${topology.proxy.url}/webhook/${webhookId}/kling`;
	await api.activate(results, productionUrl, 'POST');
	const generate = await importExample(context, 'fire-and-forget-generate.workflow.json', (json) => {
		(findNode(json, 'Kling Omni').parameters.options as Record<string, unknown>).webhookUrl = productionUrl;
	});
	await api.waitForExecution(await api.runManually(generate, MANUAL_TRIGGER), ['success'], 60_000);
	const finished = await waitFor(
		'the Kling Trigger execution',
		async () => (await api.executions(results.id)).find((execution) => ['success', 'error', 'crashed'].includes(execution.status)),
		{ timeoutMs: 90_000, intervalMs: 500 },
	);
	return await api.execution(finished.id);
}

async function binaryRow(topology: ScaleOut, binaryId: string | undefined): Promise<string> {
	if (!binaryId) return 'inline (no binary id)';
	const [mode, fileId] = binaryId.split(':');
	if (mode !== 'database') return `${mode} mode, id ${fileId}`;
	const rows = await topology.postgres.query(topology.database, `SELECT "sourceType", "sourceId" FROM binary_data WHERE "fileId" = '${fileId.replace(/'/g, '')}'`);
	return rows.length ? `database row sourceType=${rows[0][0]} sourceId=${rows[0][1]}` : 'database mode, no row';
}

async function download(context: Context, binary: { id?: string; data?: string }): Promise<{ ok: boolean; detail: string; bytes?: Buffer }> {
	try {
		const bytes = await context.n8n.api.binaryBytes(binary);
		return { ok: true, detail: `${bytes.length} bytes`, bytes };
	} catch (error) {
		return { ok: false, detail: (error as Error).message };
	}
}

/**
 * (c) Kling Trigger in queue mode: the callback reaches a webhook process; the trigger's MP4
 * must be downloadable from the execution (GET /rest/binary-data on the main) and readable by the
 * next node ("Save video" wrote it). Control: n8n's own Webhook node with a binary upload in the
 * same setup, same checks, to tell n8n's own behaviour from ours.
 */
export function triggerBinary(topology: ScaleOut): Scenario {
	return {
		name: 'scale-out: Kling Trigger binary through a webhook process (control: n8n Webhook node binary upload)',
		timeoutMs: 180_000,
		async run(context) {
			const { api } = context.n8n;
			const results = await importExample(context, 'fire-and-forget-results.workflow.json');
			const trigger = findNode(results, 'Kling Trigger');
			const execution = await generateIntoTrigger(context, topology, results, String(trigger.webhookId));
			const [received] = nodeItems(execution, 'Kling Trigger');
			const binary = received.binary?.data;
			check(binary, `the trigger output has no binary "data" (${JSON.stringify(received.json).slice(0, 300)})`);
			const klingDownload = await download(context, binary);
			const klingRow = await binaryRow(topology, binary.id);
			const served = Buffer.from(await (await fetch(String(received.json.videoUrl), { signal: AbortSignal.timeout(20_000) })).arrayBuffer());
			let klingNext = 'Save video did not run';
			try {
				const savedFile = join(context.filesDir, `kling-${String(received.json.taskId)}.mp4`);
				const saved = readFileSync(savedFile);
				checkMp4(saved, savedFile);
				klingNext = saved.equals(served) ? 'next node read it (file identical)' : 'next node wrote other bytes';
			} catch (error) {
				klingNext = `next node: ${(error as Error).message}`;
			}
			const klingSame = klingDownload.bytes ? klingDownload.bytes.equals(served) : false;

			// Control: n8n's own Webhook node receiving the same MP4 as a multipart file upload.
			const path = `e2e-upload-${Date.now()}`;
			const control = await api.createWorkflow(controlWorkflow(path, context.filesDir));
			const controlUrl = `${topology.proxy.url}/webhook/${path}`;
			await api.activate(control, controlUrl, 'POST');
			const form = new FormData();
			form.append('video', new Blob([served], { type: 'video/mp4' }), 'upload.mp4');
			const posted = await fetch(controlUrl, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
			const postedText = await posted.text();
			// activate() probes the URL with a POST of its own, which starts an execution too: the
			// control run is the one whose request was the multipart upload.
			const seenIds = new Set<string>();
			const controlExecution = await waitFor(
				'the control Webhook execution',
				async () => {
					for (const candidate of await api.executions(control.id)) {
						if (seenIds.has(candidate.id) || !['success', 'error', 'crashed'].includes(candidate.status)) continue;
						const full = await api.execution(candidate.id);
						let headers: Record<string, string> = {};
						try {
							headers = (nodeItems(full, 'Webhook')[0]?.json.headers ?? {}) as Record<string, string>;
						} catch {
							// the Webhook node has no output in this execution
						}
						if (String(headers['content-type'] ?? '').startsWith('multipart/form-data')) return full;
						seenIds.add(candidate.id);
					}
					return undefined;
				},
				{ timeoutMs: 60_000, intervalMs: 500 },
			);
			const controlRun = { id: String(controlExecution.id), status: String(controlExecution.status) };
			const [upload] = nodeItems(controlExecution, 'Webhook');
			const uploadKey = Object.keys(upload.binary ?? {})[0];
			const uploadBinary = uploadKey ? upload.binary![uploadKey] : undefined;
			const controlDownload = uploadBinary ? await download(context, uploadBinary) : { ok: false, detail: 'no binary in the Webhook output' };
			const controlRow = await binaryRow(topology, uploadBinary?.id);
			let controlNext = 'Write file did not run';
			try {
				const written = readFileSync(join(context.filesDir, `control-${controlRun.id}.mp4`));
				controlNext = written.equals(served) ? 'next node read it (file identical)' : 'next node wrote other bytes';
			} catch (error) {
				controlNext = `next node: ${(error as Error).message}`;
			}

			const summary =
				`Kling Trigger execution ${execution.id} (${execution.status}): /rest/binary-data ${klingDownload.ok ? `OK, ${klingSame ? 'bytes identical' : 'bytes DIFFER'}` : `FAILED (${klingDownload.detail})`}; ${klingRow}; ${klingNext}. ` +
				`Control n8n Webhook execution ${controlRun.id} (${controlRun.status}, POST ${posted.status} ${postedText.slice(0, 60)}): /rest/binary-data ${controlDownload.ok ? 'OK' : `FAILED (${controlDownload.detail})`}; ${controlRow}; ${controlNext}`;
			check(execution.status === 'success' && klingNext.startsWith('next node read it'), summary);
			if (klingDownload.ok) {
				check(klingSame, summary);
				return summary;
			}
			// Not downloadable: ours only if n8n's own Webhook node, storing binary the same way, is.
			const sameFault = !controlDownload.ok && /sourceId=temp/.test(klingRow) && /sourceId=temp/.test(controlRow);
			check(sameFault, `${summary} — our trigger's binary is not served, and n8n's own Webhook node's is not the same case`);
			return `${summary} — n8n's own fault (its Webhook node the same); the way around is the hand-on scenario`;
		},
	};
}

/**
 * (c2) The way around n8n's own fault: the Kling Trigger without Download Video hands the task
 * (id, video URL) on, and a Kling Omni "Get Task" node downloads the MP4 inside the execution
 * (on the worker, where the execution exists): the binary is stored under the execution and
 * `/rest/binary-data` serves it; the next node reads it.
 */
export function triggerHandOn(topology: ScaleOut): Scenario {
	return {
		name: 'scale-out: Kling Trigger without Download Video + Kling Get Task downloading in the execution — binary served and read',
		timeoutMs: 180_000,
		async run(context) {
			const webhookId = `7e1f0c2a-5b6d-4e8f-9a0b-${String(Date.now()).slice(-12).padStart(12, '0')}`;
			const results = await importExample(context, 'fire-and-forget-results.workflow.json', (json) => {
				json.name = `${json.name} (hand the URL on)`;
				const trigger = findNode(json, 'Kling Trigger');
				trigger.webhookId = webhookId;
				trigger.parameters.downloadVideo = false;
				const credentials = trigger.credentials;
				json.nodes.push({
					id: '7e1f0c2a-0000-4000-8000-000000000002',
					name: 'Get video',
					type: 'n8n-nodes-kling.klingOmni',
					typeVersion: 1,
					position: [220, 0],
					parameters: { authentication: 'freepik', resource: 'video', operation: 'getTask', taskId: '={{ $json.taskId }}', downloadVideo: true, options: {} },
					credentials,
				});
				json.connections = {
					'Kling Trigger': { main: [[{ node: 'Get video', type: 'main', index: 0 }]] },
					'Get video': { main: [[{ node: 'Save video', type: 'main', index: 0 }]] },
				};
			});
			const execution = await generateIntoTrigger(context, topology, results, webhookId);
			const [received] = nodeItems(execution, 'Kling Trigger');
			check(!received.binary?.data, 'the trigger downloaded although Download Video is off');
			const [fetched] = nodeItems(execution, 'Get video');
			const binary = fetched.binary?.data;
			check(binary, `Get video has no binary "data" (${JSON.stringify(fetched.json).slice(0, 300)})`);
			const served = Buffer.from(await (await fetch(String(received.json.videoUrl), { signal: AbortSignal.timeout(20_000) })).arrayBuffer());
			const downloaded = await download(context, binary);
			const row = await binaryRow(topology, binary.id);
			const savedFile = join(context.filesDir, `kling-${String(received.json.taskId)}.mp4`);
			const saved = readFileSync(savedFile);
			checkMp4(saved, savedFile);
			const summary =
				`execution ${execution.id} (${execution.status}): trigger output without binary, videoUrl handed on; Get video's binary: /rest/binary-data ` +
				`${downloaded.ok ? `OK, ${downloaded.bytes!.equals(served) ? 'bytes identical' : 'bytes DIFFER'}` : `FAILED (${downloaded.detail})`}; ${row}; ` +
				`next node ${saved.equals(served) ? 'read it (file identical)' : 'wrote other bytes'}`;
			check(execution.status === 'success' && downloaded.ok && downloaded.bytes!.equals(served) && saved.equals(served), summary);
			return summary;
		},
	};
}

function controlWorkflow(path: string, filesDir: string): WorkflowJson {
	return {
		name: `Control: n8n Webhook binary upload (${path})`,
		nodes: [
			{
				id: 'c0a1b2c3-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `c0a1b2c3-0000-4000-8000-${String(Date.now()).slice(-12).padStart(12, '0')}`,
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: { binaryPropertyName: 'data' } },
			},
			{
				id: 'c0a1b2c3-0000-4000-8000-000000000002',
				name: 'Write file',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'write', fileName: `=${filesDir}/control-{{ $execution.id }}.mp4`, dataPropertyName: '={{ Object.keys($binary)[0] }}', options: {} },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Write file', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export function scaleOutScenarios(topology: ScaleOut, options: ScaleOutOptions): Scenario[] {
	return [triggerBinary(topology), triggerHandOn(topology), exactlyOnceResume(topology, options), sharedKeyPair(topology)];
}

export interface RecordedOutcome {
	scenario: string;
	ok: boolean;
	reportOnly?: boolean;
	detail: string;
	ms: number;
}

/**
 * `--record-results`: the scale-out phase writes what it measured to
 * `test/e2e/results/scale-out-<version>.md`, so the README quotes a file the e2e wrote, not
 * figures copied by hand.
 */
export function recordScaleOutResults(
	repoRoot: string,
	record: { version: string; node: string; trials: number; phaseMs: number; outcomes: RecordedOutcome[]; command: string },
): string {
	const folder = join(repoRoot, 'test', 'e2e', 'results');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, `scale-out-${record.version}.md`);
	const today = new Date().toISOString().slice(0, 10);
	const rows = record.outcomes.map(
		(outcome) =>
			`| ${outcome.scenario.replace(/^scale-out: /, '').replace(/\|/g, '/')} | ${outcome.ok ? 'PASS' : outcome.reportOnly ? 'FAIL (report-only)' : 'FAIL'} (${(outcome.ms / 1000).toFixed(0)} s, ${today}) | ${outcome.detail.replace(/\n/g, ' ').replace(/\|/g, '/').replace(/\/work\/\S+/g, '<run folder>')} |`,
	);
	// A run of some scenarios (--only) keeps the other scenarios' rows from their own last run.
	const ran = new Set(rows.map((row) => row.split(' | ')[0]));
	const kept = existsSync(file)
		? readFileSync(file, 'utf8')
				.split('\n')
				.filter((line) => /^\| .+ \| (?:PASS|FAIL)/.test(line) && !ran.has(line.split(' | ')[0]))
		: [];
	const lines = [
		`# Scale-out results: n8n ${record.version}`,
		'',
		`Written by the e2e (\`${record.command}\`) on ${new Date().toISOString()}; ${record.node}; ` +
			`Postgres, 1 main, 2 workers, 2 webhook processes behind a round-robin proxy; ` +
			`phase ${(record.phaseMs / 60_000).toFixed(1)} min. Each row's date is the run that measured it. Do not edit: run it again.`,
		'',
		'| scenario | result (duration, date of the run) | measured |',
		'|---|---|---|',
		...kept,
		...rows,
		'',
	];
	writeFileSync(file, lines.join('\n'));
	return file;
}

const README_BEGIN = '<!-- scale-out results: written by the e2e (--record-results) from test/e2e/results/ -->';
const README_END = '<!-- end of scale-out results -->';

/** One README cell from a recorded outcome: the figures that matter, read from its text. */
function cell(row: { result: string; measured: string } | undefined): string {
	if (!row) return 'not run';
	const passed = row.result.startsWith('PASS');
	const text = row.measured;
	const trials = /(\d+)\/(\d+) trials resumed exactly once with 50 videos; (\d+) resumed more than once \(max (\d+)\)/.exec(text);
	if (trials) {
		const gate = /(\d+) refused at the first check \(before downloads\), (\d+) at the final check/.exec(text);
		return `exactly once in **${trials[1]}/${trials[2]}** trials (${trials[3]} more than once, max ${trials[4]} resumes)${gate ? `; second resumer stopped by the node: ${gate[1]} at its first check, ${gate[2]} at its final check` : ''}`;
	}
	const pair = /(\d+)\/50 videos \((\d+) lost\).*?(\d+) answered 429; wall ([\d.]+) s vs floor (\d+) s = ([\d.]+)x/.exec(text);
	if (pair) return `${passed ? 'PASS' : 'FAIL'}: ${pair[2]} lost, ${pair[3]} x 429, ${pair[4]} s = **${pair[6]}x** the ${pair[5]} s floor`;
	if (/Get video's binary/.test(text)) {
		return `${passed ? 'PASS' : 'FAIL'}: ${/\/rest\/binary-data OK/.test(text) ? 'served' : 'not served'} (${/sourceId=(\S+?);/.exec(text)?.[0]?.replace(';', '') ?? 'inline'}), next node read it`;
	}
	if (/Kling Trigger execution/.test(text)) {
		const ours = /Kling Trigger execution \d+ \(\w+\): \/rest\/binary-data (OK|FAILED)/.exec(text)?.[1];
		const control = /Control n8n Webhook execution \d+ \(\w+[^)]*\)[^:]*: \/rest\/binary-data (OK|FAILED)/.exec(text)?.[1];
		const temp = /sourceId=temp/.test(text);
		return `${passed ? 'PASS' : 'FAIL'}: ours ${ours === 'OK' ? 'served' : 'not served'}${temp ? ' (sourceId temp)' : ''}, n8n Webhook node ${control === 'OK' ? 'served' : 'not served'}${/n8n's own fault/.test(text) ? ' — n8n\'s own fault' : ''}`;
	}
	return row.result;
}

/** Rewrites the README's scale-out block from every recorded results file. */
export function updateReadmeResults(repoRoot: string): void {
	const readme = join(repoRoot, 'README.md');
	const folder = join(repoRoot, 'test', 'e2e', 'results');
	if (!existsSync(readme) || !existsSync(folder)) return;
	const text = readFileSync(readme, 'utf8');
	const begin = text.indexOf(README_BEGIN);
	const end = text.indexOf(README_END);
	if (begin < 0 || end < begin) return;
	const versions = readdirSync(folder)
		.map((name) => /^scale-out-(.+)\.md$/.exec(name)?.[1])
		.filter((version): version is string => Boolean(version))
		.sort((first, second) => first.localeCompare(second, undefined, { numeric: true }));
	const recorded = versions.map((version) => {
		const body = readFileSync(join(folder, `scale-out-${version}.md`), 'utf8');
		const when = /on (\d{4}-\d{2}-\d{2})T/.exec(body)?.[1] ?? '?';
		const rows = new Map<string, { result: string; measured: string }>();
		for (const line of body.split('\n')) {
			const match = /^\| (.+?) \| ((?:PASS|FAIL)[^|]*) \| (.*) \|$/.exec(line);
			if (match) rows.set(match[1], { result: match[2], measured: match[3] });
		}
		const find = (part: string) => [...rows.entries()].find(([name]) => name.includes(part))?.[1];
		return { version, when, find };
	});
	const scenarios: Array<[string, string]> = [
		['Wait for Webhook, batch of 50, all callbacks at once over 2 webhook processes', 'resumed exactly once'],
		['2 workflows x 25 items, one Freepik key, 2 workers, real-time 50/min', 'one Freepik key'],
		['Kling Trigger with Download Video (control: n8n Webhook node)', 'Kling Trigger binary'],
		['Kling Trigger without Download Video + Kling Get Task', 'Kling Trigger without Download Video'],
	];
	const table = [
		README_BEGIN,
		`| queue mode, Postgres, 1 main + 2 workers + 2 webhook processes | ${recorded.map((entry) => `n8n ${entry.version} (${entry.when})`).join(' | ')} |`,
		`|---|${recorded.map(() => '---').join('|')}|`,
		...scenarios.map(([label, part]) => `| ${label} | ${recorded.map((entry) => cell(entry.find(part))).join(' | ')} |`),
		'',
		`Full lines: ${recorded.map((entry) => `[${entry.version}](test/e2e/results/scale-out-${entry.version}.md)`).join(', ')}.`,
		README_END,
	].join('\n');
	writeFileSync(readme, text.slice(0, begin) + table + text.slice(end + README_END.length));
}
