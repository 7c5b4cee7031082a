import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FIXTURES, imageBinary } from '../../harness/workflows';
import { APIMART, bytesOf, expectSuccess, FREEPIK, type Fixture, isMp4, onlyCreate, startFixture } from './helpers';

const IMAGE = readFileSync(join(FIXTURES, 'image.png'));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('Kling Omni binary data', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		fixture = await startFixture();
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());

	describe('the downloaded video', () => {
		it.each([
			['Freepik', FREEPIK, 'kling-v3-omni-std'],
			['APIMart', APIMART, 'kling-v3-omni'],
		] as const)('%s: is a valid MP4 in binary "data" with file name and mime type', async (_name, provider, model) => {
			const execution = await fixture.run({ ...provider, prompt: 'a fox' });
			const [item] = expectSuccess(execution.run);
			const [task] = fixture.sandbox.tasks.all();
			const binary = item.binary!.data;
			const bytes = bytesOf(binary);
			expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
			expect(isMp4(bytes)).toBe(true);
			expect(binary.mimeType).toBe('video/mp4');
			expect(binary.fileName).toBe(`${model}-${task.id}.mp4`);
			expect(binary.fileExtension).toBe('mp4');
			// The bytes are exactly what the result URL serves.
			const served = Buffer.from(await (await fetch(fixture.sandbox.videoUrl(task.id))).arrayBuffer());
			expect(sha256(bytes)).toBe(sha256(served));
			// The download is a plain GET of the signed URL, without the API key.
			const [download] = fixture.sandbox.log.byEndpoint('download');
			expect(download.headers['x-freepik-api-key']).toBeUndefined();
			expect(download.headers.authorization).toBeUndefined();
		});

		it('goes to the binary property named in the options', async () => {
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox', options: { binaryPropertyName: 'video' } });
			const [item] = expectSuccess(execution.run);
			expect(Object.keys(item.binary ?? {})).toEqual(['video']);
			expect(isMp4(bytesOf(item.binary!.video))).toBe(true);
		});

		it('fails the item with its task id when the video is larger than Max Video Size', async () => {
			fixture.sandbox.options.largeVideoBytes = 3 * 1024 * 1024;
			try {
				const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox', options: { maxVideoSizeMb: 1 } }, undefined, true);
				const [item] = expectSuccess(execution.run);
				const [task] = fixture.sandbox.tasks.all();
				expect(item.json.taskId).toBe(task.id);
				expect(item.json.error).toMatch(new RegExp(`Task ${task.id} finished but its video could not be downloaded: .*1\\.0 MB`));
				expect(item.binary).toBeUndefined();
			} finally {
				fixture.sandbox.options.largeVideoBytes = undefined;
			}
		});
	});

	describe('binary images as input', () => {
		it('Freepik: requests an upload URL, PUTs the bytes without the key, then sends the asset URL as the start frame', async () => {
			const execution = await fixture.run({ ...FREEPIK, prompt: 'it comes alive', startImage: 'data', waitMode: 'none' }, [
				{ json: {}, binary: { data: imageBinary() } },
			]);
			expectSuccess(execution.run);
			const log = fixture.sandbox.log.entries;
			expect(log.map((entry) => entry.endpoint)).toEqual(['freepik.upload.requestUrl', 'freepik.upload.put', 'freepik.omni.create']);
			const [requestUrl, put, create] = log;
			expect(requestUrl.body).toEqual({ files: [{ content_type: 'image/png' }] });
			expect(put.method).toBe('PUT');
			expect(put.responseStatus).toBe(200);
			expect(put.headers['x-freepik-api-key']).toBeUndefined();
			expect(put.headers['x-magnific-api-key']).toBeUndefined();
			expect(put.rawBodyLength).toBe(IMAGE.length);
			const fileId = put.path.split('/').pop()!;
			const asset = fixture.sandbox.assets.get(fileId)!;
			expect(asset).toMatchObject({ provider: 'freepik', contentType: 'image/png', bytes: IMAGE.length, sha256: sha256(IMAGE) });
			expect((create.body as { start_image_url: string }).start_image_url).toBe(`${fixture.sandbox.url}/assets/${fileId}`);
		});

		it('Freepik: uploads each binary once per reference (reference image and element)', async () => {
			const execution = await fixture.run(
				{
					...FREEPIK,
					prompt: '@Image1 with @Element1',
					referenceImages: { image: [{ image: 'data' }] },
					elements: { element: [{ frontalImage: 'face', referenceImages: 'https://example.com/side.png, data' }] },
					waitMode: 'none',
				},
				[{ json: {}, binary: { data: imageBinary(), face: imageBinary('face.png') } }],
			);
			expectSuccess(execution.run);
			expect(fixture.sandbox.log.count('freepik.upload.put')).toBe(3);
			const body = onlyCreate(fixture.sandbox).body as {
				image_urls: string[];
				elements: Array<{ frontal_image_url: string; reference_image_urls: string[] }>;
			};
			const assetUrl = /^http:\/\/127\.0\.0\.1:\d+\/assets\/[0-9a-f-]{36}$/;
			expect(body.image_urls).toEqual([expect.stringMatching(assetUrl)]);
			expect(body.elements[0].frontal_image_url).toMatch(assetUrl);
			expect(body.elements[0].reference_image_urls).toEqual(['https://example.com/side.png', expect.stringMatching(assetUrl)]);
		});

		it('APIMart: uploads the image as multipart, then sends its URL in image_urls', async () => {
			const execution = await fixture.run(
				{ ...APIMART, prompt: '<<<image_1>>> waves', imageUrls: { image: [{ image: 'data' }, { image: 'https://example.com/b.png' }] }, waitMode: 'none' },
				[{ json: {}, binary: { data: imageBinary('me.png') } }],
			);
			expectSuccess(execution.run);
			const log = fixture.sandbox.log.entries;
			expect(log.map((entry) => entry.endpoint)).toEqual(['apimart.upload', 'apimart.create']);
			const [upload, create] = log;
			expect(upload.method).toBe('POST');
			expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
			expect(upload.responseStatus).toBe(200);
			const url = (create.body as { image_urls: string[] }).image_urls[0];
			expect(url).toMatch(new RegExp(`^${fixture.sandbox.url}/assets/`));
			const asset = fixture.sandbox.assets.get(url.split('/').pop()!)!;
			expect(asset).toMatchObject({ provider: 'apimart', contentType: 'image/png', filename: 'me.png', bytes: IMAGE.length, sha256: sha256(IMAGE) });
			expect((create.body as { image_urls: string[] }).image_urls[1]).toBe('https://example.com/b.png');
		});

		it('APIMart: uploads a first frame given in Images With Roles', async () => {
			const execution = await fixture.run(
				{ ...APIMART, prompt: 'it moves', imagesWithRoles: { image: [{ image: 'data', role: 'first_frame' }] }, waitMode: 'none' },
				[{ json: {}, binary: { data: imageBinary() } }],
			);
			expectSuccess(execution.run);
			const body = onlyCreate(fixture.sandbox).body as { image_with_roles: Array<{ url: string; role: string }> };
			expect(body.image_with_roles).toEqual([{ url: expect.stringMatching(/\/assets\//), role: 'first_frame' }]);
			expect(fixture.sandbox.log.count('apimart.upload')).toBe(1);
		});

		it('uploads per item: each item sends its own image', async () => {
			const other = { ...imageBinary('other.png') };
			const execution = await fixture.run({ ...FREEPIK, prompt: 'go', startImage: 'data', waitMode: 'none' }, [
				{ json: {}, binary: { data: imageBinary() } },
				{ json: {}, binary: { data: other } },
			]);
			expect(expectSuccess(execution.run)).toHaveLength(2);
			expect(fixture.sandbox.log.count('freepik.upload.put')).toBe(2);
			const starts = fixture.sandbox.log.byEndpoint('freepik.omni.create').map((entry) => (entry.body as { start_image_url: string }).start_image_url);
			expect(new Set(starts).size).toBe(2);
		});
	});
});
