import { createHmac } from 'node:crypto';

import { rowsFor } from '../../../nodes/shared/models';
import { recordRenderTime } from '../../../nodes/shared/wait/renderTimes';
import { jsonItems } from '../../harness/workflows';
import { DEFAULT_WEBHOOK_SECRET } from '../../sandbox';
import { finishAll, HELD_LIFECYCLE } from '../../sandbox/testSupport';
import {
	APIMART,
	bytesOf,
	createEntries,
	expectSuccess,
	FREEPIK,
	type Fixture,
	isMp4,
	onlyCreate,
	output,
	startFixture,
	startWebhookFixture,
	waitFor,
	type WebhookFixture,
} from './helpers';

describe('Kling Omni wait modes', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		fixture = await startFixture();
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());

	describe("Don't Wait", () => {
		it('Freepik: sends one create request and returns the task at once, without download', async () => {
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox', waitMode: 'none' });
			const items = expectSuccess(execution.run);
			expect(fixture.sandbox.log.count()).toBe(1);
			const create = onlyCreate(fixture.sandbox);
			const [task] = fixture.sandbox.tasks.all();
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({
				taskId: task.id,
				status: 'CREATED',
				provider: 'freepik',
				model: 'kling-v3-omni-std',
				videoUrl: null,
				videoUrls: [],
				error: null,
			});
			expect(items[0].binary).toBeUndefined();
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(create.body).not.toHaveProperty('webhook_url');
			expect(fixture.sandbox.log.count('download')).toBe(0);
		});

		it('APIMart: sends one create request and returns the submitted task', async () => {
			const execution = await fixture.run({ ...APIMART, prompt: 'a fox', waitMode: 'none' });
			const [item] = expectSuccess(execution.run);
			expect(fixture.sandbox.log.count()).toBe(1);
			const [task] = fixture.sandbox.tasks.all();
			expect(item.json).toMatchObject({ taskId: task.id, status: 'submitted', provider: 'apimart', model: 'kling-v3-omni', videoUrl: null });
			expect(item.binary).toBeUndefined();
		});

		it('returns one item per input item, in order', async () => {
			const execution = await fixture.run(
				{ ...FREEPIK, prompt: '={{ $json.text }}', waitMode: 'none' },
				jsonItems({ text: 'one' }, { text: 'two' }, { text: 'three' }),
			);
			const items = expectSuccess(execution.run);
			expect(fixture.sandbox.log.count()).toBe(3);
			const promptOf = new Map(fixture.sandbox.tasks.all().map((task) => [task.id, (task.request as { prompt: string }).prompt]));
			expect(items.map((item) => promptOf.get(String(item.json.taskId)))).toEqual(['one', 'two', 'three']);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		});
	});

	describe('Poll Until Finished (the default)', () => {
		it('Freepik: polls to COMPLETED and outputs the task fields with the MP4', async () => {
			const started = Date.now();
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox' });
			const [item] = expectSuccess(execution.run);
			const [task] = fixture.sandbox.tasks.all();
			const videoUrl = fixture.sandbox.videoUrl(task.id);
			expect(item.json).toEqual({
				taskId: task.id,
				status: 'COMPLETED',
				provider: 'freepik',
				model: 'kling-v3-omni-std',
				videoUrl,
				videoUrls: [videoUrl],
				error: null,
				elapsedSeconds: expect.any(Number),
			});
			expect(item.json.elapsedSeconds as number).toBeGreaterThan(0);
			expect(item.json.elapsedSeconds as number).toBeLessThanOrEqual((Date.now() - started) / 1000 + 0.1);
			expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
			expect(fixture.sandbox.log.count('freepik.omni.create')).toBe(1);
			expect(fixture.sandbox.log.count('freepik.omni.status')).toBeGreaterThanOrEqual(1);
			expect(fixture.sandbox.log.count('download')).toBe(1);
			// The status request goes to the tier-less path.
			expect(fixture.sandbox.log.byEndpoint('freepik.omni.status')[0].path).toBe(`/v1/ai/video/kling-v3-omni/${task.id}`);
		});

		it('APIMart: polls to completed and outputs the task fields, progress and the MP4', async () => {
			const execution = await fixture.run({ ...APIMART, prompt: 'a fox', mode: 'pro' });
			const [item] = expectSuccess(execution.run);
			const [task] = fixture.sandbox.tasks.all();
			const videoUrl = fixture.sandbox.videoUrl(task.id);
			expect(item.json).toEqual({
				taskId: task.id,
				status: 'completed',
				provider: 'apimart',
				model: 'kling-v3-omni',
				videoUrl,
				videoUrls: [videoUrl],
				error: null,
				progress: 100,
				elapsedSeconds: expect.any(Number),
			});
			expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
			expect(fixture.sandbox.log.byEndpoint('apimart.status')[0].path).toBe(`/v1/tasks/${task.id}`);
		});

		it('surfaces has_nsfw', async () => {
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox [sandbox:nsfw]' });
			const [item] = expectSuccess(execution.run);
			expect(item.json).toMatchObject({ status: 'COMPLETED', hasNsfw: true });
		});

		it('does not download when Download Video is off, but still returns the URL', async () => {
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox', downloadVideo: false });
			const [item] = expectSuccess(execution.run);
			expect(item.json.status).toBe('COMPLETED');
			expect(item.json.videoUrl).toMatch(/\/files\/.+\.mp4$/);
			expect(item.binary).toBeUndefined();
			expect(fixture.sandbox.log.count('download')).toBe(0);
		});
	});
});

