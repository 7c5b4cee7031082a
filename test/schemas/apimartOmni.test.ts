import { checkRequestBody } from '../../nodes/shared/schemas';
import { apimartElement, apimartShots, image, IMAGE, images, messageFor, reported, text, VIDEO } from './helpers';

const contract = 'apimart.omni';
const model = 'kling-v3-omni';

describe('apimart.omni contract', () => {
	it('accepts a minimal body', () => {
		expect(checkRequestBody(contract, { model, prompt: 'A cat' })).toEqual([]);
	});

	it('accepts a maximal body with image roles, a feature video and elements', () => {
		const body = {
			model,
			prompt: '<<<image_3>>> style; @element_dog chases @element_cat past @bird.v2 (mail me: me@example.com)',
			negative_prompt: 'blur',
			mode: '4k',
			duration: 10,
			aspect_ratio: '9:16',
			image_with_roles: [
				{ url: image(1), role: 'first_frame' },
				{ url: image(2), role: 'last_frame' },
				{ url: image(3), role: 'reference' },
			],
			video_list: [{ url: VIDEO, refer_type: 'feature', keep_original_sound: 'yes' }],
			multi_shot: true,
			shot_type: 'customize',
			multi_prompt: apimartShots([4, 6]),
			element_list: [apimartElement('element_dog'), apimartElement('element_cat'), apimartElement('bird.v2')],
			watermark: false,
			audio: false,
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it('accepts a body editing a video with reference images', () => {
		const body = {
			model,
			prompt: 'Recolour the car like <<<image_1>>>',
			image_urls: [IMAGE],
			video_list: [{ url: VIDEO, keep_original_sound: 'no' }],
			mode: 'pro',
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it.each([
		[2, ['duration']],
		[3, []],
		[15, []],
		[16, ['duration']],
	])('duration %i -> %j', (duration, expected) => {
		expect(reported(contract, { model, prompt: 'p', duration })).toEqual(expected);
	});

	it('refuses a duration string by name', () => {
		expect(messageFor(contract, { model, prompt: 'p', duration: '5' }, 'duration')).toBe(
			'"5" is a string, APIMart needs a plain number 3..15',
		);
	});

	it.each([
		[[3, 3, 3, 2, 2, 2], []],
		[[3, 3, 3, 2, 2, 1, 1], ['multi_prompt']],
	])('shots %j in 15 s -> %j', (durations, expected) => {
		const body = { model, multi_shot: true, shot_type: 'customize', multi_prompt: apimartShots(durations), duration: 15 };
		expect(reported(contract, body)).toEqual(expected);
	});

	it.each([
		[15, []],
		[14, ['duration']],
	])('shots summing to 15 with duration %i -> %j', (duration, expected) => {
		const body = { model, multi_shot: true, shot_type: 'customize', multi_prompt: apimartShots([7, 8]), duration };
		expect(reported(contract, body)).toEqual(expected);
	});

	it('compares the shot sum with the default duration of 5', () => {
		const body = { model, multi_shot: true, shot_type: 'customize', multi_prompt: apimartShots([3, 3]) };
		expect(messageFor(contract, body, 'duration')).toBe(
			'missing (defaults to 5), but the multi_prompt shot durations add up to 6 (3 + 3): they must be equal',
		);
	});

	it.each([
		[3, []],
		[4, ['element_list']],
	])('%i elements -> %j', (count, expected) => {
		const element_list = Array.from({ length: count }, (_, i) => apimartElement(`e${i}`));
		expect(reported(contract, { model, prompt: 'p', element_list })).toEqual(expected);
	});

	it.each([
		[1, ['element_list[0].element_input_urls']],
		[2, []],
		[4, []],
		[5, ['element_list[0].element_input_urls']],
	])('%i element images -> %j', (count, expected) => {
		const element_list = [{ ...apimartElement('dog'), element_input_urls: images(count) }];
		expect(reported(contract, { model, prompt: 'p', element_list })).toEqual(expected);
	});

	it.each([
		[2500, []],
		[2501, ['prompt']],
	])('prompt of %i characters -> %j', (length, expected) => {
		expect(reported(contract, { model, prompt: text(length) })).toEqual(expected);
	});

	it('counts <<<image_N>>> against image_with_roles when those are used', () => {
		const body = { model, prompt: '<<<image_2>>>', image_with_roles: [{ url: IMAGE, role: 'reference' }] };
		expect(messageFor(contract, body, 'prompt')).toBe('refers to <<<image_2>>> but only 1 image (image_with_roles) is given');
	});

	it('leaves @words alone without element_list', () => {
		expect(checkRequestBody(contract, { model, prompt: 'ping @someone at team@example.com' })).toEqual([]);
	});

	it('allows audio false with video_list', () => {
		expect(checkRequestBody(contract, { model, prompt: 'p', video_list: [{ url: VIDEO }], audio: false })).toEqual([]);
	});
});
