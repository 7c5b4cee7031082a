import { startSandbox, type Sandbox } from './index';
import { apimartAuth, call, freepikAuth, waitFor } from './testSupport';

describe('Freepik task lifecycle', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		// queued 10 ms, running 30 ms
		sandbox = await startSandbox({ timeScale: 0.01, rateLimitPerMinute: 10_000 });
	});
	afterEach(async () => sandbox.close());

	const create = (path: string, body: Record<string, unknown>, key = 'fp-test-key') =>
		call(sandbox, 'POST', path, { headers: freepikAuth(key), json: body }).then((response) => response.json().data.task_id as string);
	const status = (path: string, key = 'fp-test-key') =>
		call(sandbox, 'GET', path, { headers: freepikAuth(key) }).then((response) => ({ status: response.status, body: response.json() }));

	it('goes CREATED -> IN_PROGRESS -> COMPLETED with the video URL', async () => {
		// Each phase is looked at before the next begins: the test moves the task on itself.
		sandbox.options.lifecycle = { queuedMs: 1_000_000, runningMs: 1_000_000 };
		const taskId = await create('/v1/ai/video/kling-v3-omni-pro', { prompt: 'x' });
		expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
		const path = `/v1/ai/video/kling-v3-omni/${taskId}`;
		const seen = [(await status(path)).body.data.status];
		sandbox.tasks.advance(taskId);
		seen.push((await status(path)).body.data.status);
		sandbox.tasks.advance(taskId);
		const done = (await status(path)).body.data;
		seen.push(done.status);
		expect(seen).toEqual(['CREATED', 'IN_PROGRESS', 'COMPLETED']);
		expect(done).toEqual({ task_id: taskId, status: 'COMPLETED', generated: [sandbox.videoUrl(taskId)], error: null });
		expect(sandbox.tasks.get(taskId)).toMatchObject({ provider: 'freepik', family: 'omni', tier: 'pro', phase: 'succeeded' });
	});

	it('moves through the phases on its own, in order, on the sandbox clock', async () => {
		const phases: string[] = [];
		sandbox.tasks.onChange((task) => phases.push(task.status));
		const taskId = await create('/v1/ai/video/kling-v3-omni-std', { prompt: 'x' });
		const done = await waitFor(async () => {
			const { body } = await status(`/v1/ai/video/kling-v3-omni/${taskId}`);
			return body.data.status === 'COMPLETED' && body.data;
		});
		expect(done.generated).toEqual([sandbox.videoUrl(taskId)]);
		expect(phases).toEqual(['CREATED', 'IN_PROGRESS', 'COMPLETED']);
		// queued 10 ms, running 30 ms (timeScale 0.01), however late the timers ran.
		const task = sandbox.tasks.get(taskId)!;
		expect([task.startedAt! - task.createdAt, task.finishedAt! - task.startedAt!]).toEqual([10, 30]);
	});

	it('a task whose time has come is finished when asked, even before its timer has run', async () => {
		const taskId = await create('/v1/ai/video/kling-v3-omni-std', { prompt: 'x' });
		// Block the event loop past the whole lifecycle: no timer can run meanwhile.
		const until = Date.now() + 60;
		while (Date.now() < until);
		expect(sandbox.tasks.get(taskId)).toMatchObject({ phase: 'succeeded', status: 'COMPLETED' });
	});

	it('ends FAILED with an error for [sandbox:fail], even in a multi_prompt shot', async () => {
		const taskId = await create('/v1/ai/video/kling-v3-std', {
			multi_prompt: [{ prompt: 'fine', duration: '3' }, { prompt: 'no [sandbox:fail]', duration: '3' }],
		});
		const failed = await waitFor(async () => {
			const { body } = await status(`/v1/ai/video/kling-v3/${taskId}`);
			return body.data.status === 'FAILED' && body.data;
		});
		expect(failed).toMatchObject({ generated: [], error: 'Content policy violation (sandbox)' });
	});

	it('marks [sandbox:nsfw] results and lets tests end [sandbox:stuck] tasks', async () => {
		const nsfw = await create('/v1/ai/reference-to-video/kling-v3-omni-std', {
			video_url: 'https://example.com/v.mp4',
			prompt: '[sandbox:nsfw]',
		});
		const stuck = await create('/v1/ai/video/kling-v3-omni-std', { prompt: '[sandbox:stuck]' });
		await waitFor(() => sandbox.tasks.get(nsfw)?.phase === 'succeeded');
		const nsfwStatus = await status(`/v1/ai/reference-to-video/kling-v3-omni/${nsfw}`);
		expect(nsfwStatus.body.data).toMatchObject({ status: 'COMPLETED', has_nsfw: true });
		expect(sandbox.tasks.get(stuck)?.status).toBe('IN_PROGRESS');
		sandbox.tasks.complete(stuck);
		expect((await status(`/v1/ai/video/kling-v3-omni/${stuck}`)).body.data.status).toBe('COMPLETED');
		sandbox.tasks.fail(nsfw, 'operator said no');
		expect((await status(`/v1/ai/reference-to-video/kling-v3-omni/${nsfw}`)).body.data.error).toBe('operator said no');
	});

	it('runs [sandbox:slow] ten times longer', async () => {
		const normal = await create('/v1/ai/video/kling-v3-omni-std', { prompt: 'x' });
		const slow = await create('/v1/ai/video/kling-v3-omni-std', { prompt: '[sandbox:slow]' });
		const [normalDone, slowDone] = await Promise.all(
			[normal, slow].map(async (id) => await waitFor(() => sandbox.tasks.get(id)?.phase === 'succeeded' && sandbox.tasks.get(id)!)),
		);
		const running = (task: typeof normalDone) => task.finishedAt! - task.startedAt!;
		expect([running(normalDone), running(slowDone)]).toEqual([30, 300]);
	});

	it('finds a task only under its own family and key', async () => {
		sandbox.options.freepikKeys.push('fp-other');
		const taskId = await create('/v1/ai/video/kling-v3-omni-std', { prompt: 'x' });
		const legacyId = await create('/v1/ai/video/kling-v3-omni-pro/video-reference', { video_url: 'https://example.com/v.mp4' });
		expect((await status(`/v1/ai/video/kling-v3/${taskId}`)).status).toBe(404);
		expect((await status(`/v1/ai/video/kling-v3-omni/${taskId}`, 'fp-other')).body).toEqual({ message: 'Not found' });
		expect((await status('/v1/ai/video/kling-v3-omni/00000000-0000-0000-0000-000000000000')).status).toBe(404);
		expect((await status(`/v1/ai/reference-to-video/kling-v3-omni/${legacyId}`)).status).toBe(200);
	});

	it('lists newest first, by page, per family and key', async () => {
		sandbox.options.lifecycle.queuedMs = 1_000_000;
		sandbox.options.freepikKeys.push('fp-other');
		const ids: string[] = [];
		for (let index = 0; index < 5; index++) ids.push(await create('/v1/ai/video/kling-v3-pro', { prompt: `p${index}` }));
		await create('/v1/ai/video/kling-v3-pro', { prompt: 'other key' }, 'fp-other');
		await create('/v1/ai/video/kling-v3-omni-pro', { prompt: 'other family' });
		const newestFirst = [...ids].reverse();

		const all = await status('/v1/ai/video/kling-v3');
		expect(all.body.data).toEqual(newestFirst.map((task_id) => ({ task_id, status: 'CREATED' })));
		const page2 = await status('/v1/ai/video/kling-v3?page=2&page_size=2');
		expect(page2.body.data.map((item: { task_id: string }) => item.task_id)).toEqual(newestFirst.slice(2, 4));
		const page4 = await status('/v1/ai/video/kling-v3?page=4&page_size=2');
		expect(page4.body.data).toEqual([]);

		sandbox.options.listIncludesGenerated = true;
		expect((await status('/v1/ai/video/kling-v3?page_size=1')).body.data).toEqual([
			{ task_id: newestFirst[0], status: 'CREATED', generated: [] },
		]);
	});

	it('rejects bad paging in the problem format', async () => {
		const response = await call(sandbox, 'GET', '/v1/ai/video/kling-v3-omni?page=0&page_size=101', { headers: freepikAuth() });
		expect(response.status).toBe(400);
		expect(response.json().invalid_params.map((param: { name: string }) => param.name)).toEqual(['page', 'page_size']);
	});
});

