import type { INodeExecutionData } from 'n8n-workflow';

import { syntheticVideo, type SyntheticVideo } from '../../harness/media';
import { binaryFrom, imageBinary, workflowWith } from '../../harness/workflows';
import { finishAll, HELD_LIFECYCLE } from '../../sandbox/testSupport';
import { engineFixtureForEach, nodeOutput, runError, signedWebhookStandIn } from '../engineFixture';

const freepik = { authentication: 'freepik', operation: 'generate' };
const apimart = { authentication: 'apimart', operation: 'generate' };
const VIDEO_URL = 'https://cdn.example.com/clip.mp4';
const GOOD_VIDEO: SyntheticVideo = { seconds: 5, width: 1280, height: 720, fps: 30 };

function withVideo(video: Buffer, mimeType = 'video/mp4'): INodeExecutionData[] {
	return [{ json: {}, binary: { clip: binaryFrom(video, mimeType, 'clip.mp4'), photo: imageBinary() } }];
}

describe('Kling Omni Reference node', () => {
	const fixture = engineFixtureForEach();

	it('sends a Freepik video-to-video task with every parameter and returns the MP4', async () => {
		const run = await fixture.run('klingOmniReference', {
			...freepik,
			tier: 'pro',
			video: VIDEO_URL,
			prompt: 'Make @Video1 look like a watercolour painting',
			startImage: 'https://cdn.example.com/first.png',
			duration: 8,
			aspectRatio: 'auto',
			cfgScale: 1.5,
			negativePrompt: 'text, watermark',
			options: { webhookUrl: 'https://hooks.example.com/kling' },
		});
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('freepik.omniReference.create');
		expect(create.path).toBe('/v1/ai/reference-to-video/kling-v3-omni-pro');
		expect(create.body).toEqual({
			video_url: VIDEO_URL,
			prompt: 'Make @Video1 look like a watercolour painting',
			image_url: 'https://cdn.example.com/first.png',
			duration: '8',
			aspect_ratio: 'auto',
			cfg_scale: 1.5,
			negative_prompt: 'text, watermark',
			webhook_url: 'https://hooks.example.com/kling',
		});
		expect(fixture.sandbox.log.count('freepik.omniReference.status')).toBeGreaterThan(0);
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ status: 'COMPLETED', model: 'kling-v3-omni-reference-pro', provider: 'freepik' });
		expect(Buffer.from(item.binary!.data.data, 'base64').subarray(4, 8).toString()).toBe('ftyp');
	});

	it('sends APIMart video_list with the edit mode and original sound, and no audio flag', async () => {
		const run = await fixture.run('klingOmniReference', {
			...apimart,
			mode: '4k',
			video: VIDEO_URL,
			videoReferType: 'feature',
			keepOriginalSound: 'yes',
			prompt: 'the same dance, by <<<image_1>>>',
			imageUrls: { image: [{ image: 'https://cdn.example.com/dancer.png' }] },
			duration: 5,
			waitMode: 'none',
		});
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('apimart.create');
		expect(create.body).toEqual({
			model: 'kling-v3-omni',
			prompt: 'the same dance, by <<<image_1>>>',
			mode: '4k',
			duration: 5,
			aspect_ratio: '16:9',
			image_urls: ['https://cdn.example.com/dancer.png'],
			video_list: [{ url: VIDEO_URL, refer_type: 'feature', keep_original_sound: 'yes' }],
			watermark: false,
		});
		expect(nodeOutput(run, 'Kling')[0].json).toMatchObject({ status: 'submitted', provider: 'apimart' });
	});

	it('uploads a binary video through Freepik after checking its header, then uses the asset URL', async () => {
		const video = syntheticVideo({ ...GOOD_VIDEO, mediaBytes: 300_000 });
		const run = await fixture.run('klingOmniReference', { ...freepik, video: 'clip', prompt: '@Video1 at night', startImage: 'photo' }, withVideo(video));
		expect(runError(run)).toBeUndefined();
		const endpoints = fixture.sandbox.log.entries.map((entry) => entry.endpoint);
		expect(endpoints.slice(0, 5)).toEqual([
			'freepik.upload.requestUrl',
			'freepik.upload.put',
			'freepik.upload.requestUrl',
			'freepik.upload.put',
			'freepik.omniReference.create',
		]);
		const uploaded = fixture.sandbox.assets.all();
		expect(uploaded.map((asset) => asset.bytes).sort((a, b) => a - b)).toEqual(
			[imageBinary().data, video.toString('base64')].map((data) => Buffer.from(data, 'base64').length).sort((a, b) => a - b),
		);
		const [create] = fixture.sandbox.log.byEndpoint('freepik.omniReference.create');
		expect(String((create.body as { video_url: string }).video_url)).toMatch(/\/assets\//);
		expect(nodeOutput(run, 'Kling')[0].json.status).toBe('COMPLETED');
	});

	it("returns at once with Don't Wait", async () => {
		const run = await fixture.run('klingOmniReference', { ...freepik, video: VIDEO_URL, prompt: '@Video1', waitMode: 'none' });
		expect(nodeOutput(run, 'Kling')[0].json).toMatchObject({ status: 'CREATED', videoUrl: null });
		expect(fixture.sandbox.log.count()).toBe(1);
	});

	it('parks with Wait for Webhook and resumes on the signed callback with the video', async () => {
		const n8n = await signedWebhookStandIn(fixture.sandbox);
		const lifecycle = fixture.sandbox.options.lifecycle;
		// Held until parked: the node's look before parking must find the task running.
		fixture.sandbox.options.lifecycle = HELD_LIFECYCLE;
		try {
			const execution = await n8n.engine.run(
				workflowWith({ type: 'klingOmniReference', parameters: { ...freepik, video: VIDEO_URL, prompt: '@Video1', waitMode: 'webhook' } }),
			);
			expect(execution.run.status).toBe('waiting');
			finishAll(fixture.sandbox);
			const [create] = fixture.sandbox.log.byEndpoint('freepik.omniReference.create');
			expect(String((create.body as { webhook_url: string }).webhook_url)).toContain(`${n8n.url}/webhook-waiting/${execution.id}`);
			const done = await n8n.finished(execution.id);
			const [item] = nodeOutput(done.run, 'Kling');
			expect(item.json).toMatchObject({ status: 'COMPLETED', model: 'kling-v3-omni-reference-std' });
			expect(Buffer.from(item.binary!.data.data, 'base64').subarray(4, 8).toString()).toBe('ftyp');
		} finally {
			fixture.sandbox.options.lifecycle = lifecycle;
			await n8n.close();
		}
	});

	it('fails with the reason and the task id when Freepik fails the task', async () => {
		const run = await fixture.run('klingOmniReference', { ...freepik, video: VIDEO_URL, prompt: '@Video1 [sandbox:fail]' });
		const error = runError(run);
		expect(error?.message).toMatch(/task [0-9a-f-]{36} failed: Content policy violation/);
	});

	const videoCases: Array<[string, Buffer, string, RegExp]> = [
		['too short (2 s)', syntheticVideo({ ...GOOD_VIDEO, seconds: 2 }), 'video/mp4', /2 s long, must be 3-10 s/],
		['too long (11 s)', syntheticVideo({ ...GOOD_VIDEO, seconds: 11 }), 'video/mp4', /11 s long/],
		['too small (640x360)', syntheticVideo({ ...GOOD_VIDEO, width: 640, height: 360 }), 'video/mp4', /640x360 px/],
		['too large (4096x2304)', syntheticVideo({ ...GOOD_VIDEO, width: 4096, height: 2304 }), 'video/mp4', /4096x2304 px/],
		['too slow (15 fps)', syntheticVideo({ ...GOOD_VIDEO, fps: 15 }), 'video/mp4', /15 fps/],
		['too fast (120 fps)', syntheticVideo({ ...GOOD_VIDEO, fps: 120 }), 'video/mp4', /120 fps/],
		['not MP4/MOV (a GIF)', Buffer.from('GIF89a\x01\x00\x01\x00 definitely not a movie'), 'video/mp4', /not an MP4 or MOV/],
		['a WebM declared as WebM', Buffer.from('\x1aE\xdf\xa3 webm'), 'video/webm', /not an MP4 or MOV|allowed/],
		['an image given as the video', Buffer.from('png'), 'image/png', /image\/png, allowed: video\/mp4/],
	];

	it.each(videoCases)('refuses a binary video that is %s, sending nothing', async (_name, video, mimeType, expected) => {
		const run = await fixture.run('klingOmniReference', { ...freepik, video: 'clip', prompt: '@Video1' }, withVideo(video, mimeType));
		const error = runError(run);
		expect(error?.message).toMatch(/^Invalid input in item 0: Reference Video: /);
		expect(error?.message).toMatch(expected);
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	it('refuses a video over 200 MB from its size alone', async () => {
		const items = withVideo(syntheticVideo(GOOD_VIDEO));
		// n8n's filesystem binary mode records the byte size; this stands for a 201 MB file.
		Object.assign(items[0].binary!.clip, { bytes: 201 * 1024 * 1024 });
		const run = await fixture.run('klingOmniReference', { ...freepik, video: 'clip', prompt: '@Video1' }, items);
		expect(runError(run)?.message).toMatch(/201\.0 MB, at most 200 MB allowed/);
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	it.each([freepik, apimart])('leaves a workflow without a reference video to n8n, which refuses to run it', async (provider) => {
		await expect(fixture.run('klingOmniReference', { ...provider, prompt: 'a' })).rejects.toThrow(/Reference Video.* is required/);
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	const long = 'x'.repeat(2501);
	const invalid: Array<[string, object, RegExp]> = [
		['@Video2 on Freepik', { ...freepik, video: VIDEO_URL, prompt: '@Video2 dances' }, /@Video2/],
		['@Image1 on Freepik', { ...freepik, video: VIDEO_URL, prompt: '@Image1 and @Video1' }, /@Image1/],
		['prompt over 2500', { ...freepik, video: VIDEO_URL, prompt: long }, /2501/],
		['negative prompt over 2500', { ...freepik, video: VIDEO_URL, negativePrompt: long }, /negative_prompt/],
		['cfg scale 2.5', { ...freepik, video: VIDEO_URL, cfgScale: 2.5 }, /cfg_scale/],
		['duration 2', { ...freepik, video: VIDEO_URL, duration: 2 }, /duration/],
		['duration 16', { ...freepik, video: VIDEO_URL, duration: 16 }, /duration/],
		['video URL not http', { ...freepik, video: 'ftp://cdn.example.com/clip.mp4' }, /video_url/],
		['start frame not http', { ...freepik, video: VIDEO_URL, startImage: 'file:///tmp/a.png' }, /image_url/],
		['missing binary video', { ...freepik, video: 'nothere' }, /Reference Video: "nothere" is neither/],
		['webhook URL not http', { ...freepik, video: VIDEO_URL, options: { webhookUrl: 'javascript:alert(1)' } }, /webhook_url/],
		['APIMart binary video', { ...apimart, video: 'clip', prompt: 'a' }, /APIMart cannot take a video upload/],
		['APIMart start frame while editing', { ...apimart, video: VIDEO_URL, videoReferType: 'base', prompt: 'a', imagesWithRoles: { image: [{ image: 'https://e.com/a.png', role: 'first_frame' }] } }, /first_frame|base/],
		['APIMart image_urls and image_with_roles', { ...apimart, video: VIDEO_URL, videoReferType: 'feature', prompt: 'a', imageUrls: { image: [{ image: 'https://e.com/a.png' }] }, imagesWithRoles: { image: [{ image: 'https://e.com/b.png', role: 'reference' }] } }, /image_with_roles|image_urls/],
		['APIMart last frame without first', { ...apimart, video: VIDEO_URL, videoReferType: 'feature', prompt: 'a', imagesWithRoles: { image: [{ image: 'https://e.com/b.png', role: 'last_frame' }] } }, /last_frame/],
		['APIMart <<<image_2>>> with one image', { ...apimart, video: VIDEO_URL, prompt: '<<<image_2>>>', imageUrls: { image: [{ image: 'https://e.com/a.png' }] } }, /image_2/],
		['APIMart duration as text', { ...apimart, video: VIDEO_URL, prompt: 'a', duration: '5' }, /duration: "5" is a string/],
		['APIMart aspect auto', { ...apimart, video: VIDEO_URL, prompt: 'a', aspectRatio: 'auto' }, /aspect_ratio/],
		['APIMart unknown edit mode', { ...apimart, video: VIDEO_URL, prompt: 'a', videoReferType: 'remix' }, /refer_type/],
		['APIMart keep sound maybe', { ...apimart, video: VIDEO_URL, prompt: 'a', keepOriginalSound: 'maybe' }, /keep_original_sound/],
		['APIMart four elements', { ...apimart, video: VIDEO_URL, prompt: 'a', elementList: { element: [1, 2, 3, 4].map((n) => ({ name: `e${n}`, description: 'd', images: 'https://e.com/1.png, https://e.com/2.png' })) } }, /element_list/],
		['APIMart shots not adding up', { ...apimart, video: VIDEO_URL, duration: 5, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 1 }] } }, /sum|add up/],
	];

	it.each(invalid)('refuses %s before sending anything', async (_name, parameters, expected) => {
		const run = await fixture.run('klingOmniReference', parameters as never, withVideo(syntheticVideo(GOOD_VIDEO)));
		const error = runError(run);
		expect(error?.message).toMatch(/^Invalid input in item 0: /);
		expect(`${error?.message}\n${error?.description}`).toMatch(expected);
		expect(fixture.sandbox.log.count()).toBe(0);
	});
});
