import { startSandbox, type Sandbox } from './index';
import { apimartAuth, call } from './testSupport';

describe('authentication', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ timeScale: 0.01, freepikKeys: ['fp-a', 'fp-b'] });
	});
	afterAll(async () => sandbox.close());

	const omniCreate = (headers: Record<string, string>) =>
		call(sandbox, 'POST', '/v1/ai/video/kling-v3-omni-std', { headers, json: { prompt: 'x' } });

	it('Freepik: a missing key is 401 Missing API key', async () => {
		const response = await omniCreate({});
		expect(response.status).toBe(401);
		expect(response.json()).toEqual({ message: 'Missing API key' });
	});

	it('Freepik: an unknown key is 401 Invalid API key, and is not logged', async () => {
		const response = await call(sandbox, 'GET', '/v1/ai/video/kling-v3', { headers: { 'x-freepik-api-key': 'nope' } });
		expect(response.status).toBe(401);
		expect(response.json()).toEqual({ message: 'Invalid API key' });
		const entry = sandbox.log.byEndpoint('freepik.v3.list').at(-1);
		expect(entry).toMatchObject({ headers: { 'x-freepik-api-key': '***' }, responseStatus: 401 });
		expect(entry?.apiKey).toBeUndefined();
	});

	it('Freepik: the Magnific header is accepted, alone or beside the Freepik one', async () => {
		expect((await omniCreate({ 'x-magnific-api-key': 'fp-b' })).status).toBe(200);
		expect((await omniCreate({ 'x-magnific-api-key': 'fp-a', 'x-freepik-api-key': 'fp-a' })).status).toBe(200);
		expect(sandbox.log.byEndpoint('freepik.omni.create').at(-2)?.apiKey).toBe('fp-b');
	});

	it('APIMart: a missing or unknown bearer token is 401 Invalid token', async () => {
		const expected = { error: { code: 401, message: 'Invalid token', type: 'authentication_error' } };
		const body = { model: 'kling-v3', prompt: 'x' };
		const missing = await call(sandbox, 'POST', '/v1/videos/generations', { json: body });
		const unknown = await call(sandbox, 'POST', '/v1/videos/generations', { headers: apimartAuth('nope'), json: body });
		const status = await call(sandbox, 'GET', '/v1/tasks/task_x', { headers: apimartAuth('nope') });
		for (const response of [missing, unknown, status]) {
			expect(response.status).toBe(401);
			expect(response.json()).toEqual(expected);
		}
		expect(sandbox.log.byEndpoint('apimart.create').at(-1)?.headers.authorization).toBe('***');
	});

	it('APIMart balance: good key, unknown key (200, success false) and missing key (401)', async () => {
		const good = await call(sandbox, 'GET', '/v1/balance', { headers: apimartAuth() });
		expect(good.status).toBe(200);
		expect(good.json()).toEqual({ success: true, remain_balance: 10.5, used_balance: 2.3, unlimited_quota: false });

		const unknown = await call(sandbox, 'GET', '/v1/balance', { headers: apimartAuth('am-wrong') });
		expect(unknown.status).toBe(200);
		expect(unknown.json()).toEqual({ success: false, message: 'Failed to get token info' });

		const missing = await call(sandbox, 'GET', '/v1/balance');
		expect(missing.status).toBe(401);
		expect(missing.json().error.type).toBe('authentication_error');
	});

	it('keys can be changed at run time', async () => {
		sandbox.options.apimartKeys.push('am-late');
		expect((await call(sandbox, 'GET', '/v1/balance', { headers: apimartAuth('am-late') })).json().success).toBe(true);
	});
});
