import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSandbox, type Sandbox } from './index';
import { apimartAuth, call, freepikAuth, sleep } from './testSupport';

const PNG = readFileSync(resolve(__dirname, '../fixtures/image.png'));
const MP4 = readFileSync(resolve(__dirname, '../fixtures/video.mp4'));

describe('Freepik uploads', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ timeScale: 0.01 });
	});
	afterEach(async () => sandbox.close());

	const requestUrls = (files: unknown) =>
		call(sandbox, 'POST', '/v1/ai/uploads/request-url', { headers: freepikAuth(), json: { files } });
	const put = (url: string, headers: Record<string, string>, body: Buffer) =>
		fetch(url, { method: 'PUT', headers, body, signal: AbortSignal.timeout(10_000) });

	it('request-url -> PUT with exactly the given headers -> asset_url serves the bytes', async () => {
		const response = await requestUrls([{ content_type: 'image/png' }, { content_type: 'video/mp4' }]);
		expect(response.status).toBe(200);
		const [image, video] = response.json().files;
		expect(image).toEqual({
			file_id: expect.any(String),
			upload_url: `${sandbox.url}/uploads/${image.file_id}`,
			headers: { 'Content-Type': 'image/png', 'x-sandbox-upload-token': expect.any(String) },
			expires_in: 120,
			asset_url: `${sandbox.url}/assets/${image.file_id}`,
			asset_url_expires_in: 86400,
		});

		expect((await fetch(image.asset_url)).status).toBe(404);
		const uploaded = await put(image.upload_url, image.headers, PNG);
		expect(uploaded.status).toBe(200);
		expect((await put(video.upload_url, video.headers, MP4)).status).toBe(200);

		const asset = await fetch(image.asset_url);
		expect(asset.status).toBe(200);
		expect(asset.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await asset.arrayBuffer()).equals(PNG)).toBe(true);
		expect(sandbox.assets.get(video.file_id)).toMatchObject({
			bytes: MP4.length,
			sha256: createHash('sha256').update(MP4).digest('hex'),
			complete: true,
		});
		const putEntry = sandbox.log.byEndpoint('freepik.upload.put')[0];
		expect(putEntry).toMatchObject({ rawBodyLength: PNG.length, responseStatus: 200 });
		expect(putEntry.apiKey).toBeUndefined();
		expect(sandbox.log.byEndpoint('freepik.upload.requestUrl')[0].apiKey).toBe('fp-test-key');
	});

	it('streams large uploads, keeping only a prefix in memory', async () => {
		const [slot] = (await requestUrls([{ content_type: 'video/mp4' }])).json().files;
		const size = 9 * 1024 * 1024;
		const big = Buffer.alloc(size, 7);
		expect((await put(slot.upload_url, slot.headers, big)).status).toBe(200);
		const asset = sandbox.assets.get(slot.file_id);
		expect(asset).toMatchObject({ bytes: size, complete: false, sha256: createHash('sha256').update(big).digest('hex') });
		expect(asset?.data.length).toBeLessThan(size);
		const served = await fetch(slot.asset_url, { headers: { range: 'bytes=0-3' } });
		expect(Buffer.from(await served.arrayBuffer())).toEqual(Buffer.from([7, 7, 7, 7]));
		expect(served.headers.get('content-range')).toBe(`bytes 0-3/${size}`);
	});

	it('refuses a PUT carrying an API key, other headers, or after expiry (403)', async () => {
		const [slot] = (await requestUrls([{ content_type: 'image/png' }])).json().files;
		const withKey = await put(slot.upload_url, { ...slot.headers, 'x-freepik-api-key': 'fp-test-key' }, PNG);
		expect(withKey.status).toBe(403);
		expect(await withKey.text()).toMatch(/x-freepik-api-key/);
		expect((await put(slot.upload_url, { ...slot.headers, 'Content-Type': 'image/jpeg' }, PNG)).status).toBe(403);
		expect((await put(slot.upload_url, { 'Content-Type': 'image/png' }, PNG)).status).toBe(403);
		expect(sandbox.log.byEndpoint('freepik.upload.put').at(-1)?.responseStatus).toBe(403);
		expect(sandbox.assets.get(slot.file_id)).toBeUndefined();

		sandbox.options.timeScale = 0.0001;
		const [shortLived] = (await requestUrls([{ content_type: 'image/png' }])).json().files;
		await sleep(120_000 * 0.0001 + 20);
		expect((await put(shortLived.upload_url, shortLived.headers, PNG)).status).toBe(403);
		expect((await put(`${sandbox.url}/uploads/unknown`, slot.headers, PNG)).status).toBe(404);
	});

	it('validates request-url bodies', async () => {
		const tooMany = await requestUrls(Array.from({ length: 15 }, () => ({ content_type: 'image/png' })));
		expect(tooMany.status).toBe(400);
		expect(tooMany.json().invalid_params[0].name).toBe('files');
		const wrongType = await requestUrls([{ content_type: 'image/gif' }]);
		expect(wrongType.json().invalid_params[0].name).toBe('files.0.content_type');
		expect((await requestUrls([])).status).toBe(400);
		expect((await requestUrls(Array.from({ length: 14 }, () => ({ content_type: 'video/quicktime' })))).status).toBe(200);
	});
});

describe('APIMart uploads', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ timeScale: 0.01 });
	});
	afterEach(async () => sandbox.close());

	const upload = (form: FormData, key?: string) =>
		fetch(`${sandbox.url}/v1/uploads/images`, {
			method: 'POST',
			headers: apimartAuth(key),
			body: form,
			signal: AbortSignal.timeout(20_000),
		});
	const formWith = (name: string, bytes: Buffer, type: string, filename = 'picture.png'): FormData => {
		const form = new FormData();
		form.append(name, new Blob([bytes], { type }), filename);
		return form;
	};

	it('accepts a multipart image and serves it back', async () => {
		const response = await upload(formWith('file', PNG, 'image/png'));
		expect(response.status).toBe(200);
		const body = (await response.json()) as { url: string };
		expect(body).toEqual({
			url: expect.stringMatching(new RegExp(`^${sandbox.url}/assets/`)),
			filename: 'picture.png',
			content_type: 'image/png',
			bytes: PNG.length,
			created_at: expect.any(Number),
		});
		const served = await fetch(body.url);
		expect(served.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
		expect(sandbox.log.byEndpoint('apimart.upload')[0]).toMatchObject({ apiKey: 'am-test-key', responseStatus: 200 });
	});

	it('rejects a missing file, an unsupported format, a bad key and a file over 20 MB', async () => {
		const missing = await upload(formWith('image', PNG, 'image/png'));
		expect(missing.status).toBe(400);
		expect(((await missing.json()) as { error: unknown }).error).toMatchObject({ code: 400, type: 'invalid_request_error' });

		const text = await upload(formWith('file', Buffer.from('hello'), 'text/plain', 'notes.txt'));
		expect(text.status).toBe(400);
		expect(((await text.json()) as { error: { message: string } }).error.message).toMatch(/unsupported format/);

		expect((await upload(formWith('file', PNG, 'image/png'), 'nope')).status).toBe(401);

		const huge = Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]);
		const tooLarge = await upload(formWith('file', huge, 'image/png'));
		expect(tooLarge.status).toBe(413);
		expect(((await tooLarge.json()) as { error: { code: number } }).error.code).toBe(413);
	});
});
