import { startSandbox, type FaultKind, type Sandbox } from './index';
import { apimartAuth, call, freepikAuth, waitFor } from './testSupport';

const OMNI_CREATE = '/v1/ai/video/kling-v3-omni-std';

describe('fault injection', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ timeScale: 0.01, rateLimitPerMinute: 10_000 });
	});
	afterEach(async () => sandbox.close());

	const createOmni = (timeoutMs?: number) =>
		call(sandbox, 'POST', OMNI_CREATE, { headers: freepikAuth(), json: { prompt: 'x' }, timeoutMs });
	const createApimart = () =>
		call(sandbox, 'POST', '/v1/videos/generations', {
			headers: apimartAuth(),
			json: { model: 'kling-v3', prompt: 'x' },
		});

	it.each([
		['500', 500, { message: 'Internal Server Error' }],
		['502', 502, { message: 'Bad Gateway' }],
		['503', 503, { message: 'Service Unavailable. Please try again later.' }],
		['504', 504, { message: 'Gateway Timeout' }],
		['429', 429, { message: 'Rate limit exceeded. Please try again later.' }],
	] as const)('answers %s in the Freepik shape, once', async (kind, status, body) => {
		sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind });
		const faulty = await createOmni();
		expect(faulty.status).toBe(status);
		expect(faulty.json()).toEqual(body);
		expect(faulty.headers.get('retry-after')).toBeNull();
		expect((await createOmni()).status).toBe(200);
		expect(sandbox.tasks.all()).toHaveLength(1);
		expect(sandbox.log.byEndpoint('freepik.omni.create')[0]).toMatchObject({ responseStatus: status, fault: kind });
		expect(sandbox.faults.fired).toEqual([expect.objectContaining({ kind, endpoint: 'freepik.omni.create', when: 'before' })]);
	});

	it('answers 429 with Retry-After, and in the APIMart shape on APIMart endpoints', async () => {
		sandbox.faults.inject({ endpoint: 'apimart.*', kind: '429-retry-after', retryAfterSeconds: 3 });
		const response = await createApimart();
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('3');
		expect(response.json()).toEqual({ error: { code: 429, message: 'Too many requests', type: 'rate_limit_error' } });
	});

	it('answers 503 in the APIMart shape', async () => {
		sandbox.faults.inject({ endpoint: 'apimart.status', kind: '503' });
		const response = await call(sandbox, 'GET', '/v1/tasks/task_x', { headers: apimartAuth() });
		expect(response.status).toBe(503);
		expect(response.json().error).toMatchObject({ code: 503, type: 'server_error' });
	});

	it('answers HTTP 200 with code 500 for apimart-code', async () => {
		sandbox.faults.inject({ endpoint: 'apimart.create', kind: 'apimart-code' });
		const response = await createApimart();
		expect(response.status).toBe(200);
		expect(response.json()).toMatchObject({ code: 500, error: { code: 500 } });
		expect(sandbox.tasks.all()).toHaveLength(0);
	});

	it.each([
		['malformed-json', 200, 'application/json'],
		['html', 502, 'text/html; charset=utf-8'],
		['empty', 200, 'application/json'],
	] as const)('answers %s', async (kind, status, contentType) => {
		sandbox.faults.inject({ endpoint: ['freepik.omni.status', 'freepik.omni.create'], kind });
		const response = await createOmni();
		expect(response.status).toBe(status);
		expect(response.headers.get('content-type')).toBe(contentType);
		if (kind === 'empty') expect(response.text).toBe('');
		if (kind === 'html') expect(response.text).toMatch(/<html>/);
		if (kind === 'malformed-json') expect(() => response.json()).toThrow();
	});

	it('resets the connection', async () => {
		sandbox.faults.inject({ endpoint: 'freepik.*', kind: 'reset' });
		await expect(createOmni()).rejects.toThrow();
		const [entry] = sandbox.log.byEndpoint('freepik.omni.create');
		expect(entry.fault).toBe('reset');
		expect(entry.responseStatus).toBeUndefined();
		expect((await createOmni()).status).toBe(200);
	});

	it('delays a slow answer, then answers normally', async () => {
		sandbox.faults.inject({ endpoint: '*', kind: 'slow', delayMs: 80 });
		const started = Date.now();
		const response = await createOmni();
		expect(Date.now() - started).toBeGreaterThanOrEqual(75);
		expect(response.status).toBe(200);
	});

	it('never answers on timeout, until the client gives up', async () => {
		sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: 'timeout' });
		const started = Date.now();
		await expect(createOmni(150)).rejects.toThrow(/timeout|aborted/i);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(sandbox.tasks.all()).toHaveLength(0);
	});

	it("with when: 'after' the task is created and the answer is lost", async () => {
		sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: '500', when: 'after' });
		sandbox.faults.inject({ endpoint: 'freepik.v3.create', kind: 'timeout', when: 'after' });
		const lost = await createOmni();
		expect(lost.status).toBe(500);
		const [task] = sandbox.tasks.all();
		expect(task).toMatchObject({ family: 'omni', request: { prompt: 'x' } });
		await expect(
			call(sandbox, 'POST', '/v1/ai/video/kling-v3-std', { headers: freepikAuth(), json: { prompt: 'y' }, timeoutMs: 100 }),
		).rejects.toThrow();
		expect(sandbox.tasks.all()).toHaveLength(2);

		const listed = await call(sandbox, 'GET', '/v1/ai/video/kling-v3-omni', { headers: freepikAuth() });
		expect(listed.json().data.map((item: { task_id: string }) => item.task_id)).toEqual([task.id]);
		await waitFor(() => sandbox.tasks.get(task.id)?.phase === 'succeeded');
	});

	it('applies to downloads too', async () => {
		const created = await createOmni();
		const taskId = created.json().data.task_id;
		await waitFor(() => sandbox.tasks.get(taskId)?.phase === 'succeeded');
		sandbox.faults.inject({ endpoint: 'download', kind: '503', times: 2 });
		expect((await fetch(sandbox.videoUrl(taskId))).status).toBe(503);
		expect((await fetch(sandbox.videoUrl(taskId))).status).toBe(503);
		expect((await fetch(sandbox.videoUrl(taskId))).status).toBe(200);
	});

	it('keeps firing with times: Infinity until cleared', async () => {
		sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: '502', times: Infinity });
		for (let attempt = 0; attempt < 5; attempt++) expect((await createOmni()).status).toBe(502);
		expect(sandbox.faults.fired).toHaveLength(5);
		sandbox.faults.clear();
		expect((await createOmni()).status).toBe(200);
		expect(sandbox.faults.fired).toHaveLength(0);
	});

	it('random faults are deterministic for a seed', async () => {
		const run = async (): Promise<Array<FaultKind | undefined>> => {
			sandbox.reset();
			sandbox.faults.random({ rate: 0.5, seed: 1234, kinds: ['500', '503', 'empty'], endpoints: 'freepik.omni.create' });
			const outcomes: Array<FaultKind | undefined> = [];
			for (let attempt = 0; attempt < 30; attempt++) {
				await createOmni();
				outcomes.push(sandbox.log.entries.at(-1)?.fault);
			}
			return outcomes;
		};
		const first = await run();
		const second = await run();
		expect(second).toEqual(first);
		const faulted = first.filter((kind) => kind !== undefined);
		expect(faulted.length).toBeGreaterThan(5);
		expect(faulted.length).toBeLessThan(25);
		expect(new Set(faulted).size).toBe(3);
		expect(sandbox.faults.fired.every((fault) => fault.source === 'random')).toBe(true);
	});
});
