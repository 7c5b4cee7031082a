import { createHmac } from 'node:crypto';
import { startSandbox, type Sandbox } from './index';
import { call, freepikAuth, startWebhookReceiver, waitFor } from './testSupport';

// Written from the documented recipe, independently of the sandbox's signing module.
function expectedSignature(key: Buffer, id: string, timestamp: string, body: string): string {
	return 'v1,' + createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

describe('webhook signing', () => {
	let sandbox: Sandbox;
	afterEach(async () => sandbox.close());

	it('standard encoding strips whsec_ and base64-decodes the secret', async () => {
		const secretBytes = Buffer.from('my-very-own-secret');
		sandbox = await startSandbox({ webhookSecret: 'whsec_' + secretBytes.toString('base64') });
		const body = '{"task_id":"t","status":"COMPLETED","generated":[]}';
		expect(sandbox.signWebhook('msg_1', 1700000000, body)).toBe(expectedSignature(secretBytes, 'msg_1', '1700000000', body));
	});

	it('standard encoding accepts a bare base64 secret and the default secret', async () => {
		sandbox = await startSandbox();
		const defaultKey = Buffer.from('sandbox-webhook-secret-0123456789');
		expect(sandbox.options.webhookSecret).toBe('whsec_' + defaultKey.toString('base64'));
		expect(sandbox.signWebhook('msg_2', 42, 'x')).toBe(expectedSignature(defaultKey, 'msg_2', '42', 'x'));
		sandbox.options.webhookSecret = defaultKey.toString('base64');
		expect(sandbox.signWebhook('msg_2', 42, 'x')).toBe(expectedSignature(defaultKey, 'msg_2', '42', 'x'));
	});

	it('raw encoding uses the UTF-8 bytes of the whole string, prefix included', async () => {
		sandbox = await startSandbox({ webhookSecret: 'whsec_abc', webhookSecretEncoding: 'raw' });
		expect(sandbox.signWebhook('msg_3', 5, 'body')).toBe(
			expectedSignature(Buffer.from('whsec_abc', 'utf8'), 'msg_3', '5', 'body'),
		);
	});
});

describe('webhook delivery', () => {
	let sandbox: Sandbox;
	let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

	beforeEach(async () => {
		sandbox = await startSandbox({ timeScale: 0.01 });
		receiver = await startWebhookReceiver(204);
	});
	afterEach(async () => {
		await sandbox.close();
		await receiver.close();
	});

	it('posts CREATED, IN_PROGRESS and COMPLETED, signed and unwrapped, in order', async () => {
		const sentAfter = Date.now();
		const created = await call(sandbox, 'POST', '/v1/ai/video/kling-v3-omni-pro', {
			headers: freepikAuth(),
			json: { prompt: 'a fox', webhook_url: receiver.url },
		});
		const taskId = created.json().data.task_id;
		await waitFor(() => receiver.received.length >= 3, { what: 'three webhooks' });
		await sandbox.webhooksSettled();

		const bodies = receiver.received.map((hook) => JSON.parse(hook.body));
		expect(bodies.map((body) => body.status)).toEqual(['CREATED', 'IN_PROGRESS', 'COMPLETED']);
		expect(bodies[2]).toEqual({ task_id: taskId, status: 'COMPLETED', generated: [sandbox.videoUrl(taskId)] });
		expect(bodies[2].data).toBeUndefined();

		const signingKey = Buffer.from('sandbox-webhook-secret-0123456789');
		const ids = new Set<string>();
		for (const hook of receiver.received) {
			expect(hook.path).toBe('/hook');
			expect(hook.headers['content-type']).toBe('application/json');
			const id = hook.headers['webhook-id'] as string;
			const timestamp = hook.headers['webhook-timestamp'] as string;
			expect(id).toMatch(/^msg_[0-9a-f]+$/);
			// Signed when first sent: between the create and now, on the sandbox's clock.
			expect(Number(timestamp)).toBeGreaterThanOrEqual(Math.floor(sentAfter / 1000));
			expect(Number(timestamp)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
			expect(hook.headers['webhook-signature']).toBe(expectedSignature(signingKey, id, timestamp, hook.body));
			ids.add(id);
		}
		expect(ids.size).toBe(3);
		expect(sandbox.webhookDeliveries.map((delivery) => delivery.responseStatus)).toEqual([204, 204, 204]);
		expect(sandbox.webhookDeliveries[0]).toMatchObject({ url: receiver.url, taskId, status: 'CREATED' });
	});

	it('carries the error of a failed task', async () => {
		await call(sandbox, 'POST', '/v1/ai/video/kling-v3-std', {
			headers: freepikAuth(),
			json: { prompt: 'boom [sandbox:fail]', webhook_url: receiver.url },
		});
		await waitFor(() => receiver.received.length >= 3, { what: 'three webhooks' });
		const last = JSON.parse(receiver.received[2].body);
		expect(last).toMatchObject({ status: 'FAILED', generated: [], error: 'Content policy violation (sandbox)' });
	});

	it('sends duplicates with the same webhook-id (option and magic prompt)', async () => {
		sandbox.options.duplicateWebhooks = 1;
		await call(sandbox, 'POST', '/v1/ai/video/kling-v3-omni-std', {
			headers: freepikAuth(),
			json: { prompt: 'twice [sandbox:dup-webhook]', webhook_url: receiver.url },
		});
		await waitFor(() => receiver.received.length >= 9, { what: 'nine webhooks' });
		await sandbox.webhooksSettled();
		expect(receiver.received).toHaveLength(9);
		const idsByStatus = new Map<string, Set<string>>();
		for (const hook of receiver.received) {
			const status = JSON.parse(hook.body).status as string;
			const ids = idsByStatus.get(status) ?? new Set<string>();
			ids.add(hook.headers['webhook-id'] as string);
			idsByStatus.set(status, ids);
		}
		expect([...idsByStatus.values()].map((ids) => ids.size)).toEqual([1, 1, 1]);
		expect(sandbox.webhookDeliveries.filter((delivery) => delivery.duplicate)).toHaveLength(6);
	});

	it('never leaves loopback: other hosts are refused and recorded', async () => {
		await call(sandbox, 'POST', '/v1/ai/video/kling-v3-omni-std', {
			headers: freepikAuth(),
			json: { prompt: 'x', webhook_url: 'https://example.com/hook' },
		});
		await waitFor(() => sandbox.webhookDeliveries.length >= 3, { what: 'three refusals' });
		for (const delivery of sandbox.webhookDeliveries) {
			expect(delivery.responseStatus).toBeUndefined();
			expect(delivery.error).toMatch(/loopback/);
		}
	});

	it('honours webhookDelayMs and records a receiver that is down', async () => {
		await receiver.close();
		sandbox.options.webhookDelayMs = 30;
		const started = Date.now();
		await call(sandbox, 'POST', '/v1/ai/video/kling-v3-omni-std', {
			headers: freepikAuth(),
			json: { prompt: 'x', webhook_url: receiver.url },
		});
		const first = await waitFor(() => sandbox.webhookDeliveries[0], { what: 'a delivery' });
		expect(first.at - started).toBeGreaterThanOrEqual(25);
		expect(first.error).toMatch(/ECONNREFUSED/);
	});
});
