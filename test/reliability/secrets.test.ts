import type { IDataObject, INode, INodeExecutionData, IRun } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { testCredential, type WorkflowJson } from '../harness/engine';
import { imageBinary, jsonItems } from '../harness/workflows';
import type { FaultSpec } from '../sandbox';
import { CrashWatch, LogCapture, serializeEverything } from './support/capture';
import { inBatches } from './support/matrix';
import { errorText, nodeError, type NodeType, outputItems, type RunRequest, startRig, startWebhookRig, type WebhookRig, waitFor } from './support/fixture';
import { findSecrets, SECRETS } from './support/secrets';
import { TimeoutKnob } from './support/timeouts';

/**
 * API keys and webhook secrets never reach anything a failed execution leaves behind: the whole
 * IRun (errors walked through cause, context, errorResponse, description and stack), output
 * items, HTTP answers to webhooks, workflow static data, and every log line. Each scenario fails
 * in its own way, in its own sandbox (they run side by side); everything it produced is scanned
 * for every secret: as is, base64, URL-encoded and by a distinctive fragment.
 */

const FREEPIK = { authentication: 'freepik' };
const APIMART = { authentication: 'apimart' };
const GENERATE = { operation: 'generate' };
const WITH_IMAGE: INodeExecutionData[] = [{ json: {}, binary: { data: imageBinary() } }];

interface Scenario {
	name: string;
	/** The credential holds keys the provider does not know: every request is answered 401. */
	wrongKeys?: boolean;
	faults?: FaultSpec[];
	type?: NodeType;
	request: RunRequest;
	/** What the failure says (proves the scenario failed the intended way). */
	says: RegExp;
}

const fault = (endpoint: FaultSpec['endpoint'], kind: FaultSpec['kind'], extra: Partial<FaultSpec> = {}): FaultSpec => ({ endpoint, kind, ...extra });
const always = { times: Infinity };

