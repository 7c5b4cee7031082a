import { check, checkEqual } from '../lib/assert';
import { type Context, findNode, importExample } from '../lib/context';
import { type Execution, nodeItems, type WorkflowJson } from '../lib/n8n';
import { type SandboxProcess, startSandboxCli } from '../lib/services';
import { sleep } from '../lib/wait';
import { DEFAULT_WEBHOOK_SECRET } from '../../sandbox/options';
import { pairedIndex } from './checks';
import type { Scenario } from './generate';

const SCHEDULE_TRIGGER = 'Every night at 02:00';
const ITEMS = 50;
/** Renders of 30 s: longer than sending the creates, so every callback reaches a parked execution. */
const QUEUED_MS = 5_000;
const RUNNING_MS = 25_000;
const LIMIT = 50;
/**
 * How long the sandbox waits for n8n to answer a callback before giving up on it (it does not
 * retry; Freepik documents neither). The sandbox's default of 2 s is a fault test: 50 callbacks
 * at once on a loaded two-core machine, n8n 2.41.1 answered some later than that, and a lost
 * callback costs a status read. This scenario is about the budget, not lost callbacks.
 */
const CALLBACK_TIMEOUT_MS = 15_000;

interface LogEntry {
	at: number;
	endpoint: string;
	status?: number;
}

/**
 * Issue #19: a batch of 50 with Wait for Webhook against the sandbox's real-time limit (50
 * requests per minute per key, not scaled): the 50 creates spend the whole window, and the
 * execution must still park at once (no pre-park check waiting for budget while n8n refuses
 * every callback), resume once on the callbacks, and finish within 1.05x of (time to send the
 * creates under the limit + the render), with one request per video plus at most one list per
 * resume. Its own sandbox (own window, the documented limit, signed callbacks).
 */
export const webhookBatchAtTheLimit: Scenario = {
	name: 'Wait for Webhook, batch of 50 at the real-time 50/min limit (#19): parks once, resumes once, 1 request per video, within 1.05x',
	timeoutMs: 240_000,
	async run(context: Context) {
		const { api } = context.n8n;
		let sandbox: SandboxProcess | undefined;
		try {
			sandbox = await startSandboxCli(context.repoRoot, context.n8n.options.userFolder, 1, LIMIT, {
				name: 'sandbox-webhook-limit',
				control: true,
				args: ['--queued-ms', String(QUEUED_MS), '--running-ms', String(RUNNING_MS), '--webhook-timeout-ms', String(CALLBACK_TIMEOUT_MS)],
			});
			const credentialId = await api.createCredential('Freepik at the limit', 'freepikApi', {
				apiKey: 'fp-test-key',
				host: 'custom',
				customBaseUrl: sandbox.url,
				webhookSecret: DEFAULT_WEBHOOK_SECRET,
			});
			const prompts = Array.from({ length: ITEMS }, (_, index) => `Take ${index + 1} of ${ITEMS}: a kite over a windy beach, slow pan`);
			const workflow = await importExample(context, 'scheduled-pipeline.workflow.json', (json: WorkflowJson) => {
				findNode(json, 'Prompt list').parameters.jsonOutput = JSON.stringify({ prompts });
				const kling = findNode(json, 'Kling Omni');
				kling.parameters.waitMode = 'webhook';
				kling.credentials = { freepikApi: { id: credentialId, name: 'Freepik at the limit' } };
			});
			const executionId = await api.runManually(workflow, SCHEDULE_TRIGGER);
			// Every status change, sampled 4 times a second: parked and resumed are counted from it.
			const seen: string[] = [];
			let execution: Execution | undefined;
			const giveUpAt = Date.now() + 200_000;
			while (Date.now() < giveUpAt) {
				execution = await api.execution(executionId);
				if (seen[seen.length - 1] !== execution.status) seen.push(execution.status);
				if (['success', 'error', 'crashed', 'canceled'].includes(execution.status)) break;
				await sleep(250);
			}
			check(execution?.status === 'success', `execution ${executionId} ended ${execution?.status ?? 'nowhere'} (${seen.join(' → ')})`);
			const parks = seen.filter((status) => status === 'waiting').length;
			checkEqual(parks, 1, `times parked (statuses ${seen.join(' → ')})`);

			const items = nodeItems(execution!, 'Kling Omni');
			checkEqual(items.length, ITEMS, 'Kling Omni output items');
			for (const [index, item] of items.entries()) {
				checkEqual(pairedIndex(item), index, `item ${index} pairedItem`);
				check(!item.json.error && item.binary?.data?.mimeType === 'video/mp4', `item ${index}: no video (${String(item.json.error ?? '')})`);
			}
			checkEqual(new Set(items.map((item) => item.json.taskId)).size, ITEMS, 'distinct task ids');

			const log = (await (await fetch(`${sandbox.controlUrl}/log`, { signal: AbortSignal.timeout(20_000) })).json()) as LogEntry[];
			const api429 = log.filter((entry) => entry.endpoint.startsWith('freepik.') && entry.status === 429).length;
			const count = (kind: string) => log.filter((entry) => entry.endpoint.startsWith('freepik.') && entry.endpoint.endsWith(`.${kind}`)).length;
			const [creates, lists, statuses] = [count('create'), count('list'), count('status')];
			const resumes = parks;
			// The node's output time, as n8n recorded it, against the first create the sandbox admitted.
			const runs = (execution!.data.resultData.runData['Kling Omni'] ?? []) as Array<{ startTime?: number; executionTime?: number }>;
			const outputAt = Math.max(...runs.map((run) => (run.startTime ?? 0) + (run.executionTime ?? 0)));
			const createTimes = log.filter((entry) => entry.endpoint.endsWith('.create') && entry.status !== 429).map((entry) => entry.at);
			const firstCreate = Math.min(...createTimes);
			const createsMs = Math.max(...createTimes) - firstCreate;
			const wallMs = outputAt - firstCreate;
			// The floor: the time it took to send the creates under the limit (the sandbox admitted
			// them all within one window here), then the render of the last one.
			const floorMs = createsMs + QUEUED_MS + RUNNING_MS;
			const ratio = wallMs / floorMs;
			const summary =
				`execution ${executionId} (${seen.join(' → ')}): ${ITEMS} videos; requests: ${creates} creates, ${lists} lists, ${statuses} status reads, ${api429} 429s; ` +
				`first create → output ${(wallMs / 1000).toFixed(1)} s vs floor ${(floorMs / 1000).toFixed(1)} s (creates ${(createsMs / 1000).toFixed(1)} s + render ${(QUEUED_MS + RUNNING_MS) / 1000} s) = ${ratio.toFixed(3)}x (limit 1.05x)`;
			const problems = [
				creates !== ITEMS ? `${creates} creates` : '',
				statuses > 0 ? `${statuses} status reads (signed callbacks carry the URLs)` : '',
				lists > resumes ? `${lists} lists for ${resumes} resume(s)` : '',
				api429 > 0 ? `${api429} 429s` : '',
				ratio > 1.05 ? `${ratio.toFixed(3)}x the floor` : '',
			].filter(Boolean);
			check(problems.length === 0, `${summary} — ${problems.join('; ')}`);
			return summary;
		} finally {
			await sandbox?.process.stop();
		}
	},
};
