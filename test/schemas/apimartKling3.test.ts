import { checkRequestBody } from '../../nodes/shared/schemas';
import { apimartShots, images, messageFor, reported, text } from './helpers';

const contract = 'apimart.kling3';
const model = 'kling-v3';

describe('apimart.kling3 contract', () => {
	it('accepts a minimal body', () => {
		expect(checkRequestBody(contract, { model, prompt: 'A cat' })).toEqual([]);
	});

	it('accepts a maximal body', () => {
		const body = {
			model,
			prompt: 'A cat walks in',
			negative_prompt: 'blur',
			mode: 'std',
			duration: 15,
			aspect_ratio: '16:9',
			image_urls: images(2),
			watermark: true,
			audio: true,
			multi_shot: true,
			shot_type: 'customize',
			multi_prompt: apimartShots([5, 5, 5]),
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it('accepts intelligence multi-shot with a prompt', () => {
		expect(checkRequestBody(contract, { model, prompt: 'p', multi_shot: true, shot_type: 'intelligence' })).toEqual([]);
	});

	it.each([
		[1, []],
		[2, []],
		[3, ['image_urls']],
	])('%i images -> %j', (count, expected) => {
		expect(reported(contract, { model, prompt: 'p', image_urls: images(count) })).toEqual(expected);
	});

	it.each([
		[512, []],
		[513, ['multi_prompt[0].prompt']],
	])('a shot prompt of %i characters -> %j', (length, expected) => {
		const body = { model, multi_shot: true, shot_type: 'customize', multi_prompt: apimartShots([5], length) };
		expect(reported(contract, body)).toEqual(expected);
	});

	it('names the 512 limit', () => {
		const body = { model, multi_shot: true, shot_type: 'customize', multi_prompt: apimartShots([5], 513) };
		expect(messageFor(contract, body, 'multi_prompt[0].prompt')).toBe('513 characters, at most 512 allowed');
	});

	it.each([
		[2, ['duration']],
		[3, []],
		[15, []],
		[16, ['duration']],
	])('duration %i -> %j', (duration, expected) => {
		expect(reported(contract, { model, prompt: 'p', duration })).toEqual(expected);
	});

	it.each([
		[[1, 1, 1, 1, 1, 10], []],
		[[1, 1, 1, 1, 1, 1, 9], ['multi_prompt']],
	])('shots %j in 15 s -> %j', (durations, expected) => {
		const body = { model, multi_shot: true, shot_type: 'customize', multi_prompt: apimartShots(durations), duration: 15 };
		expect(reported(contract, body)).toEqual(expected);
	});

	it('prompt of 2500 characters passes, 2501 does not', () => {
		expect(reported(contract, { model, prompt: text(2500) })).toEqual([]);
		expect(reported(contract, { model, prompt: text(2501) })).toEqual(['prompt']);
	});
});