describe('Kling Omni Poll Until Finished remembers how long renders take (#15)', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		// Real time, renders of 6.5 s: longer than the first look at 5 s.
		fixture = await startFixture({ timeScale: 1, lifecycle: { queuedMs: 1_000, runningMs: 5_500 } });
	});
	afterAll(async () => await fixture.close());

	it("the next night's first look waits for the render the last one saw: one status read per video", async () => {
		const first = await fixture.run({ ...FREEPIK, prompt: 'a fox, first night' });
		expect(expectSuccess(first.run)).toHaveLength(1);
		const firstReads = fixture.sandbox.log.count('freepik.omni.status');
		expect(firstReads).toBeGreaterThanOrEqual(2);
		fixture.sandbox.reset();

		const second = await fixture.run({ ...FREEPIK, prompt: 'a fox, second night' });
		const [item] = expectSuccess(second.run);
		expect(item.json.status).toBe('COMPLETED');
		expect(fixture.sandbox.log.count('freepik.omni.status')).toBe(1);
		// Not late either: the look lands within a second of the render's end.
		expect(item.json.elapsedSeconds as number).toBeLessThan(6.5 + 1.5);
	}, 30_000);
});

describe('Kling Omni Wait for Webhook (Freepik)', () => {
	let hooks: WebhookFixture;
	beforeAll(async () => {
		// Tasks are held in their phase until a test moves them on (after the execution parked):
		// the node's look before parking must not race the lifecycle on a loaded machine.
		hooks = await startWebhookFixture({ lifecycle: HELD_LIFECYCLE }, { webhookSecret: DEFAULT_WEBHOOK_SECRET });
	});
	afterAll(async () => await hooks.close());
	beforeEach(() => hooks.sandbox.reset());

	const webhookParameters = { ...FREEPIK, waitMode: 'webhook' };
	const resumeUrlOf = (): string => String((createEntries(hooks.sandbox)[0].body as { webhook_url: string }).webhook_url);

	it('parks the execution and resumes it from the signed callbacks with the MP4', async () => {
		const execution = await hooks.run({ ...webhookParameters, prompt: 'a fox' });
		expect(execution.run.status).toBe('waiting');
		const resumeUrl = resumeUrlOf();
		expect(resumeUrl.startsWith(`${hooks.n8n.url}/webhook-waiting/${execution.id}`)).toBe(true);
		expect(resumeUrl.endsWith('/kling-node-id')).toBe(true);
		// The node does not poll to the end: one create and at most one look before parking.
		expect(hooks.sandbox.log.count('freepik.omni.status')).toBeLessThanOrEqual(1);

		finishAll(hooks.sandbox);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		expect(done.run.status).toBe('success');
		const [item] = output(done.run);
		const [task] = hooks.sandbox.tasks.all();
		expect(item.json).toMatchObject({ taskId: task.id, status: 'COMPLETED', provider: 'freepik', model: 'kling-v3-omni-std', error: null });
		expect(item.json.videoUrl).toBe(hooks.sandbox.videoUrl(task.id));
		expect(item.binary!.data.mimeType).toBe('video/mp4');
		expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
		const delivered = hooks.sandbox.webhookDeliveries.filter((delivery) => delivery.status === 'COMPLETED');
		expect(delivered.length).toBeGreaterThanOrEqual(1);
		expect(delivered[0].headers['webhook-signature']).toMatch(/^v1,/);
		expect(hooks.n8n.resumes.filter((resume) => resume.resumed && resume.executionId === execution.id)).toHaveLength(1);
	});

	it('looks before parking with one list, whatever the batch size (a status read only for a task the list shows finished)', async () => {
		const execution = await hooks.run({ ...webhookParameters, prompt: 'a fox' });
		expect(execution.run.status).toBe('waiting');
		expect(hooks.sandbox.log.count('freepik.omni.list')).toBe(1);
		expect(hooks.sandbox.log.count('freepik.omni.status')).toBe(0);
	});

	it('parks without a look when every task is younger than the shortest render seen recently: one request per video (#19)', async () => {
		recordRenderTime(hooks.sandbox.url, rowsFor('omni', 'freepik')[0].key, 60_000);
		const execution = await hooks.run({ ...webhookParameters, prompt: 'a fox' });
		expect(execution.run.status).toBe('waiting');
		finishAll(hooks.sandbox);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		expect(output(done.run)[0].json).toMatchObject({ status: 'COMPLETED', error: null });
		const apiRequests = hooks.sandbox.log.entries.filter((entry) => entry.path.startsWith('/v1/'));
		expect(apiRequests.map((entry) => entry.method)).toEqual(['POST']);
	});

	it('refuses a forged or unsigned callback with 401 and keeps waiting, then resumes on the real one', async () => {
		const execution = await hooks.run({ ...webhookParameters, prompt: 'a slow fox [sandbox:stuck]' });
		expect(execution.run.status).toBe('waiting');
		const [task] = hooks.sandbox.tasks.all();
		const forgedBody = JSON.stringify({ task_id: task.id, status: 'COMPLETED', generated: ['http://127.0.0.1:1/evil.mp4'] });
		const post = async (headers: Record<string, string>) =>
			await fetch(resumeUrlOf(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: forgedBody, signal: AbortSignal.timeout(20_000) });

		const unsigned = await post({});
		expect(unsigned.status).toBe(401);
		const timestamp = String(Math.floor(Date.now() / 1000));
		const wrongKey = createHmac('sha256', 'not-the-secret').update(`msg_forged.${timestamp}.${forgedBody}`).digest('base64');
		const forged = await post({ 'webhook-id': 'msg_forged', 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${wrongKey}` });
		expect(forged.status).toBe(401);
		// A genuine signature over a stale timestamp is refused too.
		const stale = String(Math.floor(Date.now() / 1000) - 3600);
		const staleSignature = hooks.sandbox.signWebhook('msg_stale', Number(stale), forgedBody);
		const replayed = await post({ 'webhook-id': 'msg_stale', 'webhook-timestamp': stale, 'webhook-signature': staleSignature });
		expect(replayed.status).toBe(401);

		expect(hooks.n8n.engine.executions.get(execution.id)!.run.status).toBe('waiting');
		const resumes = hooks.n8n.resumes.filter((resume) => resume.executionId === execution.id);
		expect(resumes.filter((resume) => resume.body === forgedBody).map((resume) => resume.status)).toEqual([401, 401, 401]);
		expect(resumes.every((resume) => !resume.resumed)).toBe(true);

		hooks.sandbox.tasks.complete(task.id);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		const [item] = output(done.run);
		expect(item.json).toMatchObject({ taskId: task.id, status: 'COMPLETED', videoUrl: hooks.sandbox.videoUrl(task.id) });
		expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
	});

	it('parks at once when the creates spent the budget: no look waits for it, one request per video', async () => {
		const execution = await hooks.run(
			{ ...webhookParameters, prompt: '={{ $json.text }}', options: { requestsPerMinute: 3 } },
			jsonItems({ text: 'one [sandbox:stuck]' }, { text: 'two [sandbox:stuck]' }, { text: 'three [sandbox:stuck]' }),
		);
		expect(execution.run.status).toBe('waiting');
		// With the window spent, the look before parking would have waited a minute: it is skipped.
		expect(hooks.sandbox.log.count()).toBe(3);
		for (const task of hooks.sandbox.tasks.all()) hooks.sandbox.tasks.complete(task.id);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		const items = output(done.run);
		expect(items.map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
		for (const item of items) expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
		expect(hooks.n8n.resumes.filter((resume) => resume.resumed && resume.executionId === execution.id)).toHaveLength(1);
		const apiRequests = hooks.sandbox.log.entries.filter((entry) => entry.path.startsWith('/v1/'));
		expect(apiRequests.map((entry) => entry.method)).toEqual(['POST', 'POST', 'POST']);
	});

	it('resumes a batch of 3 items once, with all 3 results in order', async () => {
		const execution = await hooks.run(
			{ ...webhookParameters, prompt: '={{ $json.text }}' },
			jsonItems({ text: 'first' }, { text: 'second' }, { text: 'third' }),
		);
		expect(execution.run.status).toBe('waiting');
		finishAll(hooks.sandbox);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		await hooks.sandbox.webhooksSettled();
		const items = output(done.run);
		expect(items).toHaveLength(3);
		const promptOf = new Map(hooks.sandbox.tasks.all().map((task) => [task.id, (task.request as { prompt: string }).prompt]));
		expect(items.map((item) => promptOf.get(String(item.json.taskId)))).toEqual(['first', 'second', 'third']);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) {
			expect(item.json).toMatchObject({ status: 'COMPLETED', error: null });
			expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
		}
		expect(hooks.n8n.resumes.filter((resume) => resume.resumed && resume.executionId === execution.id)).toHaveLength(1);
		expect(hooks.sandbox.log.count('freepik.omni.create')).toBe(3);
	});

	it('Continue on fail: an invalid item waits alongside, the video lands in the chosen binary property', async () => {
		const execution = await hooks.run(
			{ ...webhookParameters, prompt: '={{ $json.text }}', options: { binaryPropertyName: 'video' } },
			jsonItems({ text: 'a fox' }, { text: 'x'.repeat(2501) }),
			true,
		);
		expect(execution.run.status).toBe('waiting');
		expect(hooks.sandbox.log.count('freepik.omni.create')).toBe(1);
		finishAll(hooks.sandbox);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		const [good, invalid] = output(done.run);
		expect(good.json).toMatchObject({ status: 'COMPLETED', taskId: hooks.sandbox.tasks.all()[0].id });
		expect(Object.keys(good.binary ?? {})).toEqual(['video']);
		expect(isMp4(bytesOf(good.binary!.video))).toBe(true);
		expect(invalid.json.error).toMatch(/Invalid input in item 1: prompt: 2501 characters/);
		expect(invalid.json.taskId).toBeUndefined();
		expect(invalid.pairedItem).toEqual({ item: 1 });
	});

	it('resumes once when Freepik sends every callback twice', async () => {
		const execution = await hooks.run({ ...webhookParameters, prompt: 'a fox [sandbox:dup-webhook]' });
		expect(execution.run.status).toBe('waiting');
		finishAll(hooks.sandbox);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		await hooks.sandbox.webhooksSettled();
		expect(hooks.sandbox.webhookDeliveries.filter((delivery) => delivery.duplicate).length).toBeGreaterThanOrEqual(1);
		expect(hooks.n8n.resumes.filter((resume) => resume.resumed && resume.executionId === execution.id)).toHaveLength(1);
		const items = output(done.run);
		expect(items).toHaveLength(1);
		expect(items[0].json.status).toBe('COMPLETED');
	});

	it('a task that FAILED while the batch waited comes out with the reason and its task id', async () => {
		const execution = await hooks.run(
			{ ...webhookParameters, prompt: '={{ $json.text }}' },
			jsonItems({ text: 'good [sandbox:stuck]' }, { text: 'bad [sandbox:stuck]' }),
		);
		expect(execution.run.status).toBe('waiting');
		const [good, bad] = ['good [sandbox:stuck]', 'bad [sandbox:stuck]'].map(
			(text) => hooks.sandbox.tasks.all().find((task) => (task.request as { prompt: string }).prompt === text)!,
		);
		// The failure is called back first; the final callback (the good task) must learn the reason.
		hooks.sandbox.tasks.fail(bad.id, 'Face not allowed (sandbox)');
		await waitFor(
			() => hooks.sandbox.webhookDeliveries.some((delivery) => delivery.taskId === bad.id && delivery.status === 'FAILED' && delivery.responseStatus === 200),
			20_000,
			'the FAILED callback',
		);
		hooks.sandbox.tasks.complete(good.id);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		const [first, second] = output(done.run);
		expect(first.json).toMatchObject({ taskId: good.id, status: 'COMPLETED', error: null });
		expect(isMp4(bytesOf(first.binary!.data))).toBe(true);
		expect(second.json).toMatchObject({ taskId: bad.id, status: 'FAILED' });
		expect(second.json.error).toBe(`Freepik task ${bad.id} failed: Face not allowed (sandbox)`);
		expect(second.pairedItem).toEqual({ item: 1 });
	});

	it('when the max wait passes without the final callback, outputs items that keep the task id', async () => {
		const execution = await hooks.run(
			{ ...webhookParameters, prompt: '={{ $json.text }}', options: { maxWaitMinutes: 0.05 } },
			jsonItems({ text: 'never ends [sandbox:stuck]' }, { text: 'also stuck [sandbox:stuck]' }),
		);
		expect(execution.run.status).toBe('waiting');
		const tasks = hooks.sandbox.tasks.all();
		for (const task of tasks) hooks.sandbox.tasks.advance(task.id);
		expect(tasks.map((task) => task.status)).toEqual(['IN_PROGRESS', 'IN_PROGRESS']);
		const expired = await hooks.n8n.engine.expireWait(execution.id);
		expect(expired.run.status).not.toBe('waiting');
		const items = output(expired.run);
		expect(items).toHaveLength(2);
		const promptOf = new Map(tasks.map((task) => [task.id, (task.request as { prompt: string }).prompt]));
		expect(items.map((item) => promptOf.get(String(item.json.taskId)))).toEqual(['never ends [sandbox:stuck]', 'also stuck [sandbox:stuck]']);
		for (const item of items) {
			expect(item.json.error).toMatch(new RegExp(`Max wait of 0\\.05 min .*task ${String(item.json.taskId)}`));
			expect(item.binary).toBeUndefined();
		}
	});
});

describe('Kling Omni Wait for Webhook when the task is done before the execution can park', () => {
	let hooks: WebhookFixture;
	beforeAll(async () => {
		hooks = await startWebhookFixture({ lifecycle: { queuedMs: 0, runningMs: 0 } }, { webhookSecret: DEFAULT_WEBHOOK_SECRET });
	});
	afterAll(async () => await hooks.close());

	it('returns the result at once instead of parking', async () => {
		// The look before parking is answered late enough for the instant task to be finished.
		hooks.sandbox.faults.inject({ endpoint: 'freepik.omni.status', kind: 'slow', delayMs: 300 });
		const execution = await hooks.run({ ...FREEPIK, waitMode: 'webhook', prompt: 'a quick fox' });
		expect(execution.run.status).toBe('success');
		const [item] = output(execution.run);
		const [task] = hooks.sandbox.tasks.all();
		expect(item.json).toMatchObject({ taskId: task.id, status: 'COMPLETED' });
		expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
		expect(hooks.sandbox.log.count('freepik.omni.status')).toBe(1);
	});
});

describe('Kling Omni Wait for Webhook without a webhook secret', () => {
	let hooks: WebhookFixture;
	beforeAll(async () => {
		hooks = await startWebhookFixture({ lifecycle: HELD_LIFECYCLE });
	});
	afterAll(async () => await hooks.close());

	it('accepts the callbacks and resumes with the video', async () => {
		const execution = await hooks.run({ ...FREEPIK, waitMode: 'webhook', prompt: 'a fox', downloadVideo: false });
		expect(execution.run.status).toBe('waiting');
		finishAll(hooks.sandbox);
		const done = await hooks.n8n.finished(execution.id, 20_000);
		const [item] = output(done.run);
		expect(item.json).toMatchObject({ status: 'COMPLETED' });
		expect(item.binary).toBeUndefined();
	});

	it('takes a callback only as a hint: a forged "COMPLETED" for a running task is checked with Freepik and changes nothing', async () => {
		const execution = await hooks.run({ ...FREEPIK, waitMode: 'webhook', prompt: 'a slow fox [sandbox:stuck]' });
		expect(execution.run.status).toBe('waiting');
		const task = hooks.sandbox.tasks.all().at(-1)!;
		const resumeUrl = String((createEntries(hooks.sandbox).at(-1)!.body as { webhook_url: string }).webhook_url);
		const forged = JSON.stringify({ task_id: task.id, status: 'COMPLETED', generated: ['http://127.0.0.1:1/evil.mp4'] });
		const answer = await fetch(resumeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged, signal: AbortSignal.timeout(5000) });
		expect(answer.status).toBe(200);
		expect(hooks.n8n.engine.executions.get(execution.id)!.run.status).toBe('waiting');
		expect(hooks.sandbox.log.count('freepik.omni.status')).toBeGreaterThanOrEqual(1);

		hooks.sandbox.tasks.complete(task.id);
		const done = await hooks.n8n.finished(execution.id, 10_000);
		const [item] = output(done.run);
		expect(item.json).toMatchObject({ taskId: task.id, status: 'COMPLETED', videoUrl: hooks.sandbox.videoUrl(task.id) });
	});
});
