import type { IDataObject } from 'n8n-workflow';

import { syntheticPng } from '../../harness/media';
import { binaryFrom, imageBinary, jsonItems, workflowWith } from '../../harness/workflows';
import { finishAll, HELD_LIFECYCLE, waitFor } from '../../sandbox/testSupport';
import { engineFixtureForEach, nodeOutput, runError, signedWebhookStandIn } from '../engineFixture';

const freepik = { authentication: 'freepik', operation: 'generate', model: 'kling-v3-turbo' };
const apimart = { authentication: 'apimart', operation: 'generate', model: 'kling-v3-turbo' };

describe('Kling V3 node: Kling 3 Turbo', () => {
	const fixture = engineFixtureForEach();

	it('sends Freepik Turbo text to video at 1080p: prompt, aspect ratio, duration as a string', async () => {
		const run = await fixture.run('kling3', {
			...freepik,
			tier: 'pro',
			prompt: 'a paper plane over a city',
			aspectRatio: '9:16',
			duration: 7,
			// Kling 3 fields left in the node's parameters are not sent for Turbo.
			negativePrompt: 'blur',
			cfgScale: 0.9,
			generateAudio: true,
		});
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('freepik.turboText.create');
		expect(create.path).toBe('/v1/ai/text-to-video/kling-v3-turbo-1080p');
		expect(create.body).toEqual({ prompt: 'a paper plane over a city', aspect_ratio: '9:16', duration: '7' });
		expect(fixture.sandbox.log.byEndpoint('freepik.turboText.status')[0].path).toMatch(/^\/v1\/ai\/text-to-video\/kling-v3-turbo\//);
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ status: 'COMPLETED', model: 'kling-v3-turbo-1080p' });
		expect(item.binary?.data).toBeDefined();
	});

	it('sends Freepik Turbo image to video at 720p when a Start Frame is given, without aspect ratio', async () => {
		const run = await fixture.run('kling3', { ...freepik, tier: 'std', prompt: 'it turns', startImage: 'https://example.com/a.png', waitMode: 'none' });
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('freepik.turboImage.create');
		expect(create.path).toBe('/v1/ai/image-to-video/kling-v3-turbo-720p');
		expect(create.body).toEqual({ image: 'https://example.com/a.png', prompt: 'it turns', duration: '5' });
		expect(nodeOutput(run, 'Kling')[0].json).toMatchObject({ status: 'CREATED', model: 'kling-v3-turbo-720p' });
	});

	it('uploads a binary Start Frame for Turbo to the image-to-video path', async () => {
		const run = await fixture.run('kling3', { ...freepik, prompt: 'a', startImage: 'data', waitMode: 'none' }, [{ json: {}, binary: { data: imageBinary() } }]);
		expect(runError(run)).toBeUndefined();
		expect(fixture.sandbox.log.count('freepik.upload.put')).toBe(1);
		const [create] = fixture.sandbox.log.byEndpoint('freepik.turboImage.create');
		expect(String((create.body as IDataObject).image)).toMatch(/\/assets\//);
	});

	it('holds a Turbo Start Frame to 50 MB, a Kling 3 one to 10 MB', async () => {
		const frame = (megabytes: number) => [
			{ json: {}, binary: { frame: { ...binaryFrom(syntheticPng(1024, 768), 'image/png', 'big.png'), bytes: megabytes * 1024 * 1024 } } },
		];
		const turbo = await fixture.run('kling3', { ...freepik, prompt: 'a', startImage: 'frame' }, frame(51));
		expect(runError(turbo)?.message).toMatch(/51\.0 MB, at most 50 MB allowed/);
		const kling3 = await fixture.run('kling3', { authentication: 'freepik', operation: 'generate', prompt: 'a', startImage: 'frame' }, frame(12));
		expect(runError(kling3)?.message).toMatch(/12\.0 MB, at most 10 MB allowed/);
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	it('mixes text-to-video and image-to-video items in one batch, each polled on its own mode path', async () => {
		const run = await fixture.run(
			'kling3',
			{ ...freepik, prompt: '={{ $json.prompt }}', startImage: '={{ $json.image }}' },
			jsonItems({ prompt: 'from text', image: '' }, { prompt: 'from an image', image: 'https://example.com/a.png' }),
		);
		expect(runError(run)).toBeUndefined();
		const items = nodeOutput(run, 'Kling');
		expect(items.map((item) => [item.json.model, item.json.status])).toEqual([
			['kling-v3-turbo-720p', 'COMPLETED'],
			['kling-v3-turbo-720p', 'COMPLETED'],
		]);
		expect(fixture.sandbox.log.count('freepik.turboText.create')).toBe(1);
		expect(fixture.sandbox.log.count('freepik.turboImage.create')).toBe(1);
		const textTask = String(items[0].json.taskId);
		const imageTask = String(items[1].json.taskId);
		const reads = [...fixture.sandbox.log.byEndpoint('freepik.turboText.status'), ...fixture.sandbox.log.byEndpoint('freepik.turboImage.status')];
		expect(reads.every((entry) => entry.responseStatus === 200)).toBe(true);
		expect(reads.filter((entry) => entry.path.includes(textTask)).every((entry) => entry.path.startsWith('/v1/ai/text-to-video/'))).toBe(true);
		expect(reads.filter((entry) => entry.path.includes(imageTask)).every((entry) => entry.path.startsWith('/v1/ai/image-to-video/'))).toBe(true);
	});

	it('parks with Wait for Webhook on Freepik Turbo and resumes on the signed callback', async () => {
		const n8n = await signedWebhookStandIn(fixture.sandbox);
		const lifecycle = fixture.sandbox.options.lifecycle;
		fixture.sandbox.options.lifecycle = HELD_LIFECYCLE;
		try {
			const execution = await n8n.engine.run(
				workflowWith({ type: 'kling3', parameters: { ...freepik, tier: 'pro', prompt: 'a kite', waitMode: 'webhook' } }, jsonItems({}, {})),
			);
			expect(execution.run.status).toBe('waiting');
			finishAll(fixture.sandbox);
			const done = await n8n.finished(execution.id);
			const items = nodeOutput(done.run, 'Kling');
			expect(items.map((item) => [item.json.model, item.json.status])).toEqual([
				['kling-v3-turbo-1080p', 'COMPLETED'],
				['kling-v3-turbo-1080p', 'COMPLETED'],
			]);
			const [create] = fixture.sandbox.log.byEndpoint('freepik.turboText.create');
			expect(String((create.body as IDataObject).webhook_url)).toMatch(/^http/);
		} finally {
			fixture.sandbox.options.lifecycle = lifecycle;
			await n8n.close();
		}
	});

	it('sends APIMart kling-3.0-turbo with resolution and a plain-number duration', async () => {
		const run = await fixture.run('kling3', { ...apimart, mode: 'pro', prompt: 'a fox', aspectRatio: '1:1', duration: 4, watermark: true, audio: true });
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('apimart.create');
		expect(create.body).toEqual({ model: 'kling-3.0-turbo', prompt: 'a fox', aspect_ratio: '1:1', resolution: '1080p', duration: 4, watermark: true });
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ status: 'completed', model: 'kling-3.0-turbo' });
	});

	it('sends APIMart Turbo image to video with first_frame_image (uploaded) and no aspect ratio', async () => {
		const items = [{ json: {}, binary: { data: imageBinary() } }];
		const run = await fixture.run('kling3', { ...apimart, startImage: 'data', waitMode: 'none' }, items);
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('apimart.create');
		expect(create.body).toEqual({
			model: 'kling-3.0-turbo',
			first_frame_image: expect.stringMatching(/\/assets\//),
			resolution: '720p',
			duration: 5,
			watermark: false,
		});
	});

	it('gets a Turbo image-to-video task by id from the Kling V3 node, walking the status paths', async () => {
		const created = await fixture.run('kling3', { ...freepik, prompt: 'a', startImage: 'https://example.com/a.png', waitMode: 'none' });
		const taskId = String(nodeOutput(created, 'Kling')[0].json.taskId);
		await waitFor(() => fixture.sandbox.tasks.get(taskId)?.phase === 'succeeded', { what: 'the task to finish' });
		const run = await fixture.run('kling3', { authentication: 'freepik', operation: 'getTask', taskId });
		expect(runError(run)).toBeUndefined();
		expect(nodeOutput(run, 'Kling')[0].json).toMatchObject({ taskId, status: 'COMPLETED', model: 'kling-v3-turbo' });
	});

	it('lists Kling 3 and both Turbo namespaces', async () => {
		await fixture.run('kling3', { authentication: 'freepik', operation: 'generate', prompt: 'k3', waitMode: 'none' });
		await fixture.run('kling3', { ...freepik, prompt: 't2v', waitMode: 'none' });
		await fixture.run('kling3', { ...freepik, prompt: 'i2v', startImage: 'https://example.com/a.png', waitMode: 'none' });
		const run = await fixture.run('kling3', { authentication: 'freepik', operation: 'listTasks', limit: 10 });
		expect(nodeOutput(run, 'Kling').map((item) => item.json.model)).toEqual(['kling-v3', 'kling-v3-turbo', 'kling-v3-turbo']);
	});

	const invalid: Array<[string, object, RegExp]> = [
		['Freepik text to video without prompt', { ...freepik }, /prompt/],
		['Freepik text prompt over 3072', { ...freepik, prompt: 'x'.repeat(3073) }, /prompt: 3073 characters, at most 3072/],
		['Freepik image prompt over 2500', { ...freepik, prompt: 'x'.repeat(2501), startImage: 'https://example.com/a.png' }, /prompt: 2501 characters, at most 2500/],
		['Freepik duration 16', { ...freepik, prompt: 'a', duration: 16 }, /duration/],
		['Freepik aspect ratio auto', { ...freepik, prompt: 'a', aspectRatio: 'auto' }, /aspect_ratio/],
		['APIMart 4K', { ...apimart, prompt: 'a', mode: '4k' }, /Mode: "4k" is not one of "std", "pro"/],
		['APIMart duration as text', { ...apimart, prompt: 'a', duration: '5' }, /duration/],
		['APIMart no prompt, no image', { ...apimart }, /prompt: missing/],
		['an unknown model', { authentication: 'freepik', operation: 'generate', model: 'kling-v9', prompt: 'a' }, /Model: "kling-v9" is not one of/],
	];

	it.each(invalid)('refuses %s before sending anything', async (_name, parameters, expected) => {
		const run = await fixture.run('kling3', parameters as never);
		const error = runError(run);
		expect(error?.message).toMatch(/^Invalid input in item 0: /);
		expect(`${error?.message}\n${error?.description}`).toMatch(expected);
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	it('refuses a Turbo Start Frame smaller than 300x300', async () => {
		const run = await fixture.run('kling3', { ...freepik, prompt: 'a', startImage: 'frame' }, [
			{ json: {}, binary: { frame: binaryFrom(syntheticPng(200, 200), 'image/png', 'f.png') } },
		]);
		expect(runError(run)?.message).toMatch(/Start Frame: image "frame" is 200x200 px/);
		expect(fixture.sandbox.log.count()).toBe(0);
	});
});
