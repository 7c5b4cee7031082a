import { testCredential } from '../harness/engine';
import { DEFAULT_APIMART_KEY, DEFAULT_FREEPIK_KEY, type Sandbox, startSandbox } from '../sandbox';

describe('credential tests, run through the engine against the sandbox', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	describe('Freepik', () => {
		it('accepts a good key with a free list request', async () => {
			const result = await testCredential('freepikApi', {
				apiKey: DEFAULT_FREEPIK_KEY,
				host: 'custom',
				customBaseUrl: `${sandbox.url}/`,
			});
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			const [request] = sandbox.log.entries;
			expect(request).toMatchObject({ method: 'GET', endpoint: 'freepik.omni.list', responseStatus: 200 });
			expect(request.query).toMatchObject({ page: '1', page_size: '1' });
			expect(sandbox.log.count()).toBe(1);
			expect(sandbox.tasks.all()).toHaveLength(0);
		});

		it('sends the key in both brand headers to a custom host', async () => {
			await testCredential('freepikApi', { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: sandbox.url });
			const [request] = sandbox.log.entries;
			expect(request.headers['x-freepik-api-key']).toBe('***');
			expect(request.headers['x-magnific-api-key']).toBe('***');
			expect(request.apiKey).toBe(DEFAULT_FREEPIK_KEY);
		});

		it('fails clearly with a bad key', async () => {
			const result = await testCredential('freepikApi', {
				apiKey: 'not-a-key',
				host: 'custom',
				customBaseUrl: sandbox.url,
			});
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/refused this API key/);
			expect(sandbox.log.entries[0].responseStatus).toBe(401);
		});

		it('reports an unreachable host instead of hanging', async () => {
			const closed = await startSandbox();
			const url = closed.url;
			await closed.close();
			const result = await testCredential('freepikApi', { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: url });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/ECONNREFUSED|connect/i);
		});
	});

	describe('APIMart', () => {
		it('accepts a good key with the balance request, which spends nothing', async () => {
			const result = await testCredential('apimartApi', { apiKey: DEFAULT_APIMART_KEY, baseUrl: sandbox.url });
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(sandbox.log.entries[0]).toMatchObject({ method: 'GET', endpoint: 'apimart.balance', responseStatus: 200 });
			expect(sandbox.log.entries[0].headers.authorization).toBe('***');
		});

		it('fails clearly with an unknown key, which APIMart answers with HTTP 200', async () => {
			const result = await testCredential('apimartApi', { apiKey: 'sk-unknown', baseUrl: sandbox.url });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/does not know this API key/);
			expect(sandbox.log.entries[0].responseStatus).toBe(200);
		});
	});
});
