import { startSandbox, type Sandbox } from './index';
import { call, freepikAuth } from './testSupport';

const OMNI = '/v1/ai/video/kling-v3-omni-std';
const REFERENCE = '/v1/ai/reference-to-video/kling-v3-omni-pro';
const LEGACY_REFERENCE = '/v1/ai/video/kling-v3-omni-pro/video-reference';
const V3 = '/v1/ai/video/kling-v3-pro';
const IMAGE = 'https://example.com/a.png';
const VIDEO = 'https://example.com/a.mp4';

describe('Freepik request validation', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ timeScale: 0.01, rateLimitPerMinute: 10_000 });
	});
	afterAll(async () => sandbox.close());

	const post = (path: string, json: unknown) => call(sandbox, 'POST', path, { headers: freepikAuth(), json });

	async function expectInvalid(path: string, body: unknown, field: string, reason?: RegExp): Promise<void> {
		const response = await post(path, body);
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('application/problem+json');
		const problem = response.json();
		expect(problem.message).toBe("Your request parameters didn't validate.");
		const param = problem.invalid_params.find((candidate: { name: string }) => candidate.name === field);
		expect(param).toBeDefined();
		if (reason) expect(param.reason).toMatch(reason);
	}

	it.each([
		[OMNI, { prompt: 'a cat', duration: '5', aspect_ratio: '16:9', generate_audio: true }],
		[OMNI, { multi_prompt: ['one', 'two'], shot_type: 'customize', duration: '6' }],
		[OMNI, { prompt: '@Image1 runs', image_urls: [IMAGE], aspect_ratio: 'auto', voice_ids: ['v1', 'v2'] }],
		[OMNI, { prompt: 'x', start_image_url: IMAGE, end_image_url: IMAGE, elements: [{ reference_image_urls: [IMAGE] }] }],
		[REFERENCE, { video_url: VIDEO, prompt: '@Video1 but red', cfg_scale: 2, negative_prompt: 'blur' }],
		[LEGACY_REFERENCE, { video_url: VIDEO, aspect_ratio: 'auto', duration: '10' }],
		[V3, { prompt: 'x', multi_shot: true, shot_type: 'intelligent', cfg_scale: 1.5 }],
		[V3, { multi_prompt: [{ prompt: 'a', duration: '5' }, { prompt: 'b', duration: '10' }], shot_type: 'customize' }],
	])('accepts a documented body on %s', async (path, body) => {
		const response = await post(path, body);
		expect(response.status).toBe(200);
		expect(response.json().data).toMatchObject({ status: 'CREATED', generated: [] });
	});

	it('rejects duration as a number', () => expectInvalid(OMNI, { prompt: 'x', duration: 5 }, 'duration', /string/));
	it('rejects a duration outside 3..15', () => expectInvalid(V3, { prompt: 'x', duration: '16' }, 'duration'));
	it('rejects a prompt of 2501 characters', () =>
		expectInvalid(OMNI, { prompt: 'a'.repeat(2501) }, 'prompt', /2500/));
	it('accepts a prompt of exactly 2500 characters', async () => {
		expect((await post(OMNI, { prompt: 'a'.repeat(2500) })).status).toBe(200);
	});
	it('rejects 7 Omni shots', () =>
		expectInvalid(OMNI, { multi_prompt: ['1', '2', '3', '4', '5', '6', '7'], duration: '15' }, 'multi_prompt', /6/));
	it('rejects 7 V3 shots', () =>
		expectInvalid(V3, { multi_prompt: Array.from({ length: 7 }, () => ({ prompt: 'p', duration: '3' })) }, 'multi_prompt'));
	it('rejects V3 shots longer than 15 s in total', () =>
		expectInvalid(V3, { multi_prompt: [{ prompt: 'a', duration: '10' }, { prompt: 'b', duration: '6' }] }, 'multi_prompt', /15/));
	it('rejects Omni shots shorter than 3 s each', () =>
		expectInvalid(OMNI, { multi_prompt: ['a', 'b'], duration: '5' }, 'duration'));
	it('rejects prompt together with multi_prompt on Omni', () =>
		expectInvalid(OMNI, { prompt: 'x', multi_prompt: ['a'], duration: '5' }, 'multi_prompt'));
	it('requires a prompt', () => expectInvalid(OMNI, { duration: '5' }, 'prompt'));
	it('allows only customize as Omni shot_type', () =>
		expectInvalid(OMNI, { multi_prompt: ['a'], shot_type: 'intelligent' }, 'shot_type'));
	it('rejects an unknown V3 shot_type', () => expectInvalid(V3, { prompt: 'x', shot_type: 'intelligence' }, 'shot_type'));
	it('rejects auto aspect ratio on V3', () => expectInvalid(V3, { prompt: 'x', aspect_ratio: 'auto' }, 'aspect_ratio'));
	it('rejects auto aspect ratio on Omni without an image', () =>
		expectInvalid(OMNI, { prompt: 'x', aspect_ratio: 'auto' }, 'aspect_ratio'));
	it('rejects more than 4 elements and reference images together', () =>
		expectInvalid(
			OMNI,
			{ prompt: 'x', image_urls: [IMAGE, IMAGE, IMAGE], elements: [{ reference_image_urls: [IMAGE] }, { reference_image_urls: [IMAGE] }] },
			'image_urls',
		));
	it('rejects 3 voices', () => expectInvalid(OMNI, { prompt: 'x', voice_ids: ['a', 'b', 'c'] }, 'voice_ids'));
	it('requires video_url on the reference family', () => expectInvalid(REFERENCE, { prompt: 'x' }, 'video_url'));
	it('requires video_url on the legacy reference path', () => expectInvalid(LEGACY_REFERENCE, { prompt: 'x' }, 'video_url'));
	it('rejects cfg_scale above 2', () => expectInvalid(REFERENCE, { video_url: VIDEO, cfg_scale: 2.5 }, 'cfg_scale'));
	it('rejects a negative_prompt of 2501 characters', () =>
		expectInvalid(V3, { prompt: 'x', negative_prompt: 'n'.repeat(2501) }, 'negative_prompt'));
	it('rejects a webhook_url that is not http(s)', () =>
		expectInvalid(OMNI, { prompt: 'x', webhook_url: 'ftp://example.com/x' }, 'webhook_url', /http/));
	it('rejects image URLs that are not http(s)', () =>
		expectInvalid(V3, { prompt: 'x', start_image_url: 'data:image/png;base64,AAAA' }, 'start_image_url'));
	it('rejects an end frame without a start frame', () =>
		expectInvalid(V3, { prompt: 'x', end_image_url: IMAGE }, 'end_image_url'));
	it('rejects parameters of another family', () =>
		expectInvalid(OMNI, { prompt: 'x', negative_prompt: 'blur', cfg_scale: 0.5 }, 'negative_prompt', /not allowed/));

	it('reports every invalid parameter at once', async () => {
		const response = await post(REFERENCE, { video_url: 'nope', duration: 7, aspect_ratio: '4:3' });
		const names = response.json().invalid_params.map((param: { name: string }) => param.name).sort();
		expect(names).toEqual(['aspect_ratio', 'duration', 'video_url']);
	});

	it('answers malformed JSON with a plain message', async () => {
		const response = await call(sandbox, 'POST', OMNI, {
			headers: { ...freepikAuth(), 'content-type': 'application/json' },
			body: '{"prompt": ',
		});
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(response.json().message).toMatch(/Malformed JSON/);
	});

	it('logs the parsed body and validation status', async () => {
		sandbox.log.clear();
		await post(V3, { prompt: 'logged', duration: 5 });
		expect(sandbox.log.byEndpoint('freepik.v3.create')).toEqual([
			expect.objectContaining({ body: { prompt: 'logged', duration: 5 }, responseStatus: 400, apiKey: 'fp-test-key' }),
		]);
	});
});
