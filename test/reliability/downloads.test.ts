import type { IDataObject } from 'n8n-workflow';

import type { WorkflowJson } from '../harness/engine';
import type { Execution } from '../harness/engine';
import { CrashWatch, LogCapture } from './support/capture';
import { hasServedVideo, nodeError, outputItems, type Rig, startRig, startWebhookRig, type WebhookRig, waitFor } from './support/fixture';
import { TimeoutKnob } from './support/timeouts';
import { itUnless, openNote } from './support/knownBugs';
import { VideoHost } from './support/videoHost';

/**
 * Downloads: only http(s) result URLs are fetched, on every path that downloads (Generate's
 * poll, Get Task, the Wait-for-Webhook resume, the Kling Trigger); a size cap holds whether the
 * server declares the length or not, and the download stops reading at the cap; the trigger and
 * the resume fetch nothing before the callback's signature is verified.
 */

const NON_HTTP_URLS = ['file:///etc/passwd', 'ftp://cdn.example.com/video.mp4', 'javascript:alert(1)', 'data:video/mp4;base64,AAAAGGZ0eXA=', '/files/relative.mp4'];
const MB = 1024 * 1024;

describe('Downloads', () => {
	let rig: Rig;
	let host: VideoHost;
	const logs = new LogCapture();
	const crashes = new CrashWatch();
	beforeAll(async () => {
		logs.install();
		crashes.install();
		rig = await startRig();
		host = await VideoHost.start();
	});
	afterAll(async () => {
		await rig.close();
		await host.close();
		logs.restore();
		crashes.restore();
	});
	beforeEach(() => {
		rig.sandbox.reset();
		host.reset();
	});

	/** Runs Generate on a task that ends with `videoUrl` as its result URL. */
	async function generateWithResult(provider: 'freepik' | 'apimart', videoUrl: string, options: IDataObject = {}): Promise<Execution> {
		const running = rig.run({
			parameters: { authentication: provider, operation: 'generate', prompt: 'a fox [sandbox:stuck]', options },
			continueOnFail: true,
		});
		const task = await waitFor(() => rig.sandbox.tasks.all()[0], 5000, 'the task');
		rig.sandbox.tasks.complete(task.id);
		task.videoUrls = [videoUrl];
		return await running;
	}

	describe('only http(s) result URLs are fetched', () => {
		for (const provider of ['freepik', 'apimart'] as const) {
			it.each(NON_HTTP_URLS)(`Generate (${provider}): %s is refused, the item keeps its task id`, async (videoUrl) => {
				const execution = await generateWithResult(provider, videoUrl);
				const [item] = outputItems(execution.run);
				const [task] = rig.sandbox.tasks.all();
				expect(item.json.taskId).toBe(task.id);
				expect(String(item.json.error)).toMatch(new RegExp(`Task ${task.id} finished but its video could not be downloaded: .*not an http\\(s\\) URL`));
				expect(item.binary).toBeUndefined();
				expect(rig.sandbox.log.count('download')).toBe(0);
			});
		}

		it.each([
			['freepik', 'v3'],
			['apimart', 'kling-v3'],
		] as const)('Get Task (%s): a non-http(s) result URL is refused', async (provider, family) => {
			const task = rig.sandbox.tasks.create({
				provider,
				family,
				tier: 'std',
				apiKey: provider === 'freepik' ? rig.sandbox.options.freepikKeys[0] : rig.sandbox.options.apimartKeys[0],
				request: { prompt: 'a fox [sandbox:stuck]' },
			});
			rig.sandbox.tasks.complete(task.id);
			task.videoUrls = ['file:///etc/passwd'];
			const execution = await rig.run({ type: 'kling3', parameters: { authentication: provider, operation: 'getTask', taskId: task.id }, continueOnFail: true });
			const [item] = outputItems(execution.run);
			expect(String(item.json.error)).toMatch(/not an http\(s\) URL/);
			expect(item.binary).toBeUndefined();
		});
	});

	describe('the size cap', () => {
		it('a declared Content-Length over Max Video Size: refused before reading the body', async () => {
			rig.sandbox.options.largeVideoBytes = 3 * MB;
			try {
				const execution = await rig.run({
					parameters: { authentication: 'freepik', operation: 'generate', prompt: 'a fox', options: { maxVideoSizeMb: 1 } },
					continueOnFail: true,
				});
				const [item] = outputItems(execution.run);
				expect(String(item.json.error)).toMatch(/3\.0 MB, more than the 1\.0 MB download limit/);
				expect(item.binary).toBeUndefined();
			} finally {
				rig.sandbox.options.largeVideoBytes = undefined;
			}
		});

		it.each(['freepik', 'apimart'] as const)(
			'%s: no Content-Length (chunked, endless): the download stops near the cap, not at the end of the stream',
			async (provider) => {
				const execution = await generateWithResult(provider, `${host.url}/endless.mp4`, { maxVideoSizeMb: 1 });
				const [item] = outputItems(execution.run);
				expect(String(item.json.error)).toMatch(/larger than the 1\.0 MB download limit/);
				expect(item.binary).toBeUndefined();
				// The server stops when the client hangs up: a few socket buffers past the cap at most.
				expect(host.bytesSent).toBeLessThan(16 * MB);
				expect(host.bytesSent).toBeGreaterThan(1 * MB);
			},
		);

		itUnless('R6').each(['freepik', 'apimart'] as const)(`%s: a connection cut in the middle of the video is retried, and the video arrives whole${openNote('R6')}`, async (provider) => {
			const execution = await generateWithResult(provider, `${host.url}/flaky.mp4`);
			const [item] = outputItems(execution.run);
			expect(item.json.error).toBeNull();
			expect(hasServedVideo(item)).toBe(true);
			expect(host.hits.map((hit) => hit.path)).toEqual(['/flaky.mp4', '/flaky.mp4']);
		});

		it('a connection cut every time: the item fails naming its task and what happened', async () => {
			host.breakFirst = Infinity;
			const execution = await generateWithResult('freepik', `${host.url}/flaky.mp4`);
			const [item] = outputItems(execution.run);
			const [task] = rig.sandbox.tasks.all();
			expect(item.json.taskId).toBe(task.id);
			expect(String(item.json.error)).toMatch(new RegExp(`^Task ${task.id} finished but its video could not be downloaded: `));
			expect(item.binary).toBeUndefined();
		});

		itUnless('R6')(`no answer in time, every time: the error names the task, with and without Continue On Fail${openNote('R6')}`, async () => {
			const knob = new TimeoutKnob(300).install();
			try {
				for (const continueOnFail of [true, false]) {
					rig.sandbox.reset();
					rig.sandbox.faults.inject({ endpoint: 'download', kind: 'timeout', times: Infinity });
					const execution = await rig.run({ parameters: { authentication: 'apimart', operation: 'generate', prompt: 'a fox' }, continueOnFail });
					const [task] = rig.sandbox.tasks.all();
					const message = continueOnFail ? String(outputItems(execution.run)[0].json.error) : String(nodeError(execution.run)?.message);
					expect(message).toMatch(new RegExp(`^Task ${task.id} finished but its video could not be downloaded: .*in time`));
				}
			} finally {
				knob.restore();
			}
		});

		it('the result URL is fetched without the API key', async () => {
			const execution = await generateWithResult('freepik', `${host.url}/video.mp4`);
			const [item] = outputItems(execution.run);
			expect(hasServedVideo(item)).toBe(true);
			expect(host.hits).toHaveLength(1);
			const headers = Object.keys(host.hits[0].headers);
			expect(headers.filter((name) => /api-key|authorization/i.test(name))).toEqual([]);
		});
	});

	describe('callbacks: nothing is downloaded before the signature is verified', () => {
		let hooks: WebhookRig;
		beforeAll(async () => {
			hooks = await startWebhookRig();
		});
		afterAll(async () => await hooks.close());
		beforeEach(() => hooks.sandbox.reset());

		const post = async (url: string, body: string, headers: Record<string, string>) =>
			(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).status;

		function triggerWorkflow(parameters: IDataObject): WorkflowJson {
			return {
				name: 'results',
				nodes: [
					{
						id: 'trigger',
						name: 'Kling Trigger',
						type: 'n8n-nodes-kling.klingTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: parameters as never,
						credentials: { freepikApi: { id: 'test', name: 'test' } },
					},
				],
				connections: {},
			};
		}

		const sign = (id: string, at: number, raw: string) => ({
			'webhook-id': id,
			'webhook-timestamp': String(at),
			'webhook-signature': hooks.sandbox.signWebhook(id, at, raw),
		});

		it('Kling Trigger: forged, stale, unsigned and filtered-out callbacks fetch nothing; a valid one fetches once', async () => {
			const active = hooks.n8n.activate(triggerWorkflow({ event: 'completed', downloadVideo: true }));
			const url = `${hooks.n8n.url}/webhook/kling`;
			const now = Math.floor(Date.now() / 1000);
			const body = JSON.stringify({ task_id: 'task-7', status: 'COMPLETED', generated: [`${host.url}/video.mp4`] });
			const failed = JSON.stringify({ task_id: 'task-8', status: 'FAILED', generated: [`${host.url}/video.mp4`] });
			const refused = [
				await post(url, body, { ...sign('m1', now, body), 'webhook-signature': 'v1,Zm9yZ2VkIHNpZ25hdHVyZQ==' }),
				await post(url, body, sign('m2', now - 3600, body)),
				await post(url, body, {}),
				await post(url, body.replace('task-7', 'task-9'), sign('m3', now, body)),
			];
			expect(refused).toEqual([401, 401, 401, 401]);
			expect(await post(url, failed, sign('m4', now, failed))).toBe(200);
			expect(host.hits).toHaveLength(0);
			expect(active.executions).toHaveLength(0);

			expect(await post(url, body, sign('m5', now, body))).toBe(200);
			await waitFor(() => active.executions.length === 1, 5000, 'the trigger execution');
			expect(host.hits).toHaveLength(1);
			const [item] = active.executions[0].run.data.resultData.runData['Kling Trigger'][0].data!.main[0]!;
			expect(hasServedVideo(item)).toBe(true);
		});

		itUnless('R5')(`Kling Trigger: a copy of a delivery arriving while its video downloads starts nothing${openNote('R5')}`, async () => {
			const active = hooks.n8n.activate(triggerWorkflow({ event: 'completed', downloadVideo: true }));
			const url = `${hooks.n8n.url}/webhook/kling`;
			const now = Math.floor(Date.now() / 1000);
			const body = JSON.stringify({ task_id: 'task-11', status: 'COMPLETED', generated: [`${host.url}/slow.mp4`] });
			// The provider's retry (same webhook-id) lands while the first copy's video is downloading.
			expect(await post(url, body, sign('d1', now, body))).toBe(200);
			expect(await post(url, body, sign('d1', now, body))).toBe(200);
			await waitFor(() => active.executions.length >= 1, 5000, 'the trigger execution');
			await new Promise((resolve) => setTimeout(resolve, host.slowMs + 300));
			expect(active.executions).toHaveLength(1);
			expect(host.hits).toHaveLength(1);
		});

		it('Kling Trigger: a verified callback with a non-http(s) URL starts the workflow without fetching', async () => {
			const active = hooks.n8n.activate(triggerWorkflow({ event: 'completed', downloadVideo: true }));
			const now = Math.floor(Date.now() / 1000);
			const body = JSON.stringify({ task_id: 'task-10', status: 'COMPLETED', generated: ['file:///etc/passwd'] });
			const headers = { 'webhook-id': 'n1', 'webhook-timestamp': String(now), 'webhook-signature': hooks.sandbox.signWebhook('n1', now, body) };
			expect(await post(`${hooks.n8n.url}/webhook/kling`, body, headers)).toBe(200);
			await waitFor(() => active.executions.length === 1, 5000, 'the trigger execution');
			const [item] = active.executions[0].run.data.resultData.runData['Kling Trigger'][0].data!.main[0]!;
			expect(item.json).toMatchObject({ taskId: 'task-10', error: expect.stringMatching(/not an http\(s\) URL/) });
			expect(item.binary).toBeUndefined();
		});

		it('Wait for Webhook: forged callbacks cost no request at all; a verified one with a non-http(s) URL resumes without fetching', async () => {
			const execution = await hooks.run({
				parameters: { authentication: 'freepik', operation: 'generate', prompt: 'a fox [sandbox:stuck]', waitMode: 'webhook' },
				continueOnFail: true,
			});
			expect(execution.run.status).toBe('waiting');
			const [create] = hooks.sandbox.log.byEndpoint('freepik.omni.create');
			const resumeUrl = String((create.body as IDataObject).webhook_url);
			const [task] = hooks.sandbox.tasks.all();
			const requestsBefore = hooks.sandbox.log.count();
			const now = Math.floor(Date.now() / 1000);
			const body = JSON.stringify({ task_id: task.id, status: 'COMPLETED', generated: [`${host.url}/video.mp4`] });
			expect(await post(resumeUrl, body, { 'webhook-id': 'w1', 'webhook-timestamp': String(now), 'webhook-signature': 'v1,Zm9yZ2Vk' })).toBe(401);
			expect(await post(resumeUrl, body, {})).toBe(401);
			expect(hooks.sandbox.log.count()).toBe(requestsBefore);
			expect(host.hits).toHaveLength(0);

			const bad = JSON.stringify({ task_id: task.id, status: 'COMPLETED', generated: ['file:///etc/passwd'] });
			const headers = { 'webhook-id': 'w2', 'webhook-timestamp': String(now), 'webhook-signature': hooks.sandbox.signWebhook('w2', now, bad) };
			expect(await post(resumeUrl, bad, headers)).toBe(200);
			const done = await hooks.n8n.finished(execution.id);
			const [item] = outputItems(done.run);
			expect(item.json).toMatchObject({ taskId: task.id, error: expect.stringMatching(/not an http\(s\) URL/) });
			expect(item.binary).toBeUndefined();
		});
	});

	it('nothing crashed', () => {
		expect(crashes.describe()).toBe('');
	});
});
