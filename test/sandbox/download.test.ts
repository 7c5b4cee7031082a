import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { FIXTURE_VIDEO_PATH, startSandbox, syntheticMp4Chunk, type Sandbox } from './index';
import { call, freepikAuth, waitFor } from './testSupport';

describe('result download', () => {
	let sandbox: Sandbox;
	let taskId: string;
	const fixture = readFileSync(FIXTURE_VIDEO_PATH);

	beforeAll(async () => {
		sandbox = await startSandbox({ timeScale: 0.001 });
		const created = await call(sandbox, 'POST', '/v1/ai/video/kling-v3-std', { headers: freepikAuth(), json: { prompt: 'x' } });
		taskId = created.json().data.task_id;
		await waitFor(() => sandbox.tasks.get(taskId)?.phase === 'succeeded');
	});
	afterAll(async () => sandbox.close());
	afterEach(() => {
		sandbox.options.largeVideoBytes = undefined;
	});

	const videoPath = () => new URL(sandbox.videoUrl(taskId)).pathname;
	const download = (headers: Record<string, string> = {}) =>
		fetch(sandbox.videoUrl(taskId), { headers, signal: AbortSignal.timeout(10_000) });

	it('serves the fixture as video/mp4 without auth, with Content-Length and Accept-Ranges', async () => {
		const response = await download();
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('video/mp4');
		expect(response.headers.get('content-length')).toBe(String(fixture.length));
		expect(response.headers.get('accept-ranges')).toBe('bytes');
		expect(Buffer.from(await response.arrayBuffer()).equals(fixture)).toBe(true);
		expect(fixture.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(sandbox.log.byEndpoint('download').at(-1)).toMatchObject({ path: videoPath(), responseStatus: 200 });
	});

	it('answers ranges with 206 and Content-Range', async () => {
		const response = await download({ range: 'bytes=100-199' });
		expect(response.status).toBe(206);
		expect(response.headers.get('content-range')).toBe(`bytes 100-199/${fixture.length}`);
		expect(response.headers.get('content-length')).toBe('100');
		expect(Buffer.from(await response.arrayBuffer()).equals(fixture.subarray(100, 200))).toBe(true);

		const suffix = await download({ range: 'bytes=-10' });
		expect(suffix.status).toBe(206);
		expect(Buffer.from(await suffix.arrayBuffer()).equals(fixture.subarray(fixture.length - 10))).toBe(true);

		const openEnded = await download({ range: `bytes=${fixture.length - 5}-` });
		expect(openEnded.headers.get('content-range')).toBe(`bytes ${fixture.length - 5}-${fixture.length - 1}/${fixture.length}`);
		await openEnded.arrayBuffer();
	});

	it('answers 416 for a range past the end', async () => {
		const response = await download({ range: `bytes=${fixture.length}-` });
		expect(response.status).toBe(416);
		expect(response.headers.get('content-range')).toBe(`bytes */${fixture.length}`);
		await response.arrayBuffer();
	});

	it('answers HEAD with headers only', async () => {
		const response = await fetch(sandbox.videoUrl(taskId), { method: 'HEAD' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-length')).toBe(String(fixture.length));
	});

	it('has no video for unknown or unfinished tasks', async () => {
		sandbox.options.lifecycle.queuedMs = 1_000_000_000;
		const pending = await call(sandbox, 'POST', '/v1/ai/video/kling-v3-std', { headers: freepikAuth(), json: { prompt: 'x' } });
		sandbox.options.lifecycle.queuedMs = 1000;
		expect((await fetch(sandbox.videoUrl(pending.json().data.task_id))).status).toBe(404);
		expect((await fetch(sandbox.videoUrl('nope'))).status).toBe(404);
	});

	it('streams a large synthetic MP4 chunk by chunk', async () => {
		const size = 48 * 1024 * 1024 + 7;
		sandbox.options.largeVideoBytes = size;
		const { received, head } = await new Promise<{ received: number; head: Buffer }>((resolve, reject) => {
			request(sandbox.videoUrl(taskId), (response) => {
				expect(response.statusCode).toBe(200);
				expect(response.headers['content-length']).toBe(String(size));
				let count = 0;
				let first = Buffer.alloc(0);
				response.on('data', (chunk: Buffer) => {
					if (first.length < 64) first = Buffer.concat([first, chunk]).subarray(0, 64);
					count += chunk.length;
				});
				response.on('end', () => resolve({ received: count, head: first }));
				response.on('error', reject);
			})
				.on('error', reject)
				.end();
		});
		expect(received).toBe(size);
		expect(head.subarray(4, 12).toString('latin1')).toBe('ftypisom');
		expect(head.readUInt32BE(32)).toBe(size - 32);
		expect(head.subarray(36, 40).toString('latin1')).toBe('mdat');
	});

	it('serves ranges of the synthetic body consistently', async () => {
		const size = 5_000_000;
		sandbox.options.largeVideoBytes = size;
		const start = 3_999_990;
		const response = await download({ range: `bytes=${start}-${start + 99_999}` });
		expect(response.status).toBe(206);
		const body = Buffer.from(await response.arrayBuffer());
		expect(body.equals(syntheticMp4Chunk(size, start, 100_000))).toBe(true);
		const whole = syntheticMp4Chunk(size, 0, 40);
		const prefix = Buffer.from(await (await download({ range: 'bytes=0-39' })).arrayBuffer());
		expect(prefix.equals(whole)).toBe(true);
	});
});
