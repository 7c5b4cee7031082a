import type { IDataObject } from 'n8n-workflow';

import { syntheticJpeg, syntheticPng } from '../../harness/media';
import { binaryFrom, imageBinary, jsonItems, workflowWith } from '../../harness/workflows';
import { finishAll, HELD_LIFECYCLE, waitFor } from '../../sandbox/testSupport';
import { engineFixtureForEach, nodeOutput, runError, signedWebhookStandIn } from '../engineFixture';

const freepik = { authentication: 'freepik', operation: 'generate' };
const apimart = { authentication: 'apimart', operation: 'generate' };

describe('Kling V3 node', () => {
	const fixture = engineFixtureForEach();

	it('creates a Kling 3 Pro task on Freepik with every parameter in the documented shape', async () => {
		const run = await fixture.run('kling3', {
			...freepik,
			tier: 'pro',
			prompt: '@Element1 walks in, <<<voice_1>>> says hello',
			multiShot: true,
			shotType: 'customize',
			shots: { shot: [{ prompt: 'wide shot', duration: 4 }, { prompt: 'close-up', duration: 6 }] },
			startImage: 'https://example.com/start.png',
			endImage: 'https://example.com/end.png',
			elements: { element: [{ frontalImage: 'https://example.com/f.png', referenceImages: 'https://example.com/r1.png, https://example.com/r2.png' }] },
			voiceIds: 'voice_a',
			generateAudio: false,
			aspectRatio: '9:16',
			duration: 10,
			negativePrompt: 'blur',
			cfgScale: 0.8,
			options: { webhookUrl: 'https://hooks.example.com/kling' },
			waitMode: 'none',
		});
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('freepik.v3.create');
		expect(create.path).toBe('/v1/ai/video/kling-v3-pro');
		expect(create.body).toEqual({
			prompt: '@Element1 walks in, <<<voice_1>>> says hello',
			multi_shot: true,
			shot_type: 'customize',
			multi_prompt: [
				{ prompt: 'wide shot', duration: '4' },
				{ prompt: 'close-up', duration: '6' },
			],
			start_image_url: 'https://example.com/start.png',
			end_image_url: 'https://example.com/end.png',
			elements: [{ frontal_image_url: 'https://example.com/f.png', reference_image_urls: ['https://example.com/r1.png', 'https://example.com/r2.png'] }],
			voice_ids: ['voice_a'],
			generate_audio: false,
			aspect_ratio: '9:16',
			duration: '10',
			negative_prompt: 'blur',
			cfg_scale: 0.8,
			webhook_url: 'https://hooks.example.com/kling',
		});
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ status: 'CREATED', provider: 'freepik', model: 'kling-v3-pro' });
	});

	it('generates a Kling 3 video on APIMart with first and last frame, polling to the MP4', async () => {
		const run = await fixture.run('kling3', {
			...apimart,
			mode: 'pro',
			prompt: 'a lighthouse in a storm',
			startImage: 'https://example.com/a.png',
			endImage: 'https://example.com/b.png',
			duration: 6,
			multiShot: true,
			shotType: 'customize',
			shots: { shot: [{ prompt: 'waves', duration: 2 }, { prompt: 'light', duration: 4 }] },
			watermark: true,
		});
		expect(runError(run)).toBeUndefined();
		const [create] = fixture.sandbox.log.byEndpoint('apimart.create');
		expect(create.body).toEqual({
			model: 'kling-v3',
			prompt: 'a lighthouse in a storm',
			mode: 'pro',
			duration: 6,
			aspect_ratio: '16:9',
			image_urls: ['https://example.com/a.png', 'https://example.com/b.png'],
			multi_shot: true,
			shot_type: 'customize',
			multi_prompt: [
				{ index: 1, prompt: 'waves', duration: 2 },
				{ index: 2, prompt: 'light', duration: 4 },
			],
			watermark: true,
			audio: false,
		});
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ status: 'completed', model: 'kling-v3' });
		expect(Buffer.from(item.binary!.data.data, 'base64').subarray(4, 8).toString()).toBe('ftyp');
	});

	it('parks with Wait for Webhook on Freepik and resumes on the signed callback', async () => {
		const n8n = await signedWebhookStandIn(fixture.sandbox);
		const lifecycle = fixture.sandbox.options.lifecycle;
		// Held until parked: the node's look before parking must find the tasks running.
		fixture.sandbox.options.lifecycle = HELD_LIFECYCLE;
		try {
			const execution = await n8n.engine.run(
				workflowWith({ type: 'kling3', parameters: { ...freepik, prompt: 'a kite', waitMode: 'webhook' } }, jsonItems({}, {})),
			);
			expect(execution.run.status).toBe('waiting');
			finishAll(fixture.sandbox);
			const done = await n8n.finished(execution.id);
			const items = nodeOutput(done.run, 'Kling');
			expect(items.map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED']);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(n8n.resumes.filter((resume) => resume.resumed)).toHaveLength(1);
		} finally {
			fixture.sandbox.options.lifecycle = lifecycle;
			await n8n.close();
		}
	});

	it('uploads a binary start frame: Freepik signed upload, APIMart multipart', async () => {
		const items = [{ json: {}, binary: { data: imageBinary() } }];
		const onFreepik = await fixture.run('kling3', { ...freepik, prompt: 'it moves', startImage: 'data', waitMode: 'none' }, items);
		expect(runError(onFreepik)).toBeUndefined();
		const [freepikCreate] = fixture.sandbox.log.byEndpoint('freepik.v3.create');
		expect(String((freepikCreate.body as IDataObject).start_image_url)).toMatch(/\/assets\//);
		expect(fixture.sandbox.log.count('freepik.upload.put')).toBe(1);

		fixture.sandbox.reset();
		const onApimart = await fixture.run('kling3', { ...apimart, prompt: 'it moves', startImage: 'data', waitMode: 'none' }, items);
		expect(runError(onApimart)).toBeUndefined();
		const [upload] = fixture.sandbox.log.byEndpoint('apimart.upload');
		expect(upload.responseStatus).toBe(200);
		const [apimartCreate] = fixture.sandbox.log.byEndpoint('apimart.create');
		expect((apimartCreate.body as IDataObject).image_urls).toEqual([expect.stringMatching(/\/assets\//)]);
	});

	it('under continue-on-fail, gives each item its result or its error, task ids kept', async () => {
		const run = await fixture.run(
			'kling3',
			{ ...freepik, prompt: '={{ $json.prompt }}' },
			jsonItems({ prompt: 'a boat' }, { prompt: 'a storm [sandbox:fail]' }, { prompt: '@Element4 waves' }),
			true,
		);
		const items = nodeOutput(run, 'Kling');
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ status: 'COMPLETED', error: null });
		expect(items[1].json).toMatchObject({ status: 'FAILED', taskId: expect.any(String) });
		expect(String(items[1].json.error)).toMatch(/failed: Content policy violation/);
		expect(String(items[2].json.error)).toMatch(/Invalid input in item 2: prompt: refers to @Element4/);
		expect(items[2].json.taskId).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(fixture.sandbox.log.count('freepik.v3.create')).toBe(2);
	});

	it('gives up at Max Wait with the task id and last status', async () => {
		const run = await fixture.run('kling3', { ...apimart, prompt: 'forever [sandbox:stuck]', options: { maxWaitMinutes: 0.03 } });
		const error = runError(run);
		expect(error?.message).toMatch(/Max wait of 0\.03 min reached: APIMart task task_\w+ is still (pending|processing)/);
		expect(error?.description).toMatch(/Get Task/);
	});

	it.each([freepik, apimart])('gets a task by id, with its video', async (provider) => {
		const created = await fixture.run('kling3', { ...provider, prompt: 'a bird', waitMode: 'none' });
		const taskId = String(nodeOutput(created, 'Kling')[0].json.taskId);
		await waitFor(() => fixture.sandbox.tasks.get(taskId)?.phase === 'succeeded', { what: 'the task to finish' });
		const run = await fixture.run('kling3', { authentication: provider.authentication, operation: 'getTask', taskId });
		const [item] = nodeOutput(run, 'Kling');
		expect(item.json).toMatchObject({ taskId, videoUrl: expect.stringContaining(taskId) });
		expect(Buffer.from(item.binary!.data.data, 'base64').subarray(4, 8).toString()).toBe('ftyp');
	});

	const frames: Array<[string, Buffer, string, RegExp]> = [
		['smaller than 300x300', syntheticPng(299, 400), 'image/png', /299x400 px, at least 300x300 needed/],
		['wider than 2.5:1', syntheticJpeg(1600, 600), 'image/jpeg', /aspect ratio of 2\.67:1/],
		['taller than 1:2.5', syntheticPng(400, 1200), 'image/png', /aspect ratio of 3\.00:1/],
		['a GIF sent as PNG', Buffer.from('GIF89a....'), 'image/png', /a GIF, JPG or PNG needed/],
		['a WebP', Buffer.from('RIFF0000WEBPVP8 '), 'image/webp', /a WEBP, JPG or PNG needed/],
	];

	it.each(frames)('refuses a start frame that is %s, sending nothing', async (_name, bytes, mimeType, expected) => {
		const run = await fixture.run('kling3', { ...freepik, prompt: 'it moves', startImage: 'frame' }, [
			{ json: {}, binary: { frame: binaryFrom(bytes, mimeType, 'frame') } },
		]);
		expect(runError(run)?.message).toMatch(/^Invalid input in item 0: Start Frame: image "frame" is /);
		expect(runError(run)?.message).toMatch(expected);
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	it('refuses a frame over 10 MB and accepts a 640x480 JPEG end frame', async () => {
		const big = { json: {}, binary: { frame: { ...binaryFrom(syntheticPng(1024, 768), 'image/png', 'big.png'), bytes: 11 * 1024 * 1024 } } };
		expect(runError(await fixture.run('kling3', { ...freepik, prompt: 'a', startImage: 'frame' }, [big]))?.message).toMatch(
			/11\.0 MB, at most 10 MB allowed/,
		);
		expect(fixture.sandbox.log.count()).toBe(0);
		const items = [{ json: {}, binary: { start: imageBinary(), end: binaryFrom(syntheticJpeg(640, 480), 'image/jpeg', 'end.jpg') } }];
		const run = await fixture.run('kling3', { ...freepik, prompt: 'a', startImage: 'start', endImage: 'end', waitMode: 'none' }, items);
		expect(runError(run)).toBeUndefined();
		expect(fixture.sandbox.log.count('freepik.upload.put')).toBe(2);
	});

	const long = 'x'.repeat(2501);
	const invalid: Array<[string, object, RegExp]> = [
		['prompt over 2500 characters', { ...freepik, prompt: long }, /prompt: 2501 characters/],
		['duration 2 on Freepik', { ...freepik, prompt: 'a', duration: 2 }, /duration/],
		['duration 16 on Freepik', { ...freepik, prompt: 'a', duration: 16 }, /duration/],
		['cfg scale above 1', { ...freepik, prompt: 'a', cfgScale: 1.5 }, /cfg_scale/],
		['negative cfg scale', { ...freepik, prompt: 'a', cfgScale: -0.1 }, /cfg_scale/],
		['aspect ratio auto', { ...freepik, prompt: 'a', aspectRatio: 'auto' }, /aspect_ratio/],
		['three voices', { ...freepik, prompt: 'a', voiceIds: 'v1, v2, v3' }, /voice_ids/],
		['voice reference without voices', { ...freepik, prompt: '<<<voice_1>>> hi' }, /voice_1/],
		['element reference without elements', { ...freepik, prompt: '@Element1 runs' }, /@Element1/],
		['end frame without start frame', { ...freepik, prompt: 'a', endImage: 'https://e.com/x.png' }, /end_image_url/],
		['seven shots', { ...freepik, multiShot: true, shotType: 'customize', shots: { shot: Array.from({ length: 7 }, () => ({ prompt: 's', duration: 3 })) } }, /multi_prompt/],
		['shots over 15 s', { ...freepik, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 10 }, { prompt: 'b', duration: 6 }] } }, /15 s/],
		['shot of 2 s', { ...freepik, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 2 }] } }, /duration/],
		['customize without shots', { ...freepik, multiShot: true, shotType: 'customize', prompt: 'a' }, /multi_prompt/],
		['shot prompt over 2500', { ...freepik, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: long, duration: 5 }] } }, /2501/],
		['non-http start frame', { ...freepik, prompt: 'a', startImage: 'ftp://e.com/x.png' }, /start_image_url/],
		['missing binary property', { ...freepik, prompt: 'a', startImage: 'photo' }, /Start Frame.*photo/],
		['webhook URL not http', { ...freepik, prompt: 'a', options: { webhookUrl: 'mailto:me@example.com' } }, /webhook_url/],
		['empty prompt', { ...freepik, prompt: '   ' }, /prompt/],
		['APIMart duration as text', { ...apimart, prompt: 'a', duration: '5' }, /duration: "5" is a string/],
		['APIMart duration 16', { ...apimart, prompt: 'a', duration: 16 }, /duration/],
		['APIMart unknown mode', { ...apimart, prompt: 'a', mode: '8k' }, /Mode/],
		['APIMart end frame alone', { ...apimart, prompt: 'a', endImage: 'https://e.com/x.png' }, /End Frame: needs a Start Frame/],
		['APIMart shot over 512 characters', { ...apimart, duration: 5, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'y'.repeat(513), duration: 5 }] } }, /512/],
		['APIMart shots not adding up', { ...apimart, duration: 10, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 3 }, { prompt: 'b', duration: 3 }] } }, /add up|sum/],
		['APIMart seven shots', { ...apimart, duration: 7, multiShot: true, shotType: 'customize', shots: { shot: Array.from({ length: 7 }, () => ({ prompt: 's', duration: 1 })) } }, /multi_prompt/],
		['APIMart negative prompt over 2500', { ...apimart, prompt: 'a', negativePrompt: long }, /negative_prompt/],
		['APIMart aspect ratio auto', { ...apimart, prompt: 'a', aspectRatio: 'auto' }, /aspect_ratio/],
	];

	it.each(invalid)('refuses %s before sending anything', async (_name, parameters, expected) => {
		const run = await fixture.run('kling3', parameters as never);
		const error = runError(run);
		expect(error?.message).toMatch(/^Invalid input in item 0: /);
		expect(`${error?.message}\n${error?.description}`).toMatch(expected);
		expect(fixture.sandbox.log.count()).toBe(0);
	});
});
