import { createHmac } from 'node:crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { nodeOutput, type WorkflowJson } from '../../harness/engine';
import { type ActiveWorkflow, N8nStandIn } from '../../harness/waitingWebhooks';
import { workflowWith } from '../../harness/workflows';
import { DEFAULT_FREEPIK_KEY, DEFAULT_WEBHOOK_SECRET, type Sandbox, startSandbox } from '../../sandbox';
import { waitFor } from '../../sandbox/testSupport';

const RAW_SECRET = 'a-plain-text-secret-issued-with-the-key';

/** The documented recipe, computed here independently of the sandbox and the node. */
function sign(key: Buffer, id: string, timestamp: number, body: string): string {
	return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
const standardKey = Buffer.from(DEFAULT_WEBHOOK_SECRET.slice('whsec_'.length), 'base64');

function triggerWorkflow(parameters: IDataObject): WorkflowJson {
	return {
		name: 'Kling results',
		nodes: [
			{
				id: 'trigger-id',
				name: 'Kling Trigger',
				type: 'n8n-nodes-kling.klingTrigger',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: parameters as INodeParameters,
				credentials: { freepikApi: { id: 'test', name: 'test' } },
			},
		],
		connections: {},
	};
}

describe('Kling Trigger', () => {
	let sandbox: Sandbox;
	let n8n: N8nStandIn;
	let unsignedN8n: N8nStandIn;

	beforeAll(async () => {
		sandbox = await startSandbox({ timeScale: 0.01 });
		const freepikApi = { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: sandbox.url };
		n8n = await N8nStandIn.start({ credentials: { freepikApi: { ...freepikApi, webhookSecret: DEFAULT_WEBHOOK_SECRET } } });
		unsignedN8n = await N8nStandIn.start({ credentials: { freepikApi } });
	});
	afterAll(async () => {
		await n8n.close();
		await unsignedN8n.close();
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.reset();
	});

	async function post(standIn: N8nStandIn, body: string, headers: Record<string, string>) {
		const response = await fetch(`${standIn.url}/webhook/kling`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});
		return { status: response.status, text: await response.text() };
	}

	function signed(body: string, options: { id?: string; at?: number; key?: Buffer; signature?: string } = {}) {
		const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
		const at = options.at ?? Math.floor(Date.now() / 1000);
		return {
			'webhook-id': id,
			'webhook-timestamp': String(at),
			'webhook-signature': options.signature ?? sign(options.key ?? standardKey, id, at, body),
		};
	}

	let taskCounter = 0;
	const completed = (taskId = `task-${++taskCounter}`) =>
		JSON.stringify({ task_id: taskId, status: 'COMPLETED', generated: [`${sandbox.url}/files/${taskId}.mp4`] });

	function activate(parameters: IDataObject = {}, standIn = n8n): ActiveWorkflow {
		return standIn.activate(triggerWorkflow({ event: 'finished', downloadVideo: false, ...parameters }));
	}

	it('round trip: a generation node with the trigger URL, signed callbacks, one execution with the video', async () => {
		const trigger = activate({ downloadVideo: true });
		const generation = await n8n.engine.run(
			workflowWith({
				type: 'klingOmni',
				parameters: {
					authentication: 'freepik',
					operation: 'generate',
					prompt: 'a fox',
					waitMode: 'none',
					options: { webhookUrl: `${n8n.url}/webhook/kling` },
				},
			}),
		);
		const taskId = String(nodeOutput(generation.run, 'Kling')[0].json.taskId);
		await waitFor(() => sandbox.webhookDeliveries.length >= 3 && trigger.executions.length >= 1, { what: 'the three deliveries' });
		await sandbox.webhooksSettled();
		expect(sandbox.webhookDeliveries.map((delivery) => [delivery.status, delivery.responseStatus])).toEqual([
			['CREATED', 200],
			['IN_PROGRESS', 200],
			['COMPLETED', 200],
		]);
		expect(trigger.executions).toHaveLength(1);
		const [item] = nodeOutput(trigger.executions[0].run, 'Kling Trigger');
		expect(item.json).toMatchObject({ taskId, status: 'COMPLETED', provider: 'freepik', error: null });
		expect(Buffer.from(item.binary!.data.data, 'base64').subarray(4, 8).toString()).toBe('ftyp');
	});

	it('round trip for Kling Motion Control: its callbacks start one execution with the video', async () => {
		const trigger = activate({ downloadVideo: true });
		const generation = await n8n.engine.run(
			workflowWith({
				type: 'klingMotionControl',
				parameters: {
					authentication: 'freepik',
					operation: 'generate',
					tier: 'pro',
					characterImage: 'https://example.com/product.png',
					video: 'https://example.com/dance.mp4',
					waitMode: 'none',
					options: { webhookUrl: `${n8n.url}/webhook/kling` },
				},
			}),
		);
		const taskId = String(nodeOutput(generation.run, 'Kling')[0].json.taskId);
		await waitFor(() => sandbox.webhookDeliveries.length >= 3 && trigger.executions.length >= 1, { what: 'the three deliveries' });
		await sandbox.webhooksSettled();
		expect(trigger.executions).toHaveLength(1);
		const [item] = nodeOutput(trigger.executions[0].run, 'Kling Trigger');
		expect(item.json).toMatchObject({ taskId, status: 'COMPLETED', provider: 'freepik' });
		expect(Buffer.from(item.binary!.data.data, 'base64').subarray(4, 8).toString()).toBe('ftyp');
	});

	it('confirms an unsigned hint about a Motion Control Pro or Turbo task on its own status path', async () => {
		const lenient = unsignedN8n.activate(triggerWorkflow({ event: 'finished', downloadVideo: false, options: { acceptUnsigned: true } }));
		const make = (family: 'motionControl' | 'turboImage', tier: string) =>
			sandbox.tasks.complete(sandbox.tasks.create({ provider: 'freepik', family, tier, apiKey: DEFAULT_FREEPIK_KEY, request: { prompt: 'x [sandbox:stuck]' } }).id);
		for (const task of [make('motionControl', 'pro'), make('turboImage', '1080p')]) {
			const hint = JSON.stringify({ task_id: task.id, status: 'COMPLETED', generated: [] });
			expect((await post(unsignedN8n, hint, {})).status).toBe(200);
		}
		expect(lenient.executions.map((execution) => nodeOutput(execution.run, 'Kling Trigger')[0].json.status)).toEqual(['COMPLETED', 'COMPLETED']);
	});

	it('starts one execution for a valid signature', async () => {
		const trigger = activate();
		const body = completed();
		expect((await post(n8n, body, signed(body))).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
		expect(nodeOutput(trigger.executions[0].run, 'Kling Trigger')[0].json).toMatchObject({ taskId: JSON.parse(body).task_id, status: 'COMPLETED' });
	});

	const refused: Array<[string, (body: string) => Record<string, string>, number, RegExp]> = [
		['forged (signed with another key)', (body) => signed(body, { key: Buffer.from('not the secret') }), 401, /no webhook-signature matches/],
		['stale (signed 10 minutes ago)', (body) => signed(body, { at: Math.floor(Date.now() / 1000) - 600 }), 401, /more than 300 s/],
		['future-dated (10 minutes ahead)', (body) => signed(body, { at: Math.floor(Date.now() / 1000) + 600 }), 401, /more than 300 s/],
		['without signature headers', () => ({}), 401, /missing webhook-id/],
		['with a non-numeric timestamp', (body) => ({ ...signed(body), 'webhook-timestamp': 'yesterday' }), 401, /not a number/],
		['signed over a different body', () => signed(completed('other-task')), 401, /no webhook-signature matches/],
	];

	it.each(refused)('refuses a callback %s with %i and starts nothing', async (_name, headers, status, reason) => {
		const trigger = activate();
		const body = completed();
		const answer = await post(n8n, body, headers(body));
		expect(answer.status).toBe(status);
		expect(answer.text).toMatch(reason);
		expect(trigger.executions).toHaveLength(0);
	});

	it('accepts rotated secrets: any of several signatures in the header may match', async () => {
		const trigger = activate();
		const body = completed();
		const good = signed(body);
		const old = sign(Buffer.from('the previous secret'), good['webhook-id'], Number(good['webhook-timestamp']), body);
		const answer = await post(n8n, body, { ...good, 'webhook-signature': `${old} ${good['webhook-signature']}` });
		expect(answer.status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});

	it('starts one execution for a replayed delivery and for the same task status under a new id', async () => {
		const trigger = activate();
		const body = completed();
		const headers = signed(body);
		expect((await post(n8n, body, headers)).status).toBe(200);
		expect((await post(n8n, body, headers)).text).toMatch(/duplicate/);
		expect((await post(n8n, body, signed(body))).text).toMatch(/duplicate/);
		expect(trigger.executions).toHaveLength(1);
		expect((trigger.staticData['node:Kling Trigger'] as { seenDeliveries: unknown[] }).seenDeliveries).toHaveLength(2);
	});

	it('starts one execution per status when the provider delivers every callback twice', async () => {
		sandbox.options.duplicateWebhooks = 1;
		try {
			const trigger = activate({ event: 'any' });
			await n8n.engine.run(
				workflowWith({
					type: 'klingOmni',
					parameters: {
						authentication: 'freepik',
						operation: 'generate',
						prompt: 'a fox',
						waitMode: 'none',
						options: { webhookUrl: `${n8n.url}/webhook/kling` },
					},
				}),
			);
			await waitFor(() => sandbox.webhookDeliveries.length >= 6 && trigger.executions.length >= 3, { what: 'six deliveries, three executions' });
			await sandbox.webhooksSettled();
			expect(sandbox.webhookDeliveries).toHaveLength(6);
			expect(trigger.executions.map((execution) => nodeOutput(execution.run, 'Kling Trigger')[0].json.status)).toEqual([
				'CREATED',
				'IN_PROGRESS',
				'COMPLETED',
			]);
		} finally {
			sandbox.options.duplicateWebhooks = 0;
		}
	});

	it('filters by event', async () => {
		const failedOnly = activate({ event: 'failed' });
		const body = completed('task-2');
		expect((await post(n8n, body, signed(body))).text).toMatch(/ignored/);
		const failedBody = JSON.stringify({ task_id: 'task-3', status: 'FAILED', generated: [], error: 'policy' });
		expect((await post(n8n, failedBody, signed(failedBody))).status).toBe(200);
		expect(failedOnly.executions).toHaveLength(1);
		expect(nodeOutput(failedOnly.executions[0].run, 'Kling Trigger')[0].json).toMatchObject({ status: 'FAILED', error: 'policy' });
	});

	it('refuses malformed JSON even when correctly signed, and oversized bodies', async () => {
		const trigger = activate();
		const malformed = '{"task_id": "x", "status": ';
		expect((await post(n8n, malformed, signed(malformed))).status).toBe(400);
		const huge = JSON.stringify({ task_id: 'x', status: 'COMPLETED', generated: [], padding: 'p'.repeat(100_000) });
		expect((await post(n8n, huge, signed(huge))).status).toBe(413);
		expect(trigger.executions).toHaveLength(0);
	});

	it('accepts the secret in its raw text form too', async () => {
		const rawN8n = await N8nStandIn.start({
			credentials: { freepikApi: { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: sandbox.url, webhookSecret: RAW_SECRET } },
		});
		try {
			const trigger = activate({}, rawN8n);
			const body = completed();
			expect((await post(rawN8n, body, signed(body, { key: Buffer.from(RAW_SECRET) }))).status).toBe(200);
			expect(trigger.executions).toHaveLength(1);
		} finally {
			await rawN8n.close();
		}
	});

	it('refuses unsigned callbacks without a secret unless explicitly allowed', async () => {
		const strict = activate({}, unsignedN8n);
		const body = completed();
		const answer = await post(unsignedN8n, body, {});
		expect(answer.status).toBe(401);
		expect(answer.text).toMatch(/no webhook signing secret/);
		expect(strict.executions).toHaveLength(0);

		const lenient = unsignedN8n.activate(triggerWorkflow({ event: 'finished', downloadVideo: false, options: { acceptUnsigned: true } }));
		// Accepted unsigned, a callback is only a hint: a task the provider does not know starts nothing.
		const invented = completed('task-unsigned');
		expect((await post(unsignedN8n, invented, {})).status).toBe(400);
		expect(lenient.executions).toHaveLength(0);
		// A real task is read from the provider: its state and video URL, not the body's.
		const real = sandbox.tasks.complete(
			sandbox.tasks.create({ provider: 'freepik', family: 'omni', tier: 'std', apiKey: DEFAULT_FREEPIK_KEY, request: { prompt: 'a fox [sandbox:stuck]' } }).id,
		);
		const forged = JSON.stringify({ task_id: real.id, status: 'COMPLETED', generated: ['http://127.0.0.1:1/evil.mp4'] });
		expect((await post(unsignedN8n, forged, {})).status).toBe(200);
		expect(lenient.executions).toHaveLength(1);
		expect(nodeOutput(lenient.executions[0].run, 'Kling Trigger')[0].json).toMatchObject({ taskId: real.id, status: 'COMPLETED', videoUrl: sandbox.videoUrl(real.id) });
		expect(strict.executions).toHaveLength(0);
	});
});
