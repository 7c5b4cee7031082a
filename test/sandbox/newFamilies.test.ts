import { startSandbox, type Sandbox } from './index';
import { apimartAuth, call, freepikAuth } from './testSupport';

const IMAGE = 'https://example.com/a.png';
const VIDEO = 'https://example.com/dance.mp4';
const MOTION_STD = '/v1/ai/video/kling-v3-motion-control-std';
const MOTION_PRO = '/v1/ai/video/kling-v3-motion-control-pro';
const TURBO_T2V = '/v1/ai/text-to-video/kling-v3-turbo';
const TURBO_I2V = '/v1/ai/image-to-video/kling-v3-turbo';

describe('Sandbox: Motion Control and Kling 3 Turbo', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ timeScale: 0.01, rateLimitPerMinute: 10_000 });
	});
	afterAll(async () => sandbox.close());
	beforeEach(() => sandbox.reset());

	const freepik = (method: 'GET' | 'POST', path: string, json?: unknown) => call(sandbox, method, path, { headers: freepikAuth(), json });
	const apimart = (json: unknown) => call(sandbox, 'POST', '/v1/videos/generations', { headers: apimartAuth(), json });

	it('keeps each Motion Control tier on its own list and status paths', async () => {
		const std = (await freepik('POST', MOTION_STD, { image_url: IMAGE, video_url: VIDEO })).json().data.task_id as string;
		const pro = (await freepik('POST', MOTION_PRO, { image_url: IMAGE, video_url: VIDEO, character_orientation: 'image', cfg_scale: 1 })).json().data.task_id as string;
		expect((await freepik('GET', `${MOTION_STD}/${std}`)).status).toBe(200);
		expect((await freepik('GET', `${MOTION_PRO}/${std}`)).status).toBe(404);
		expect((await freepik('GET', `${MOTION_PRO}/${pro}`)).status).toBe(200);
		expect((await freepik('GET', MOTION_STD)).json().data.map((task: { task_id: string }) => task.task_id)).toEqual([std]);
		expect((await freepik('GET', MOTION_PRO)).json().data.map((task: { task_id: string }) => task.task_id)).toEqual([pro]);
		expect(sandbox.tasks.get(pro)).toMatchObject({ family: 'motionControl', tier: 'pro' });
	});

	it.each([
		['image_url', { video_url: VIDEO }],
		['video_url', { image_url: IMAGE }],
		['cfg_scale', { image_url: IMAGE, video_url: VIDEO, cfg_scale: 1.5 }],
		['character_orientation', { image_url: IMAGE, video_url: VIDEO, character_orientation: 'side' }],
		['duration', { image_url: IMAGE, video_url: VIDEO, duration: '5' }],
	])('refuses a Motion Control body, naming %s', async (field, body) => {
		const response = await freepik('POST', MOTION_PRO, body);
		expect(response.status).toBe(400);
		expect(response.json().invalid_params.map((param: { name: string }) => param.name)).toContain(field);
	});

	it('takes Turbo text to video at either resolution, polled and listed on the mode path', async () => {
		const a = (await freepik('POST', `${TURBO_T2V}-720p`, { prompt: 'x', duration: '7', aspect_ratio: '9:16' })).json().data.task_id as string;
		// The duration's type is unsettled: the sandbox takes a number too.
		const b = (await freepik('POST', `${TURBO_T2V}-1080p`, { prompt: 'y'.repeat(3072), duration: 7 })).json().data.task_id as string;
		expect(sandbox.tasks.get(a)).toMatchObject({ family: 'turboText', tier: '720p' });
		expect(sandbox.tasks.get(b)).toMatchObject({ family: 'turboText', tier: '1080p' });
		expect((await freepik('GET', `${TURBO_T2V}/${b}`)).status).toBe(200);
		expect((await freepik('GET', `${TURBO_I2V}/${b}`)).status).toBe(404);
		expect((await freepik('GET', TURBO_T2V)).json().data).toHaveLength(2);
	});

	it.each([
		['text to video without prompt', `${TURBO_T2V}-720p`, {}, 'prompt'],
		['text to video with a 3073-character prompt', `${TURBO_T2V}-720p`, { prompt: 'y'.repeat(3073) }, 'prompt'],
		['text to video of 16 s', `${TURBO_T2V}-720p`, { prompt: 'x', duration: '16' }, 'duration'],
		['image to video without image', `${TURBO_I2V}-1080p`, { prompt: 'x' }, 'image'],
		['image to video with an aspect ratio', `${TURBO_I2V}-1080p`, { image: IMAGE, aspect_ratio: '16:9' }, 'aspect_ratio'],
		['image to video with a 2501-character prompt', `${TURBO_I2V}-1080p`, { image: IMAGE, prompt: 'y'.repeat(2501) }, 'prompt'],
	])('refuses Turbo %s', async (_name, path, body, field) => {
		const response = await freepik('POST', path, body);
		expect(response.status).toBe(400);
		expect(response.json().invalid_params.map((param: { name: string }) => param.name)).toContain(field);
	});

	it('takes APIMart kling-v3-motion-control and kling-3.0-turbo, refusing what their docs refuse', async () => {
		const motion = await apimart({ model: 'kling-v3-motion-control', image_url: IMAGE, video_url: VIDEO, character_orientation: 'video', mode: 'pro' });
		expect(motion.json()).toMatchObject({ code: 200, data: [{ status: 'submitted' }] });
		const turbo = await apimart({ model: 'kling-3.0-turbo', prompt: 'a fox', resolution: '1080p', duration: 6 });
		expect(sandbox.tasks.get(turbo.json().data[0].task_id)).toMatchObject({ family: 'kling-3.0-turbo', tier: '1080p' });
		expect((await apimart({ model: 'kling-v3-motion-control', image_url: IMAGE, video_url: VIDEO, mode: 'std' })).status).toBe(400);
		expect((await apimart({ model: 'kling-3.0-turbo', prompt: 'a', duration: '6' })).status).toBe(400);
		expect((await apimart({ model: 'kling-3.0-turbo', duration: 6 })).status).toBe(400);
	});
});
