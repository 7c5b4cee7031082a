import { startSandbox, type Sandbox } from './index';
import { call, freepikAuth, sleep } from './testSupport';

/**
 * The window is 60 s x timeScale. The sandbox reads it on every request: the tests fill it at
 * real time (nothing expires while a loaded machine sends 50 requests), then shorten it to see
 * the old stamps go.
 */
const SHORT_WINDOW_MS = 50;

describe('Freepik rate limit', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ timeScale: 1 });
	});
	afterEach(async () => sandbox.close());

	const list = (key = 'fp-test-key') => call(sandbox, 'GET', '/v1/ai/video/kling-v3-omni', { headers: freepikAuth(key) });

	it('answers the 51st request in the window with 429, and admits again after the window', async () => {
		const creates = Array.from({ length: 10 }, () =>
			call(sandbox, 'POST', '/v1/ai/video/kling-v3-std', { headers: freepikAuth(), json: { prompt: 'x' } }),
		);
		const lists = Array.from({ length: 40 }, () => list());
		const admitted = await Promise.all([...creates, ...lists]);
		expect(admitted.map((response) => response.status)).toEqual(Array(50).fill(200));
		const allAdmittedBy = Date.now();

		const limited = await list();
		expect(limited.status).toBe(429);
		expect(limited.json().message).toMatch(/^Rate limit exceeded/);
		expect(limited.headers.get('retry-after')).toBeNull();
		expect(sandbox.log.byEndpoint('freepik.omni.list').at(-1)?.responseStatus).toBe(429);

		sandbox.options.timeScale = SHORT_WINDOW_MS / 60_000;
		await sleep(allAdmittedBy + SHORT_WINDOW_MS + 20 - Date.now());
		expect((await list()).status).toBe(200);
	});

	it('counts per key, and sends Retry-After only when asked', async () => {
		sandbox.options.rateLimitPerMinute = 2;
		sandbox.options.rateLimitRetryAfter = true;
		await list();
		await list();
		const limited = await list();
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

		sandbox.options.freepikKeys.push('fp-other');
		expect((await list('fp-other')).status).toBe(200);
	});

	it('reset() clears the windows', async () => {
		sandbox.options.rateLimitPerMinute = 1;
		await list();
		expect((await list()).status).toBe(429);
		sandbox.reset();
		expect((await list()).status).toBe(200);
	});
});
