import { jsonItems } from '../../harness/workflows';
import { APIMART, createEntries, expectSuccess, FREEPIK, type Fixture, onlyCreate, startFixture } from './helpers';

/**
 * Every node parameter reaches the create request in the shape each provider documents
 * (providers.md): read back from the sandbox's request log, which also validated it.
 */
describe('Kling Omni request bodies', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		fixture = await startFixture();
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());

	describe('Freepik', () => {
		const base = { ...FREEPIK, waitMode: 'none' };

		it('sends every Omni parameter in the documented shape to the Pro path', async () => {
			const run = await fixture.run({
				...base,
				tier: 'pro',
				prompt: '@Image1 and @Image2 meet @Element1; <<<voice_1>>> greets <<<voice_2>>>',
				startImage: 'https://example.com/start.png',
				endImage: 'https://example.com/end.png',
				referenceImages: { image: [{ image: 'https://example.com/ref1.png' }, { image: 'https://example.com/ref2.png' }] },
				elements: {
					element: [
						{
							frontalImage: 'https://example.com/cat-front.png',
							referenceImages: 'https://example.com/cat-side.png, https://example.com/cat-back.png',
						},
					],
				},
				generateAudio: true,
				voiceIds: 'voice_a, voice_b',
				aspectRatio: '9:16',
				duration: 10,
				options: { webhookUrl: 'https://hooks.example.com/kling' },
			});
			const [item] = expectSuccess(run.run);
			const create = onlyCreate(fixture.sandbox);
			expect(create.method).toBe('POST');
			expect(create.path).toBe('/v1/ai/video/kling-v3-omni-pro');
			expect(create.responseStatus).toBe(200);
			expect(create.body).toEqual({
				prompt: '@Image1 and @Image2 meet @Element1; <<<voice_1>>> greets <<<voice_2>>>',
				start_image_url: 'https://example.com/start.png',
				end_image_url: 'https://example.com/end.png',
				image_urls: ['https://example.com/ref1.png', 'https://example.com/ref2.png'],
				elements: [
					{
						frontal_image_url: 'https://example.com/cat-front.png',
						reference_image_urls: ['https://example.com/cat-side.png', 'https://example.com/cat-back.png'],
					},
				],
				generate_audio: true,
				voice_ids: ['voice_a', 'voice_b'],
				aspect_ratio: '9:16',
				duration: '10',
				webhook_url: 'https://hooks.example.com/kling',
			});
			expect(item.json).toMatchObject({ provider: 'freepik', model: 'kling-v3-omni-pro', status: 'CREATED' });
			const [task] = fixture.sandbox.tasks.all();
			expect(task).toMatchObject({ provider: 'freepik', family: 'omni', tier: 'pro', webhookUrl: 'https://hooks.example.com/kling' });
		});

		it('uses the Standard path by default and sends only what was set (duration as the string "5")', async () => {
			const run = await fixture.run({ ...base, prompt: 'a red fox in the snow' });
			const [item] = expectSuccess(run.run);
			const create = onlyCreate(fixture.sandbox);
			expect(create.path).toBe('/v1/ai/video/kling-v3-omni-std');
			expect(create.body).toEqual({ prompt: 'a red fox in the snow', generate_audio: false, aspect_ratio: '16:9', duration: '5' });
			expect(item.json.model).toBe('kling-v3-omni-std');
		});

		it.each([3, 7, 15])('sends duration %i as a string', async (seconds) => {
			await fixture.run({ ...base, prompt: 'a fox', duration: seconds });
			const body = onlyCreate(fixture.sandbox).body as { duration: unknown };
			expect(body.duration).toBe(String(seconds));
			expect(typeof body.duration).toBe('string');
		});

		it('sends a duration that an expression gives as a string unchanged', async () => {
			await fixture.run({ ...base, prompt: 'a fox', duration: '={{ $json.seconds }}' }, jsonItems({ seconds: '8' }));
			expect((onlyCreate(fixture.sandbox).body as { duration: unknown }).duration).toBe('8');
		});

		it('sends shots as multi_prompt, an array of strings, with shot_type customize and no prompt', async () => {
			const run = await fixture.run({
				...base,
				prompt: '',
				shots: { shot: [{ prompt: 'wide: @Image1 on a cliff' }, { prompt: 'close-up: eyes' }, { prompt: 'aerial: the sea' }] },
				referenceImages: { image: [{ image: 'https://example.com/ref.png' }] },
				duration: 9,
			});
			expectSuccess(run.run);
			expect(onlyCreate(fixture.sandbox).body).toEqual({
				multi_prompt: ['wide: @Image1 on a cliff', 'close-up: eyes', 'aerial: the sea'],
				shot_type: 'customize',
				image_urls: ['https://example.com/ref.png'],
				generate_audio: false,
				aspect_ratio: '16:9',
				duration: '9',
			});
		});

		it('sends aspect ratio auto with a start frame', async () => {
			const run = await fixture.run({ ...base, prompt: 'it moves', startImage: 'https://example.com/s.png', aspectRatio: 'auto' });
			expectSuccess(run.run);
			expect(onlyCreate(fixture.sandbox).body).toMatchObject({ start_image_url: 'https://example.com/s.png', aspect_ratio: 'auto' });
		});

		it('takes each item\'s parameters from expressions, one create per item', async () => {
			const run = await fixture.run(
				{ ...base, prompt: '={{ $json.text }}', aspectRatio: '={{ $json.ratio }}', tier: '={{ $json.tier }}' },
				jsonItems({ text: 'first', ratio: '1:1', tier: 'std' }, { text: 'second', ratio: '9:16', tier: 'pro' }),
			);
			expect(expectSuccess(run.run)).toHaveLength(2);
			const creates = createEntries(fixture.sandbox).sort((a, b) =>
				String((a.body as { prompt: string }).prompt).localeCompare(String((b.body as { prompt: string }).prompt)),
			);
			expect(creates.map((entry) => [entry.path, entry.body])).toEqual([
				['/v1/ai/video/kling-v3-omni-std', expect.objectContaining({ prompt: 'first', aspect_ratio: '1:1' })],
				['/v1/ai/video/kling-v3-omni-pro', expect.objectContaining({ prompt: 'second', aspect_ratio: '9:16' })],
			]);
		});
	});

	describe('limits are inclusive: the largest valid input is sent', () => {
		it('Freepik: a prompt of exactly 2500 characters', async () => {
			const text = 'b'.repeat(2500);
			expectSuccess((await fixture.run({ ...FREEPIK, waitMode: 'none', prompt: text })).run);
			expect((onlyCreate(fixture.sandbox).body as { prompt: string }).prompt).toBe(text);
		});

		it('Freepik: 5 shots in 15 s (3 s each), 2 voices, 2 reference images + 2 elements', async () => {
			const run = await fixture.run({
				...FREEPIK,
				waitMode: 'none',
				prompt: '',
				duration: 15,
				shots: { shot: ['@Image1', '@Image2', '@Element1', '@Element2 <<<voice_1>>>', '<<<voice_2>>>'].map((prompt) => ({ prompt })) },
				voiceIds: 'voice_a\nvoice_b',
				referenceImages: { image: [{ image: 'https://example.com/r1.png' }, { image: 'https://example.com/r2.png' }] },
				elements: {
					element: [
						{ frontalImage: 'https://example.com/a.png', referenceImages: 'https://example.com/a2.png' },
						{ frontalImage: 'https://example.com/b.png', referenceImages: 'https://example.com/b2.png' },
					],
				},
			});
			expectSuccess(run.run);
			const body = onlyCreate(fixture.sandbox).body as Record<string, unknown>;
			expect(body.multi_prompt).toHaveLength(5);
			expect(body.duration).toBe('15');
			expect(body.voice_ids).toEqual(['voice_a', 'voice_b']);
		});

		it.each([3, 15])('APIMart: duration %i', async (seconds) => {
			expectSuccess((await fixture.run({ ...APIMART, waitMode: 'none', prompt: 'a fox', duration: seconds })).run);
			expect((onlyCreate(fixture.sandbox).body as { duration: unknown }).duration).toBe(seconds);
		});

		it('APIMart: 6 shots, 3 elements of 4 images each', async () => {
			const run = await fixture.run({
				...APIMART,
				waitMode: 'none',
				prompt: '',
				duration: 12,
				multiShot: true,
				shotType: 'customize',
				shots: { shot: Array.from({ length: 6 }, (_, index) => ({ prompt: `@e${index % 3} shot ${index + 1}`, duration: 2 })) },
				elementList: {
					element: [0, 1, 2].map((index) => ({
						name: `e${index}`,
						description: `element ${index}`,
						images: [1, 2, 3, 4].map((image) => `https://example.com/e${index}-${image}.png`).join(','),
					})),
				},
			});
			expectSuccess(run.run);
			const body = onlyCreate(fixture.sandbox).body as { multi_prompt: unknown[]; element_list: Array<{ element_input_urls: string[] }> };
			expect(body.multi_prompt).toHaveLength(6);
			expect(body.element_list.map((element) => element.element_input_urls.length)).toEqual([4, 4, 4]);
		});
	});

	describe('APIMart', () => {
		const base = { ...APIMART, waitMode: 'none' };

		it('sends every Omni parameter in the documented shape (mode 4k, duration as a number)', async () => {
			const run = await fixture.run({
				...base,
				mode: '4k',
				prompt: '<<<image_1>>> meets <<<image_2>>>, @element_dog jumps',
				negativePrompt: 'blur, watermark text',
				aspectRatio: '1:1',
				duration: 8,
				imageUrls: { image: [{ image: 'https://example.com/a.png' }, { image: 'https://example.com/b.png' }] },
				elementList: {
					element: [
						{
							name: 'element_dog',
							description: 'a small brown dog',
							images: 'https://example.com/dog1.png, https://example.com/dog2.png, https://example.com/dog3.png',
						},
					],
				},
				watermark: true,
				audio: true,
			});
			const [item] = expectSuccess(run.run);
			const create = onlyCreate(fixture.sandbox);
			expect(create.method).toBe('POST');
			expect(create.path).toBe('/v1/videos/generations');
			expect(create.responseStatus).toBe(200);
			expect(create.body).toEqual({
				model: 'kling-v3-omni',
				prompt: '<<<image_1>>> meets <<<image_2>>>, @element_dog jumps',
				negative_prompt: 'blur, watermark text',
				mode: '4k',
				duration: 8,
				aspect_ratio: '1:1',
				image_urls: ['https://example.com/a.png', 'https://example.com/b.png'],
				element_list: [
					{
						name: 'element_dog',
						description: 'a small brown dog',
						element_input_urls: ['https://example.com/dog1.png', 'https://example.com/dog2.png', 'https://example.com/dog3.png'],
					},
				],
				watermark: true,
				audio: true,
			});
			expect(typeof (create.body as { duration: unknown }).duration).toBe('number');
			expect(item.json).toMatchObject({ provider: 'apimart', model: 'kling-v3-omni', status: 'submitted' });
			expect(fixture.sandbox.tasks.all()[0]).toMatchObject({ provider: 'apimart', family: 'kling-v3-omni', tier: '4k' });
		});

		it('sends the defaults: mode std, duration 5 as a number, 16:9, no watermark, no audio', async () => {
			await fixture.run({ ...base, prompt: 'a fox' });
			expect(onlyCreate(fixture.sandbox).body).toEqual({
				model: 'kling-v3-omni',
				prompt: 'a fox',
				mode: 'std',
				duration: 5,
				aspect_ratio: '16:9',
				watermark: false,
				audio: false,
			});
		});

		it.each(['std', 'pro', '4k'])('sends mode %s', async (mode) => {
			await fixture.run({ ...base, prompt: 'a fox', mode });
			expect((onlyCreate(fixture.sandbox).body as { mode: string }).mode).toBe(mode);
		});

		it('sends images with roles as image_with_roles and no image_urls', async () => {
			const run = await fixture.run({
				...base,
				prompt: 'from <<<image_1>>> to <<<image_2>>> in the style of <<<image_3>>>',
				imagesWithRoles: {
					image: [
						{ image: 'https://example.com/first.png', role: 'first_frame' },
						{ image: 'https://example.com/last.png', role: 'last_frame' },
						{ image: 'https://example.com/style.png', role: 'reference' },
					],
				},
			});
			expectSuccess(run.run);
			const body = onlyCreate(fixture.sandbox).body as Record<string, unknown>;
			expect(body.image_with_roles).toEqual([
				{ url: 'https://example.com/first.png', role: 'first_frame' },
				{ url: 'https://example.com/last.png', role: 'last_frame' },
				{ url: 'https://example.com/style.png', role: 'reference' },
			]);
			expect(body).not.toHaveProperty('image_urls');
		});

		it('sends customize shots as multi_prompt [{index, prompt, duration}] with multi_shot and shot_type', async () => {
			const run = await fixture.run({
				...base,
				prompt: '',
				duration: 9,
				multiShot: true,
				shotType: 'customize',
				shots: {
					shot: [
						{ prompt: 'wide shot of a harbour', duration: 3 },
						{ prompt: 'a gull lands', duration: 4 },
						{ prompt: 'sunset', duration: 2 },
					],
				},
			});
			expectSuccess(run.run);
			expect(onlyCreate(fixture.sandbox).body).toEqual({
				model: 'kling-v3-omni',
				mode: 'std',
				duration: 9,
				aspect_ratio: '16:9',
				multi_shot: true,
				shot_type: 'customize',
				multi_prompt: [
					{ index: 1, prompt: 'wide shot of a harbour', duration: 3 },
					{ index: 2, prompt: 'a gull lands', duration: 4 },
					{ index: 3, prompt: 'sunset', duration: 2 },
				],
				watermark: false,
				audio: false,
			});
		});

		it('sends automatic multi-shot as shot_type intelligence with the prompt and no multi_prompt', async () => {
			const run = await fixture.run({ ...base, prompt: 'a chase through a market', multiShot: true, shotType: 'intelligence' });
			expectSuccess(run.run);
			const body = onlyCreate(fixture.sandbox).body as Record<string, unknown>;
			expect(body).toMatchObject({ prompt: 'a chase through a market', multi_shot: true, shot_type: 'intelligence' });
			expect(body).not.toHaveProperty('multi_prompt');
		});

		it('leaves shots out when multi-shot is off', async () => {
			await fixture.run({ ...base, prompt: 'a fox', multiShot: false, shots: { shot: [{ prompt: 'ignored', duration: 5 }] } });
			const body = onlyCreate(fixture.sandbox).body as Record<string, unknown>;
			expect(body).not.toHaveProperty('multi_prompt');
			expect(body).not.toHaveProperty('multi_shot');
			expect(body).not.toHaveProperty('shot_type');
		});
	});
});