const SCENARIOS: Scenario[] = [
	// Unknown keys, everywhere a key is used.
	...[false, true].flatMap((continueOnFail) => [
		{ name: `Generate Freepik 401 (continue on fail ${continueOnFail})`, wrongKeys: true, request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox' }, continueOnFail }, says: /Invalid API key/ },
		{ name: `Generate APIMart 401 (continue on fail ${continueOnFail})`, wrongKeys: true, request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox' }, continueOnFail }, says: /Invalid token/ },
	]),
	{ name: 'Get Task Freepik 401', wrongKeys: true, request: { parameters: { ...FREEPIK, operation: 'getTask', taskId: 't-1' } }, says: /Invalid API key/ },
	{ name: 'Get Task APIMart 401', wrongKeys: true, request: { parameters: { ...APIMART, operation: 'getTask', taskId: 't-1' } }, says: /Invalid token/ },
	{ name: 'List Tasks 401', wrongKeys: true, request: { parameters: { ...FREEPIK, operation: 'listTasks', limit: 5 } }, says: /401|Invalid API key|Authorization failed/i },
	{ name: 'Upload request URL 401', wrongKeys: true, request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox', startImage: 'data' }, items: WITH_IMAGE }, says: /Invalid API key/ },
	{ name: 'APIMart upload 401', wrongKeys: true, request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox', imageUrls: { image: [{ image: 'data' }] } }, items: WITH_IMAGE }, says: /Invalid token/ },
	// Creates the provider answered badly.
	{ name: 'Create 500 after the task was made', faults: [fault('apimart.create', '500', { when: 'after' })], request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox' } }, says: /Internal server error/ },
	{ name: 'Create 500 before the task was made (the task list is checked)', faults: [fault('freepik.omni.create', '500')], request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox' } }, says: /probably not created/ },
	{ name: 'Create reset', faults: [fault('apimart.create', 'reset', { when: 'after' })], request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox' } }, says: /ECONNRESET|connection/i },
	{ name: 'Create HTML error page', faults: [fault('freepik.omni.create', 'html')], request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox' } }, says: /HTML error page/ },
	{ name: 'Create APIMart code 500 in HTTP 200', faults: [fault('apimart.create', 'apimart-code')], request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox' } }, says: /Upstream service error/ },
	{ name: 'Create timeout', faults: [fault('freepik.omni.create', 'timeout')], request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox' } }, says: /did not answer in time/ },
	// Retry-After: 0 skips the create backoff (1 + 2 + 4 + 8 + 16 s), not the six attempts.
	{
		name: 'Create 429 every time',
		faults: [fault('apimart.create', '429-retry-after', { ...always, retryAfterSeconds: 0 })],
		request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox' } },
		says: /Too many requests/,
	},
	// Tasks that fail, and batches.
	{ name: 'Failed task (Freepik)', request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox [sandbox:fail]' } }, says: /Content policy violation/ },
	{ name: 'Cancelled task (APIMart)', request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox [sandbox:cancel]' } }, says: /cancel/i },
	{
		name: 'Batch with one failed task',
		request: { parameters: { ...FREEPIK, ...GENERATE, prompt: '={{ $json.text }}' }, items: jsonItems({ text: 'fine' }, { text: 'bad [sandbox:fail]' }) },
		says: /Tasks created in this execution/,
	},
	{ name: 'Max Wait reached (stuck task)', request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox [sandbox:stuck]', options: { maxWaitMinutes: 0.02 } } }, says: /Max wait/ },
	// Reads failing after every retry.
	...(['reset', '500', 'timeout', 'malformed-json'] as const).flatMap((kind): Scenario[] => [
		{ name: `Status ${kind} until Max Wait (APIMart)`, faults: [fault('apimart.status', kind, always)], request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox', options: { maxWaitMinutes: 0.03 } } }, says: /Last poll error/ },
		{ name: `Status ${kind} until Max Wait (Freepik)`, faults: [fault('freepik.omni.status', kind, always)], request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox', options: { maxWaitMinutes: 0.03 } } }, says: /Last poll error/ },
		{ name: `Get Task ${kind} (Freepik)`, faults: [fault('freepik.omni.status', kind, always)], request: { parameters: { ...FREEPIK, operation: 'getTask', taskId: 't-1' } }, says: /Freepik/ },
		{ name: `Get Task ${kind} (APIMart)`, faults: [fault('apimart.status', kind, always)], request: { parameters: { ...APIMART, operation: 'getTask', taskId: 't-1' } }, says: /APIMart/ },
		{ name: `List Tasks ${kind}`, faults: [fault('freepik.omni.list', kind, always)], request: { parameters: { ...FREEPIK, operation: 'listTasks', limit: 5 } }, says: /./ },
	]),
	{ name: 'Get Task unknown id (Freepik)', request: { parameters: { ...FREEPIK, operation: 'getTask', taskId: 'nope' }, continueOnFail: true }, says: /Not found/i },
	{ name: 'Get Task unknown id (APIMart)', request: { parameters: { ...APIMART, operation: 'getTask', taskId: 'nope' }, continueOnFail: true }, says: /not found/i },
	// Uploads and downloads failing after every retry.
	{ name: 'Upload PUT 500 every time', faults: [fault('freepik.upload.put', '500', always)], request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox', startImage: 'data' }, items: WITH_IMAGE }, says: /upload/i },
	{ name: 'Upload request URL reset every time', faults: [fault('freepik.upload.requestUrl', 'reset', always)], request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox', startImage: 'data' }, items: WITH_IMAGE }, says: /ECONNRESET|connection/i },
	{ name: 'APIMart upload 503 every time', faults: [fault('apimart.upload', '503', always)], request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox', imageUrls: { image: [{ image: 'data' }] } }, items: WITH_IMAGE }, says: /unavailable/i },
	{ name: 'Download 502 every time', faults: [fault('download', '502', always)], request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox' } }, says: /could not be downloaded/ },
	{ name: 'Download timeout every time', faults: [fault('download', 'timeout', always)], request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox' } }, says: /could not be downloaded|aborted/ },
	// Bad input.
	{ name: 'Bad input', request: { parameters: { ...APIMART, ...GENERATE, prompt: 'x'.repeat(2501), duration: 16 } }, says: /Invalid input/ },
	{ name: 'Bad binary input', request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox', startImage: 'photo' }, items: WITH_IMAGE }, says: /neither an http\(s\) URL nor a binary property/ },
];

describe('Secrets never leak from a failing execution', () => {
	const logs = new LogCapture();
	const crashes = new CrashWatch();
	const scanned: Array<{ scenario: string; leaks: string[] }> = [];
	const runs = new Map<string, IRun>();

	/** Scans what a scenario produced; everything logged is scanned once at the end. */
	function scan(scenario: string, ...produced: unknown[]): string[] {
		const leaks = findSecrets(produced.map((value) => serializeEverything(value)).join('\n'));
		scanned.push({ scenario, leaks });
		return leaks;
	}

	beforeAll(async () => {
		logs.install();
		crashes.install();
		const knob = new TimeoutKnob(1000).install();
		try {
			await inBatches(SCENARIOS, SCENARIOS.length, async (scenario) => {
				const wrong = { freepikKey: SECRETS.wrongFreepikKey, apimartKey: SECRETS.wrongApimartKey };
				const rig = await startRig({}, scenario.wrongKeys ? wrong : {});
				try {
					for (const spec of scenario.faults ?? []) rig.sandbox.faults.inject(spec);
					runs.set(scenario.name, (await rig.run(scenario.request)).run);
				} finally {
					await rig.close();
				}
			});
		} finally {
			knob.restore();
		}
	}, 120_000);
	afterAll(() => {
		logs.restore();
		crashes.restore();
	});

	it('the scanner finds a key in an error cause, its request config, a buffer, a base64 header (control)', () => {
		const node = { id: 'n', name: 'Kling', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
		const axiosLike = Object.assign(new Error('Request failed with status code 401'), {
			config: { headers: { 'x-freepik-api-key': SECRETS.freepikKey } },
			isAxiosError: true,
		});
		const error = new NodeApiError(node, axiosLike as never);
		expect(findSecrets(serializeEverything({ data: { resultData: { error } } }))).toContain('freepikKey');
		const hidden = new Error('outer', { cause: new Error('inner', { cause: { headers: { authorization: `Bearer ${SECRETS.apimartKey}` } } }) });
		expect(findSecrets(serializeEverything(hidden))).toContain('apimartKey');
		expect(findSecrets(serializeEverything(Buffer.from(SECRETS.webhookSecret)))).toContain('webhookSecret');
		expect(findSecrets(`Authorization: Basic ${Buffer.from(SECRETS.freepikKey).toString('base64')}`)).toContain('freepikKey (base64)');
	});

	it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', (_name, scenario) => {
		const run = runs.get(scenario.name)!;
		const said = [errorText(nodeError(run)), ...outputItems(run).map((item) => String(item.json.error ?? ''))].join('\n');
		if (process.env.RELIABILITY_MESSAGES) process.stdout.write(`### ${scenario.name}\n${said.split('\n')[0]}\n`);
		expect(said).toMatch(scenario.says);
		expect(scan(scenario.name, run)).toEqual([]);
	});

	it('credential tests with unknown keys', async () => {
		const rig = await startRig();
		try {
			const freepik = await testCredential('freepikApi', { apiKey: SECRETS.wrongFreepikKey, host: 'custom', customBaseUrl: rig.sandbox.url, webhookSecret: SECRETS.webhookSecret });
			const apimart = await testCredential('apimartApi', { apiKey: SECRETS.wrongApimartKey, baseUrl: rig.sandbox.url });
			expect([freepik.status, apimart.status]).toEqual(['Error', 'Error']);
			expect(scan('credential tests', freepik, apimart)).toEqual([]);
		} finally {
			await rig.close();
		}
	});

	describe('webhooks', () => {
		let hooks: WebhookRig;
		beforeAll(async () => {
			hooks = await startWebhookRig();
		});
		afterAll(async () => await hooks.close());

		async function post(url: string, body: string, headers: Record<string, string>) {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
			return { status: response.status, text: await response.text() };
		}

		it('Wait for Webhook: forged, stale and unsigned callbacks are refused; the parked and the resumed run hold no secret', async () => {
			const execution = await hooks.run({ parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox [sandbox:stuck]', waitMode: 'webhook' } });
			expect(execution.run.status).toBe('waiting');
			const [create] = hooks.sandbox.log.byEndpoint('freepik.omni.create');
			const resumeUrl = String((create.body as IDataObject).webhook_url);
			const [task] = hooks.sandbox.tasks.all();
			const body = JSON.stringify({ task_id: task.id, status: 'COMPLETED', generated: [hooks.sandbox.videoUrl(task.id)] });
			const now = Math.floor(Date.now() / 1000);
			const answers = [
				await post(resumeUrl, body, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': 'v1,Zm9yZ2Vk' }),
				await post(resumeUrl, body, { 'webhook-id': 'msg_2', 'webhook-timestamp': String(now - 3600), 'webhook-signature': hooks.sandbox.signWebhook('msg_2', now - 3600, body) }),
				await post(resumeUrl, body, {}),
			];
			expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
			expect(scan('Wait for Webhook refused callbacks', execution.run, answers, hooks.n8n.resumes)).toEqual([]);
			hooks.sandbox.tasks.fail(task.id);
			const done = await hooks.n8n.finished(execution.id);
			expect(scan('Wait for Webhook resumed with a failed task', done.run, hooks.n8n.resumes, hooks.sandbox.webhookDeliveries)).toEqual([]);
		});

		it('Kling Trigger: forged, stale, oversized and unsigned callbacks are refused; a failed download holds no secret', async () => {
			const workflow: WorkflowJson = {
				name: 'results',
				nodes: [
					{
						id: 'trigger',
						name: 'Kling Trigger',
						type: 'n8n-nodes-kling.klingTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: { event: 'finished', downloadVideo: true },
						credentials: { freepikApi: { id: 'test', name: 'test' } },
					},
				],
				connections: {},
			};
			const active = hooks.n8n.activate(workflow);
			const url = `${hooks.n8n.url}/webhook/kling`;
			const body = JSON.stringify({ task_id: 'task-1', status: 'COMPLETED', generated: [`${hooks.sandbox.url}/files/task-1.mp4`] });
			const now = Math.floor(Date.now() / 1000);
			const answers = [
				await post(url, body, { 'webhook-id': 'a', 'webhook-timestamp': String(now), 'webhook-signature': 'v1,Zm9yZ2Vk' }),
				await post(url, body, { 'webhook-id': 'b', 'webhook-timestamp': String(now - 86_400), 'webhook-signature': hooks.sandbox.signWebhook('b', now - 86_400, body) }),
				await post(url, 'x'.repeat(70_000), {}),
				await post(url, body, {}),
			];
			expect(answers.map((answer) => answer.status)).toEqual([401, 401, 413, 401]);
			expect(active.executions).toHaveLength(0);
			expect(scan('Kling Trigger refused callbacks', answers, active.responses, active.staticData)).toEqual([]);
			// A verified callback whose video cannot be fetched (404) still reaches the workflow.
			const signed = { 'webhook-id': 'c', 'webhook-timestamp': String(now), 'webhook-signature': hooks.sandbox.signWebhook('c', now, body) };
			expect((await post(url, body, signed)).status).toBe(200);
			await waitFor(() => active.executions.length === 1, 10_000, 'the trigger execution');
			expect(scan('Kling Trigger download failure', active.executions[0].run, active.staticData)).toEqual([]);
		});
	});

	describe('in all', () => {
		it('scanned every failure kind and every log line; found nothing; nothing crashed', () => {
			expect(scanned.filter((entry) => entry.leaks.length > 0)).toEqual([]);
			expect(scanned.length).toBeGreaterThanOrEqual(SCENARIOS.length + 4);
			expect(findSecrets(logs.text())).toEqual([]);
			expect(logs.records.length).toBeGreaterThan(0);
			expect(crashes.describe()).toBe('');
			if (process.env.RELIABILITY_REPORT) {
				process.stdout.write(`secrets: ${scanned.length} failing scenarios and ${logs.records.length} log records scanned, leaks: 0\n`);
			}
		});
	});
});