describe('APIMart task lifecycle', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ timeScale: 0.01 });
	});
	afterEach(async () => sandbox.close());

	const create = (body: Record<string, unknown>, key = 'am-test-key') =>
		call(sandbox, 'POST', '/v1/videos/generations', { headers: apimartAuth(key), json: { model: 'kling-v3-omni', ...body } });
	const createId = (body: Record<string, unknown>) =>
		create(body).then((response) => response.json().data[0].task_id as string);
	const task = (id: string, key = 'am-test-key') =>
		call(sandbox, 'GET', `/v1/tasks/${id}`, { headers: apimartAuth(key) }).then((response) => ({
			status: response.status,
			body: response.json(),
		}));

	it('goes pending -> processing -> completed with the video URL', async () => {
		// Each phase is looked at before the next begins: the test moves the task on itself.
		sandbox.options.lifecycle = { queuedMs: 1_000_000, runningMs: 1_000_000 };
		const id = await createId({ prompt: 'x', mode: 'pro' });
		const look = async () => {
			const { body } = await task(id);
			expect(body.code).toBe(200);
			return body.data;
		};
		const seen = [(await look()).status];
		sandbox.tasks.advance(id);
		seen.push((await look()).status);
		sandbox.tasks.advance(id);
		const done = await look();
		seen.push(done.status);
		expect(seen).toEqual(['pending', 'processing', 'completed']);
		expect(done).toMatchObject({ id, progress: 100, result: { videos: [{ url: [sandbox.videoUrl(id)] }] } });
		expect(done.result.videos[0].expires_at).toBeGreaterThan(Date.now() / 1000);
		expect(done.completed).toBeGreaterThanOrEqual(done.created);
		expect(typeof done.estimated_time).toBe('number');
		expect(typeof done.actual_time).toBe('number');
		expect(sandbox.tasks.get(id)).toMatchObject({ provider: 'apimart', family: 'kling-v3-omni', tier: 'pro' });
	});

	it('fails on [sandbox:fail] and cancels on [sandbox:cancel]', async () => {
		const failing = await createId({ prompt: 'x [sandbox:fail]' });
		const cancelling = await createId({ prompt: 'x [sandbox:cancel]' });
		const failed = await waitFor(async () => {
			const { body } = await task(failing);
			return body.data.status === 'failed' && body.data;
		});
		expect(failed.error).toEqual({ code: 400, message: 'Content policy violation (sandbox)', type: 'content_policy_violation' });
		expect(failed.result).toBeUndefined();
		const cancelled = await waitFor(async () => {
			const { body } = await task(cancelling);
			return body.data.status === 'cancelled' && body.data;
		});
		expect(cancelled.error.type).toBe('task_cancelled');
	});

	it('answers 404 for unknown tasks and tasks of another key', async () => {
		sandbox.options.apimartKeys.push('am-other');
		const id = await createId({ prompt: 'x' });
		const notFound = { error: { code: 404, message: 'task not found', type: 'invalid_request_error' } };
		expect(await task('task_unknown')).toEqual({ status: 404, body: notFound });
		expect(await task(id, 'am-other')).toEqual({ status: 404, body: notFound });
	});

	it('limits concurrent tasks per key when asked', async () => {
		sandbox.options.apimartMaxConcurrent = 2;
		sandbox.options.lifecycle.queuedMs = 1_000_000;
		await createId({ prompt: 'a' });
		const second = await createId({ prompt: 'b' });
		const third = await create({ prompt: 'c' });
		expect(third.status).toBe(429);
		expect(third.json()).toEqual({ error: { code: 429, message: 'Too many concurrent tasks', type: 'rate_limit_error' } });
		sandbox.tasks.complete(second);
		expect((await create({ prompt: 'd' })).status).toBe(200);
	});
});
