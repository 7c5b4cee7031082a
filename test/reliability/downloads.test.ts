import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { WorkflowJson } from '../harness/engine';
import { CrashWatch, LogCapture } from './support/capture';
import { hasServedVideo, nodeError, outputItems, type Rig, startRig, startWebhookRig, type WebhookRig, waitFor } from './support/fixture';
import { TimeoutKnob } from './support/timeouts';
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

	describe('only http(s) result URLs are fetched', () => {
		it.each(['freepik', 'apimart'] as const)('Generate (%s): each non-http(s) result URL is refused, each item keeps its task id', async (provider) => {
			// One item per URL, each task ending with its own result URL.
			const running = rig.run({
				parameters: { authentication: provider, operation: 'generate', prompt: '={{ $json.prompt }}' },
				items: NON_HTTP_URLS.map((_, index) => ({ json: { prompt: `fox ${index} [sandbox:stuck]` } })),
				continueOnFail: true,
			});
			const tasks = await waitFor(() => rig.sandbox.tasks.all().length === NON_HTTP_URLS.length && rig.sandbox.tasks.all(), 20_000, 'the tasks');
			for (const task of tasks) {
				rig.sandbox.tasks.complete(task.id);
				task.videoUrls = [NON_HTTP_URLS[Number(/fox (\d+)/.exec((task.request as { prompt: string }).prompt)![1])]];
			}
			const items = outputItems((await running).run);
			expect(items).toHaveLength(NON_HTTP_URLS.length);
			for (const [index, item] of items.entries()) {
				const task = tasks.find((candidate) => candidate.videoUrls[0] === NON_HTTP_URLS[index])!;
				expect({ url: NON_HTTP_URLS[index], taskId: item.json.taskId, binary: item.binary }).toEqual({ url: NON_HTTP_URLS[index], taskId: task.id, binary: undefined });
				expect(String(item.json.error)).toMatch(new RegExp(`Task ${task.id} finished but its video could not be downloaded: .*not an http\\(s\\) URL`));
			}
			expect(rig.sandbox.log.count('download')).toBe(0);
		});

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

	describe('the size cap, broken connections, no key (each case in its own sandbox, side by side)', () => {
		interface Outcome {
			item: INodeExecutionData;
			taskId: string;
			hits: string[];
			bytesSent: number;
			nodeMessage?: string;
		}
		interface DownloadCase {
			name: string;
			provider: 'freepik' | 'apimart';
			/** The task's result URL on the case's own video host; the sandbox's own when absent. */
			path?: string;
			options?: IDataObject;
			continueOnFail?: boolean;
			prepare?: (rig: Rig, host: VideoHost) => void;
			check: (outcome: Outcome) => void;
		}
		const CASES: DownloadCase[] = [
			{
				name: 'a declared Content-Length over Max Video Size: refused before reading the body',
				provider: 'freepik',
				options: { maxVideoSizeMb: 1 },
				prepare: (own) => (own.sandbox.options.largeVideoBytes = 3 * MB),
				check: ({ item }) => {
					expect(String(item.json.error)).toMatch(/3\.0 MB, more than the 1\.0 MB download limit/);
					expect(item.binary).toBeUndefined();
				},
			},
			...(['freepik', 'apimart'] as const).map(
				(provider): DownloadCase => ({
					name: `${provider}: no Content-Length (chunked, endless): the download stops near the cap, not at the end of the stream`,
					provider,
					path: '/endless.mp4',
					options: { maxVideoSizeMb: 1 },
					check: ({ item, bytesSent }) => {
						expect(String(item.json.error)).toMatch(/larger than the 1\.0 MB download limit/);
						expect(item.binary).toBeUndefined();
						// The server stops when the client hangs up: a few socket buffers past the cap at most.
						expect(bytesSent).toBeLessThan(16 * MB);
						expect(bytesSent).toBeGreaterThan(1 * MB);
					},
				}),
			),
			...(['freepik', 'apimart'] as const).map(
				(provider): DownloadCase => ({
					name: `${provider}: a connection cut in the middle of the video is retried, and the video arrives whole`,
					provider,
					path: '/flaky.mp4',
					check: ({ item, hits }) => {
						expect(item.json.error).toBeNull();
						expect(hasServedVideo(item)).toBe(true);
						expect(hits).toEqual(['/flaky.mp4', '/flaky.mp4']);
					},
				}),
			),
			{
				name: 'a connection cut every time: the item fails naming its task',
				provider: 'freepik',
				path: '/flaky.mp4',
				prepare: (_own, own) => (own.breakFirst = Infinity),
				check: ({ item, taskId }) => {
					expect(item.json.taskId).toBe(taskId);
					expect(String(item.json.error)).toMatch(new RegExp(`^Task ${taskId} finished but its video could not be downloaded: `));
					expect(item.binary).toBeUndefined();
				},
			},
			...[true, false].map(
				(continueOnFail): DownloadCase => ({
					name: `no answer in time, every time: the error names the task (continue on fail ${continueOnFail})`,
					provider: 'apimart',
					continueOnFail,
					prepare: (own) => own.sandbox.faults.inject({ endpoint: 'download', kind: 'timeout', times: Infinity }),
					check: ({ item, taskId, nodeMessage }) => {
						const message = continueOnFail ? String(item?.json.error) : String(nodeMessage);
						expect(message).toMatch(new RegExp(`^Task ${taskId} finished but its video could not be downloaded: .*in time`));
					},
				}),
			),
			{
				name: 'the result URL is fetched without the API key',
				provider: 'freepik',
				path: '/video.mp4',
				check: ({ item, hits }) => {
					expect(hasServedVideo(item)).toBe(true);
					expect(hits).toEqual(['/video.mp4']);
				},
			},
		];
		const outcomes = new Map<string, Outcome>();
		const keyHeaders: string[] = [];

		beforeAll(async () => {
			const knob = new TimeoutKnob(500).install();
			try {
				await Promise.all(
					CASES.map(async (entry) => {
						const own = await startRig();
						const ownHost = await VideoHost.start();
						try {
							entry.prepare?.(own, ownHost);
							const prompt = entry.path ? 'a fox [sandbox:stuck]' : 'a fox';
							const running = own.run({
								parameters: { authentication: entry.provider, operation: 'generate', prompt, options: entry.options ?? {} },
								continueOnFail: entry.continueOnFail ?? true,
							});
							const task = await waitFor(() => own.sandbox.tasks.all()[0], 20_000, 'the task');
							if (entry.path) {
								own.sandbox.tasks.complete(task.id);
								task.videoUrls = [`${ownHost.url}${entry.path}`];
							}
							const execution = await running;
							for (const hit of ownHost.hits) keyHeaders.push(...Object.keys(hit.headers).filter((name) => /api-key|authorization/i.test(name)));
							outcomes.set(entry.name, {
								item: outputItems(execution.run)[0],
								taskId: task.id,
								hits: ownHost.hits.map((hit) => hit.path),
								bytesSent: ownHost.bytesSent,
								nodeMessage: nodeError(execution.run)?.message,
							});
						} finally {
							await ownHost.close();
							await own.close();
						}
					}),
				);
			} finally {
				knob.restore();
			}
		}, 60_000);

		for (const entry of CASES) {
			it(entry.name, () => entry.check(outcomes.get(entry.name)!));
		}

		it('no download carried a key header', () => {
			expect(keyHeaders).toEqual([]);
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
			await waitFor(() => active.executions.length === 1, 20_000, 'the trigger execution');
			expect(host.hits).toHaveLength(1);
			const [item] = active.executions[0].run.data.resultData.runData['Kling Trigger'][0].data!.main[0]!;
			expect(hasServedVideo(item)).toBe(true);
		});

		it('Kling Trigger: a copy of a delivery arriving while its video downloads starts nothing', async () => {
			const active = hooks.n8n.activate(triggerWorkflow({ event: 'completed', downloadVideo: true }));
			const url = `${hooks.n8n.url}/webhook/kling`;
			const now = Math.floor(Date.now() / 1000);
			const body = JSON.stringify({ task_id: 'task-11', status: 'COMPLETED', generated: [`${host.url}/slow.mp4`] });
			// The provider's retry (same webhook-id) lands while the first copy's video is downloading.
			expect(await post(url, body, sign('d1', now, body))).toBe(200);
			expect(await post(url, body, sign('d1', now, body))).toBe(200);
			// Both calls handled to the end, the download and any execution they started included.
			await hooks.n8n.idle();
			expect(active.executions).toHaveLength(1);
			expect(host.hits).toHaveLength(1);
		});

		it('Kling Trigger: a verified callback with a non-http(s) URL starts the workflow without fetching', async () => {
			const active = hooks.n8n.activate(triggerWorkflow({ event: 'completed', downloadVideo: true }));
			const now = Math.floor(Date.now() / 1000);
			const body = JSON.stringify({ task_id: 'task-10', status: 'COMPLETED', generated: ['file:///etc/passwd'] });
			const headers = { 'webhook-id': 'n1', 'webhook-timestamp': String(now), 'webhook-signature': hooks.sandbox.signWebhook('n1', now, body) };
			expect(await post(`${hooks.n8n.url}/webhook/kling`, body, headers)).toBe(200);
			await waitFor(() => active.executions.length === 1, 20_000, 'the trigger execution');
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
