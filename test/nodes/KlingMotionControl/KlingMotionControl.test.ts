import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { syntheticJpeg, syntheticPng, syntheticVideo, type SyntheticVideo } from '../../harness/media';
import { binaryFrom, imageBinary, jsonItems, workflowWith } from '../../harness/workflows';
import { finishAll, HELD_LIFECYCLE, waitFor } from '../../sandbox/testSupport';
import { engineFixtureForEach, nodeOutput, runError, signedWebhookStandIn } from '../engineFixture';

const freepik = { authentication: 'freepik', operation: 'generate' };
const apimart = { authentication: 'apimart', operation: 'generate' };
const IMAGE_URL = 'https://example.com/product.png';
const VIDEO_URL = 'https://example.com/dance.mp4';
const DANCE: SyntheticVideo = { seconds: 12, width: 720, height: 1280, fps: 30 };

function withMedia(video: Buffer, image = imageBinary(), mimeType = 'video/mp4'): INodeExecutionData[] {
	return [{ json: {}, binary: { dance: binaryFrom(video, mimeType, 'dance.mp4'), photo: image } }];
}

describe('Kling Motion Control node', () => {
	const fixture = engineFixtureForEach();

	it('sends a Freepik Pro motion-control task with every parameter, on the Pro path, and returns the MP4', async () => {
		const run = await fixture.run('klingMotionControl', {
			...freepik,
			quality: 'pro',
			characterImage: IMAGE_URL,
			video: VIDEO_URL,
			prompt: 'the bottle dances',
			characterOrientation: 'image',
			cfgScale: 0.7,
		});
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('freepik.motionControl.create');
		expect(create.path).toBe('/v1/ai/video/kling-v3-motion-control-pro');
		expect(create.body).toEqual({
			image_url: IMAGE_URL,
			video_url: VIDEO_URL,
			prompt: 'the bottle dances',
			character_orientation: 'image',
			cfg_scale: 0.7,
		});
		// Polled on the Pro tier's own status path.
		const polls = fixture.sandbox.log.byEndpoint('freepik.motionControl.status');
		expect(polls.length).toBeGreaterThan(0);
		expect(polls.every((poll) => poll.path.startsWith('/v1/ai/video/kling-v3-motion-control-pro/'))).toBe(true);
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ status: 'COMPLETED', provider: 'freepik', model: 'kling-v3-motion-control-pro' });
		expect(Buffer.from(item.binary!.data.data, 'base64').subarray(4, 8).toString()).toBe('ftyp');
	});

	it('sends APIMart kling-v3-motion-control with the fields it requires, mode from Quality', async () => {
		const run = await fixture.run('klingMotionControl', {
			...apimart,
			quality: 'pro',
			characterImage: IMAGE_URL,
			video: VIDEO_URL,
			prompt: 'dance',
		});
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('apimart.create');
		expect(create.body).toEqual({
			model: 'kling-v3-motion-control',
			image_url: IMAGE_URL,
			video_url: VIDEO_URL,
			character_orientation: 'video',
			mode: 'pro',
			prompt: 'dance',
			keep_original_sound: 'yes',
			watermark_info: { enabled: false },
		});
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ status: 'completed', model: 'kling-v3-motion-control' });
		expect(item.binary?.data).toBeDefined();
	});

	it('uploads a binary character image and a 12 s reference video to Freepik after checking the video header', async () => {
		const video = syntheticVideo({ ...DANCE, mediaBytes: 200_000 });
		const run = await fixture.run('klingMotionControl', { ...freepik, characterImage: 'photo', video: 'dance', waitMode: 'none' }, withMedia(video));
		expect(runError(run)).toBeUndefined();
		expect(fixture.sandbox.log.count('freepik.upload.put')).toBe(2);
		const [create] = fixture.sandbox.log.byEndpoint('freepik.motionControl.create');
		expect(create.path).toBe('/v1/ai/video/kling-v3-motion-control-std');
		expect(String((create.body as IDataObject).video_url)).toMatch(/\/assets\//);
		expect(String((create.body as IDataObject).image_url)).toMatch(/\/assets\//);
	});

	const videoCases: Array<[string, IDataObject, Buffer, RegExp]> = [
		['2 s long', {}, syntheticVideo({ ...DANCE, seconds: 2 }), /2 s long, must be 3-30 s/],
		['31 s long', {}, syntheticVideo({ ...DANCE, seconds: 31 }), /31 s long, must be 3-30 s/],
		['12 s long with orientation image', { characterOrientation: 'image' }, syntheticVideo(DANCE), /12 s long, must be 3-10 s with Character Orientation "image"/],
		['not an MP4 or MOV', {}, Buffer.from('\x1aE\xdf\xa3 webm bytes'), /not an MP4 or MOV/],
	];

	it.each(videoCases)('refuses a binary reference video %s, sending nothing', async (_name, extra, video, expected) => {
		const run = await fixture.run('klingMotionControl', { ...freepik, characterImage: IMAGE_URL, video: 'dance', ...extra }, withMedia(video));
		expect(runError(run)?.message).toMatch(/^Invalid input in item 0: Reference Video: /);
		expect(runError(run)?.message).toMatch(expected);
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	const imageCases: Array<[string, Buffer, string, RegExp]> = [
		['smaller than 300x300', syntheticPng(200, 400), 'image/png', /200x400 px, at least 300x300 needed/],
		['a GIF', Buffer.from('GIF89a....'), 'image/png', /a GIF, JPG, PNG or WEBP needed/],
	];

	it.each(imageCases)('refuses a character image %s, sending nothing', async (_name, bytes, mimeType, expected) => {
		const image = binaryFrom(bytes, mimeType, 'photo');
		const run = await fixture.run('klingMotionControl', { ...freepik, characterImage: 'photo', video: VIDEO_URL }, withMedia(syntheticVideo(DANCE), image));
		expect(runError(run)?.message).toMatch(/Character Image: image "photo" is /);
		expect(runError(run)?.message).toMatch(expected);
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	it('takes a wide JPEG character image (no ratio limit) and a WEBP', async () => {
		const wide = binaryFrom(syntheticJpeg(1600, 400), 'image/jpeg', 'wide.jpg');
		const run = await fixture.run('klingMotionControl', { ...freepik, characterImage: 'photo', video: VIDEO_URL, waitMode: 'none' }, withMedia(syntheticVideo(DANCE), wide));
		expect(runError(run)).toBeUndefined();
		const webp = binaryFrom(Buffer.from('RIFF0000WEBPVP8 '), 'image/webp', 'c.webp');
		const again = await fixture.run('klingMotionControl', { ...freepik, characterImage: 'photo', video: VIDEO_URL, waitMode: 'none' }, withMedia(syntheticVideo(DANCE), webp));
		expect(runError(again)).toBeUndefined();
	});

	it('parks with Wait for Webhook on Freepik and resumes on the signed callback', async () => {
		const n8n = await signedWebhookStandIn(fixture.sandbox);
		const lifecycle = fixture.sandbox.options.lifecycle;
		fixture.sandbox.options.lifecycle = HELD_LIFECYCLE;
		try {
			const execution = await n8n.engine.run(
				workflowWith(
					{ type: 'klingMotionControl', parameters: { ...freepik, quality: 'pro', characterImage: IMAGE_URL, video: VIDEO_URL, waitMode: 'webhook' } },
					jsonItems({}, {}),
				),
			);
			expect(execution.run.status).toBe('waiting');
			finishAll(fixture.sandbox);
			const done = await n8n.finished(execution.id);
			const items = nodeOutput(done.run, 'Kling');
			expect(items.map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED']);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		} finally {
			fixture.sandbox.options.lifecycle = lifecycle;
			await n8n.close();
		}
	});

	it('gets a Pro task by id through the per-tier status paths, with its video', async () => {
		const created = await fixture.run('klingMotionControl', { ...freepik, quality: 'pro', characterImage: IMAGE_URL, video: VIDEO_URL, waitMode: 'none' });
		const taskId = String(nodeOutput(created, 'Kling')[0].json.taskId);
		await waitFor(() => fixture.sandbox.tasks.get(taskId)?.phase === 'succeeded', { what: 'the task to finish' });
		const run = await fixture.run('klingMotionControl', { authentication: 'freepik', operation: 'get', taskId });
		expect(runError(run)).toBeUndefined();
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ taskId, status: 'COMPLETED', videoUrl: expect.stringContaining(taskId) });
		expect(item.binary?.data).toBeDefined();
		// Std's path said 404 first, then Pro's answered.
		expect(fixture.sandbox.log.byEndpoint('freepik.motionControl.status').map((entry) => entry.responseStatus)).toEqual([404, 200]);
	});

	it('names a task id that neither tier knows', async () => {
		const run = await fixture.run('klingMotionControl', { authentication: 'freepik', operation: 'get', taskId: 'no-such-task' });
		expect(runError(run)?.message).toMatch(/not found|404/i);
	});

	it('lists the tasks of both tiers', async () => {
		await fixture.run('klingMotionControl', { ...freepik, quality: 'std', characterImage: IMAGE_URL, video: VIDEO_URL, waitMode: 'none' });
		await fixture.run('klingMotionControl', { ...freepik, quality: 'pro', characterImage: IMAGE_URL, video: VIDEO_URL, waitMode: 'none' });
		const run = await fixture.run('klingMotionControl', { authentication: 'freepik', operation: 'getAll', returnAll: true });
		expect(runError(run)).toBeUndefined();
		const models = nodeOutput(run, 'Kling').map((item) => item.json.model);
		expect(models.sort()).toEqual(['kling-v3-motion-control', 'kling-v3-motion-control']);
		expect(fixture.sandbox.log.byEndpoint('freepik.motionControl.list').map((entry) => entry.path)).toEqual([
			'/v1/ai/video/kling-v3-motion-control-std',
			'/v1/ai/video/kling-v3-motion-control-pro',
		]);
	});

	const long = 'x'.repeat(2501);
	const invalid: Array<[string, object, RegExp]> = [
		// An expression that gives nothing (n8n itself refuses an empty required field).
		['no character image', { ...freepik, characterImage: '={{ "" }}', video: VIDEO_URL }, /image_url/],
		['no reference video', { ...freepik, characterImage: IMAGE_URL, video: '={{ "" }}' }, /video_url/],
		['prompt over 2500 characters', { ...freepik, characterImage: IMAGE_URL, video: VIDEO_URL, prompt: long }, /prompt: 2501 characters/],
		['cfg scale above 1', { ...freepik, characterImage: IMAGE_URL, video: VIDEO_URL, cfgScale: 1.5 }, /cfg_scale/],
		['unknown orientation', { ...freepik, characterImage: IMAGE_URL, video: VIDEO_URL, characterOrientation: 'sideways' }, /character_orientation/],
		['non-http video', { ...freepik, characterImage: IMAGE_URL, video: 'ftp://e.com/x.mp4' }, /video_url/],
		['APIMart binary video', { ...apimart, characterImage: IMAGE_URL, video: 'dance' }, /Reference Video.*(no binary|binary data|cannot take a video upload)/],
		['APIMart 4k quality', { ...apimart, characterImage: IMAGE_URL, video: VIDEO_URL, quality: '4k' }, /Quality/],
		['APIMart keep sound maybe', { ...apimart, characterImage: IMAGE_URL, video: VIDEO_URL, keepOriginalSound: 'maybe' }, /keep_original_sound/],
		['APIMart no video', { ...apimart, characterImage: IMAGE_URL, video: '={{ "" }}' }, /video_url/],
	];

	it.each(invalid)('refuses %s before sending anything', async (_name, parameters, expected) => {
		const run = await fixture.run('klingMotionControl', parameters as never);
		const error = runError(run);
		expect(error?.message).toMatch(/^Invalid input in item 0: /);
		expect(`${error?.message}\n${error?.description}`).toMatch(expected);
		expect(fixture.sandbox.log.count()).toBe(0);
	});
});
