import type { IDataObject, INode, IRun } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { testCredential } from '../harness/engine';
import type { WorkflowJson } from '../harness/engine';
import { imageBinary, jsonItems } from '../harness/workflows';
import { CrashWatch, LogCapture, serializeEverything } from './support/capture';
import { errorText, nodeError, outputItems, type Rig, startRig, startWebhookRig, type WebhookRig, waitFor } from './support/fixture';
import { findSecrets, SECRETS } from './support/secrets';
import { TimeoutKnob } from './support/timeouts';

/**
 * API keys and webhook secrets never reach anything a failed execution leaves behind: the whole
 * IRun (errors walked through cause, context, errorResponse, description and stack), output
 * items, HTTP answers of webhooks, workflow static data, and every log line. Each scenario fails
 * in a different way; everything it produced is scanned for every secret, as is, base64,
 * URL-encoded and by a distinctive fragment.
 */

const FREEPIK = { authentication: 'freepik' };
const APIMART = { authentication: 'apimart' };
const GENERATE = { operation: 'generate' };

interface Scanned {
	scenario: string;
	failed: boolean;
	leaks: string[];
}

describe('Secrets never leak from a failing execution', () => {
	const logs = new LogCapture();
	const crashes = new CrashWatch();
	const scanned: Scanned[] = [];
	let rig: Rig;
	let wrongKeys: Rig;

	beforeAll(async () => {
		logs.install();
		crashes.install();
		rig = await startRig();
		// The credential holds keys the provider does not know: every request is answered 401.
		wrongKeys = await startRig({}, { freepikKey: SECRETS.wrongFreepikKey, apimartKey: SECRETS.wrongApimartKey });
	});
	afterAll(async () => {
		await rig.close();
		await wrongKeys.close();
		logs.restore();
		crashes.restore();
	});
	beforeEach(() => {
		rig.sandbox.reset();
		wrongKeys.sandbox.reset();
		logs.clear();
	});

	/** Scans what the scenario produced plus everything logged meanwhile; records the result. */
	function scan(scenario: string, run: IRun | undefined, ...more: unknown[]): string[] {
		const text = [serializeEverything(run), ...more.map((value) => serializeEverything(value)), logs.text()].join('\n');
		const failed = run ? run.status === 'error' || outputItems(run).some((item) => item.json.error) : true;
		const leaks = findSecrets(text);
		scanned.push({ scenario, failed, leaks });
		return leaks;
	}

	it('the scanner finds a key hidden in an error cause, its request config and a log line (control)', () => {
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

	describe('Generate Video', () => {
		it.each([
			['Freepik', FREEPIK],
			['APIMart', APIMART],
		] as const)('%s: 401 for an unknown key, with and without Continue On Fail', async (_name, provider) => {
			for (const continueOnFail of [false, true]) {
				const execution = await wrongKeys.run({ parameters: { ...provider, ...GENERATE, prompt: 'a fox' }, continueOnFail });
				const error = continueOnFail ? String(outputItems(execution.run)[0].json.error) : nodeError(execution.run)?.message;
				expect(error).toMatch(/Invalid (API key|token)/i);
				expect(scan(`Generate 401 (${provider.authentication}, continueOnFail=${continueOnFail})`, execution.run)).toEqual([]);
			}
		});

		it.each([
			['500 after the task was made', 'freepik.omni.create', '500', 'after'],
			['reset', 'apimart.create', 'reset', 'before'],
			['HTML error page', 'freepik.omni.create', 'html', 'before'],
			['APIMart code 500 in an HTTP 200', 'apimart.create', 'apimart-code', 'before'],
		] as const)('create answered with %s', async (name, endpoint, kind, when) => {
			rig.sandbox.faults.inject({ endpoint, kind, when });
			const provider = endpoint.startsWith('apimart') ? APIMART : FREEPIK;
			const execution = await rig.run({ parameters: { ...provider, ...GENERATE, prompt: 'a fox' } });
			expect(execution.run.status).toBe('error');
			expect(scan(`Generate create ${name}`, execution.run)).toEqual([]);
		});

		it('create timing out (timeout knob)', async () => {
			const knob = new TimeoutKnob(800).install();
			try {
				rig.sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: 'timeout' });
				const execution = await rig.run({ parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox' } });
				expect(errorText(nodeError(execution.run))).toMatch(/did not answer in time/);
				expect(scan('Generate create timeout', execution.run)).toEqual([]);
			} finally {
				knob.restore();
			}
		});

		it('failed task, cancelled task, and a batch where one item fails', async () => {
			for (const [provider, prompt] of [
				[FREEPIK, 'a fox [sandbox:fail]'],
				[APIMART, 'a fox [sandbox:cancel]'],
			] as const) {
				const execution = await rig.run({ parameters: { ...provider, ...GENERATE, prompt } });
				expect(execution.run.status).toBe('error');
				expect(scan(`Generate failed task (${provider.authentication})`, execution.run)).toEqual([]);
			}
			const batch = await rig.run({
				parameters: { ...FREEPIK, ...GENERATE, prompt: '={{ $json.text }}' },
				items: jsonItems({ text: 'fine' }, { text: 'bad [sandbox:fail]' }),
			});
			expect(errorText(nodeError(batch.run))).toMatch(/Tasks created in this execution/);
			expect(scan('Generate batch with a failed task', batch.run)).toEqual([]);
		});

		it('uploads failing (Freepik request URL 401, PUT 500)', async () => {
			const withImage = [{ json: {}, binary: { data: imageBinary() } }];
			const freepik = await wrongKeys.run({ parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox', startImage: 'data' }, items: withImage });
			expect(freepik.run.status).toBe('error');
			expect(scan('Generate upload 401', freepik.run)).toEqual([]);
			rig.sandbox.faults.inject({ endpoint: 'freepik.upload.put', kind: '500', times: Infinity });
			const put = await rig.run({ parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox', startImage: 'data' }, items: withImage });
			expect(put.run.status).toBe('error');
			expect(scan('Generate upload PUT 500', put.run)).toEqual([]);
		});

		it('the download failing, and bad input', async () => {
			rig.sandbox.faults.inject({ endpoint: 'download', kind: '502', times: Infinity });
			const download = await rig.run({ parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox' } });
			expect(errorText(nodeError(download.run))).toMatch(/could not be downloaded/);
			expect(scan('Generate download 502', download.run)).toEqual([]);
			const invalid = await rig.run({ parameters: { ...APIMART, ...GENERATE, prompt: 'x'.repeat(2501), duration: 16 } });
			expect(nodeError(invalid.run)?.message).toMatch(/Invalid input/);
			expect(scan('Generate bad input', invalid.run)).toEqual([]);
		});
	});

	describe('Get Task and List Tasks', () => {
		it.each([
			['Freepik', FREEPIK],
			['APIMart', APIMART],
		] as const)('%s Get Task: 401, unknown task', async (_name, provider) => {
			const get = { ...provider, operation: 'getTask', taskId: 'no-such-task' };
			const unauthorised = await wrongKeys.run({ parameters: get });
			expect(unauthorised.run.status).toBe('error');
			expect(scan(`Get Task 401 (${provider.authentication})`, unauthorised.run)).toEqual([]);
			const unknown = await rig.run({ parameters: get, continueOnFail: true });
			expect(String(outputItems(unknown.run)[0].json.error)).toMatch(/not found|404/i);
			expect(scan(`Get Task 404 (${provider.authentication})`, unknown.run)).toEqual([]);
		});

		it('Freepik List Tasks: 401', async () => {
			const unauthorised = await wrongKeys.run({ parameters: { ...FREEPIK, operation: 'listTasks', limit: 5 } });
			expect(unauthorised.run.status).toBe('error');
			expect(scan('List Tasks 401', unauthorised.run)).toEqual([]);
		});

		it('credential tests with an unknown key', async () => {
			const freepik = await testCredential('freepikApi', {
				apiKey: SECRETS.wrongFreepikKey,
				host: 'custom',
				customBaseUrl: rig.sandbox.url,
				webhookSecret: SECRETS.webhookSecret,
			});
			const apimart = await testCredential('apimartApi', { apiKey: SECRETS.wrongApimartKey, baseUrl: rig.sandbox.url });
			expect([freepik.status, apimart.status]).toEqual(['Error', 'Error']);
			expect(scan('credential tests', undefined, freepik, apimart)).toEqual([]);
		});
	});

	it('reads failing after every retry (each in its own sandbox, together): status until Max Wait, Get Task, uploads', async () => {
		const scenarios: Array<{ name: string; endpoint: Parameters<Rig['sandbox']['faults']['inject']>[0]['endpoint']; kind: '500' | 'reset' | '503' | 'timeout'; request: Parameters<Rig['run']>[0] }> = [];
		for (const kind of ['reset', '500', 'timeout'] as const) {
			scenarios.push({
				name: `Generate APIMart status ${kind} until Max Wait`,
				endpoint: 'apimart.status',
				kind,
				request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox', options: { maxWaitMinutes: 0.03 } } },
			});
			scenarios.push({
				name: `Generate Freepik status ${kind} until Max Wait`,
				endpoint: 'freepik.omni.status',
				kind,
				request: { parameters: { ...FREEPIK, ...GENERATE, prompt: 'a fox', options: { maxWaitMinutes: 0.03 } } },
			});
			for (const [provider, endpoint] of [
				[FREEPIK, 'freepik.omni.status'],
				[APIMART, 'apimart.status'],
			] as const) {
				scenarios.push({
					name: `Get Task ${kind} (${provider.authentication})`,
					endpoint,
					kind,
					request: { parameters: { ...provider, operation: 'getTask', taskId: 'task-x' } },
				});
			}
			scenarios.push({
				name: `List Tasks ${kind}`,
				endpoint: 'freepik.omni.list',
				kind,
				request: { parameters: { ...FREEPIK, operation: 'listTasks', limit: 5 } },
			});
		}
		scenarios.push({
			name: 'Generate APIMart upload 503 every time',
			endpoint: 'apimart.upload',
			kind: '503',
			request: { parameters: { ...APIMART, ...GENERATE, prompt: 'a fox', imageUrls: { image: [{ image: 'data' }] } }, items: [{ json: {}, binary: { data: imageBinary() } }] },
		});
		const knob = new TimeoutKnob(500).install();
		try {
			const runs = await Promise.all(
				scenarios.map(async (scenario) => {
					const own = await startRig();
					try {
						own.sandbox.faults.inject({ endpoint: scenario.endpoint, kind: scenario.kind, times: Infinity });
						return { scenario, run: (await own.run(scenario.request)).run };
					} finally {
						await own.close();
					}
				}),
			);
			for (const { scenario, run } of runs) {
				expect({ scenario: scenario.name, status: run.status }).toEqual({ scenario: scenario.name, status: 'error' });
				expect(scan(scenario.name, run)).toEqual([]);
			}
		} finally {
			knob.restore();
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

		it('Wait for Webhook: forged, stale and unsigned callbacks are refused; the parked run holds no secret', async () => {
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
			expect(hooks.sandbox.log.count('download')).toBe(0);
			expect(scan('Wait for Webhook refused callbacks', execution.run, answers, hooks.n8n.resumes)).toEqual([]);
			hooks.sandbox.tasks.fail(task.id);
			const done = await hooks.n8n.finished(execution.id);
			expect(scan('Wait for Webhook resumed with a failed task', done.run, hooks.n8n.resumes, hooks.sandbox.webhookDeliveries)).toEqual([]);
		});

		it('Kling Trigger: forged, stale, oversized and unsigned callbacks are refused', async () => {
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
			expect(scan('Kling Trigger refused callbacks', undefined, answers, active.responses, active.staticData)).toEqual([]);
			// A verified callback whose video cannot be fetched still reaches the workflow, without secrets.
			const signed = { 'webhook-id': 'c', 'webhook-timestamp': String(now), 'webhook-signature': hooks.sandbox.signWebhook('c', now, body) };
			expect((await post(url, body, signed)).status).toBe(200);
			await waitFor(() => active.executions.length === 1, 5000, 'the trigger execution');
			expect(scan('Kling Trigger download failure', active.executions[0].run, active.staticData)).toEqual([]);
		});
	});

	describe('in all', () => {
		it('scanned every failure kind above and found nothing; nothing crashed', () => {
			expect(scanned.filter((entry) => entry.leaks.length > 0)).toEqual([]);
			expect(scanned.length).toBeGreaterThanOrEqual(40);
			expect(crashes.describe()).toBe('');
			if (process.env.RELIABILITY_REPORT) process.stdout.write(`secrets: ${scanned.length} failing scenarios scanned, leaks: 0\n`);
		});
	});
});
