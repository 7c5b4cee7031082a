import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { testCredential } from '../harness/engine';
import { DEFAULT_APIMART_KEY, DEFAULT_FREEPIK_KEY, type Sandbox, startSandbox } from '../sandbox';

/** A server that is not the provider: every path answers with the given status and body. */
async function startFake(status: number, body: string, contentType: string): Promise<{ url: string; server: Server }> {
	const server = createServer((_request, response) => {
		response.writeHead(status, { 'content-type': contentType });
		response.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const WEB_PAGE = '<!doctype html><html><body><h1>Welcome</h1></body></html>';

describe('credential tests, run through the engine against the sandbox', () => {
	let sandbox: Sandbox;
	const fakes: Server[] = [];
	const fake = async (status: number, body: string, contentType = 'application/json') => {
		const started = await startFake(status, body, contentType);
		fakes.push(started.server);
		return started.url;
	};

	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => {
		await sandbox.close();
		await Promise.all(fakes.map(async (server) => await new Promise((resolve) => server.close(resolve))));
	});
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

		it('shows its own message for a missing key too (the 401 body is read, so n8n 1.x shows it as well)', async () => {
			const result = await testCredential('freepikApi', { apiKey: '', host: 'custom', customBaseUrl: sandbox.url });
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/refused this API key/) });
		});

		it('fails for a web page as custom URL, whatever the key', async () => {
			const url = await fake(200, WEB_PAGE, 'text/html');
			const result = await testCredential('freepikApi', { apiKey: 'not-a-key', host: 'custom', customBaseUrl: url });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/did not answer with a list of Kling tasks/);
		});

		it.each([
			[404, '{"message":"Not Found"}'],
			[429, '{"message":"Too many requests"}'],
			[503, '{"message":"Service Unavailable. Please try again later."}'],
			[401, '{"message":"Unauthorized"}'],
		])('fails with a hint for HTTP %i', async (status, body) => {
			const url = await fake(status, body);
			const result = await testCredential('freepikApi', { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: url });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/did not answer with a list of Kling tasks.*try again/);
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

		it('maps a 401 (no or invalid token) to its own message', async () => {
			const result = await testCredential('apimartApi', { apiKey: '', baseUrl: sandbox.url });
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/refused this API key \(HTTP 401\)/) });
			expect(sandbox.log.entries[0].responseStatus).toBe(401);
		});

		it('maps a 403 to its own message', async () => {
			const url = await fake(403, '{"error":{"code":403,"message":"Forbidden","type":"permission_error"}}');
			const result = await testCredential('apimartApi', { apiKey: 'sk-wrong', baseUrl: url });
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/HTTP 403/) });
		});

		it('fails for a web page as Base URL with a wrong key (it used to pass on any HTTP 200)', async () => {
			const url = await fake(200, WEB_PAGE, 'text/html');
			const result = await testCredential('apimartApi', { apiKey: 'sk-wrong', baseUrl: url });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/did not answer like APIMart/);
		});

		it('fails for JSON without the balance fields', async () => {
			const url = await fake(200, '{"ok":true}');
			const result = await testCredential('apimartApi', { apiKey: 'sk-wrong', baseUrl: url });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/did not answer like APIMart/);
		});

		it('accepts an unlimited-quota key (remain_balance -1, as documented)', async () => {
			const url = await fake(200, '{"success":true,"remain_balance":-1,"used_balance":0,"unlimited_quota":true}');
			const result = await testCredential('apimartApi', { apiKey: 'sk-unlimited', baseUrl: url });
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		});

		it('fails with a hint on a 429 or 5xx', async () => {
			const url = await fake(429, '{"error":{"code":429,"message":"Too many requests","type":"rate_limit_error"}}');
			const result = await testCredential('apimartApi', { apiKey: DEFAULT_APIMART_KEY, baseUrl: url });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/try again in a minute/);
		});
	});
});
