import { startSandbox, type Sandbox } from './index';
import { apimartAuth, call } from './testSupport';

const CREATE = '/v1/videos/generations';
const IMAGE = 'https://example.com/a.png';
const VIDEO = 'https://example.com/a.mp4';

describe('APIMart request validation', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ timeScale: 0.01 });
	});
	afterAll(async () => sandbox.close());

	const create = (json: unknown) => call(sandbox, 'POST', CREATE, { headers: apimartAuth(), json });

	async function expectInvalid(body: unknown, message: RegExp): Promise<void> {
		const response = await create(body);
		expect(response.status).toBe(400);
		expect(response.json()).toEqual({
			error: { code: 400, message: expect.stringMatching(message), type: 'invalid_request_error' },
		});
	}

	const omni = (extra: Record<string, unknown>) => ({ model: 'kling-v3-omni', prompt: 'a cat', ...extra });
	const v3 = (extra: Record<string, unknown>) => ({ model: 'kling-v3', prompt: 'a cat', ...extra });
	const shots = (...durations: number[]) =>
		durations.map((duration, position) => ({ index: position + 1, prompt: `shot ${position + 1}`, duration }));

	it.each([
		omni({ mode: 'pro', duration: 10, aspect_ratio: '9:16', audio: true, watermark: false }),
		omni({ mode: '4k', image_urls: [IMAGE, IMAGE] }),
		omni({ image_with_roles: [{ url: IMAGE, role: 'first_frame' }, { url: IMAGE, role: 'last_frame' }] }),
		omni({ video_list: [{ url: VIDEO, refer_type: 'feature', keep_original_sound: 'yes' }], image_with_roles: [{ url: IMAGE, role: 'first_frame' }] }),
		omni({ multi_shot: true, shot_type: 'customize', duration: 9, multi_prompt: shots(3, 3, 3) }),
		omni({ multi_shot: true, shot_type: 'intelligence' }),
		omni({ element_list: [{ name: 'element_dog', description: 'a dog', element_input_urls: [IMAGE, IMAGE] }] }),
		v3({ image_urls: [IMAGE, IMAGE], mode: 'std', duration: 15, negative_prompt: 'blur' }),
		v3({ multi_shot: true, shot_type: 'customize', multi_prompt: shots(2, 3) }),
	])('accepts a documented body (%#)', async (body) => {
		const response = await create(body);
		expect(response.status).toBe(200);
		expect(response.json()).toEqual({ code: 200, data: [{ status: 'submitted', task_id: expect.stringMatching(/^task_/) }] });
	});

	it('rejects duration as a string', () => expectInvalid(omni({ duration: '5' }), /^duration: .*number/));
	it('rejects duration outside 3..15', () => expectInvalid(v3({ duration: 16 }), /^duration: /));
	it('rejects a fractional duration', () => expectInvalid(omni({ duration: 5.5 }), /^duration: /));
	it('rejects a negative prompt of 2501 characters', () =>
		expectInvalid(omni({ negative_prompt: 'n'.repeat(2501) }), /^negative_prompt: .*2500/));
	it('rejects a prompt of 2501 characters', () => expectInvalid(omni({ prompt: 'p'.repeat(2501) }), /^prompt: /));
	it('rejects 7 shots', () =>
		expectInvalid(omni({ multi_shot: true, shot_type: 'customize', duration: 14, multi_prompt: shots(2, 2, 2, 2, 2, 2, 2) }), /^multi_prompt: .*6/));
	it('rejects shots that do not add up to duration', () =>
		expectInvalid(omni({ multi_shot: true, shot_type: 'customize', duration: 10, multi_prompt: shots(3, 3) }), /^multi_prompt: .*sum/));
	it('rejects shot indexes that do not start at 1', () =>
		expectInvalid(omni({ duration: 5, multi_prompt: [{ index: 2, prompt: 'x', duration: 5 }] }), /^multi_prompt: .*index/));
	it('requires shot_type with multi_shot', () => expectInvalid(omni({ multi_shot: true }), /^shot_type: /));
	it('requires multi_prompt with customize', () =>
		expectInvalid(omni({ multi_shot: true, shot_type: 'customize' }), /^multi_prompt: /));
	it('rejects Freepik spelling of shot_type', () => expectInvalid(v3({ shot_type: 'intelligent' }), /^shot_type: /));
	it('rejects image_urls with image_with_roles', () =>
		expectInvalid(omni({ image_urls: [IMAGE], image_with_roles: [{ url: IMAGE, role: 'reference' }] }), /^image_with_roles: /));
	it('rejects a last frame without a first frame', () =>
		expectInvalid(omni({ image_with_roles: [{ url: IMAGE, role: 'last_frame' }] }), /first_frame/));
	it('rejects frames with a base video', () =>
		expectInvalid(omni({ video_list: [{ url: VIDEO }], image_with_roles: [{ url: IMAGE, role: 'first_frame' }] }), /^video_list: /));
	it('rejects two videos', () => expectInvalid(omni({ video_list: [{ url: VIDEO }, { url: VIDEO }] }), /^video_list: /));
	it('rejects 4 elements', () => {
		const element = { name: 'e', description: 'd', element_input_urls: [IMAGE, IMAGE] };
		return expectInvalid(omni({ element_list: [element, element, element, element] }), /^element_list: /);
	});
	it('rejects an element with one image', () =>
		expectInvalid(omni({ element_list: [{ name: 'e', description: 'd', element_input_urls: [IMAGE] }] }), /^element_list\.0\.element_input_urls: /));
	it('rejects 3 images on kling-v3', () => expectInvalid(v3({ image_urls: [IMAGE, IMAGE, IMAGE] }), /^image_urls: /));
	it('rejects a kling-v3 shot prompt over 512 characters', () =>
		expectInvalid(v3({ duration: 5, multi_prompt: [{ index: 1, prompt: 'x'.repeat(513), duration: 5 }] }), /^multi_prompt\.0\.prompt: /));
	it('rejects an unknown mode', () => expectInvalid(omni({ mode: '8k' }), /^mode: /));
	it('rejects an unknown parameter', () => expectInvalid(v3({ generate_audio: true }), /^generate_audio: unknown/));
	it('rejects an unknown model', () => expectInvalid({ model: 'kling-v2', prompt: 'x' }, /^model: /));
	it('rejects malformed JSON', async () => {
		const response = await call(sandbox, 'POST', CREATE, {
			headers: { ...apimartAuth(), 'content-type': 'application/json' },
			body: '{"model":',
		});
		expect(response.status).toBe(400);
		expect(response.json().error.type).toBe('invalid_request_error');
	});
});
