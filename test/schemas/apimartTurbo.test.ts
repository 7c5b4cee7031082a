import { checkRequestBody } from '../../nodes/shared/schemas';
import { IMAGE, messageFor, reported, text } from './helpers';

const contract = 'apimart.turbo';
const model = 'kling-3.0-turbo';

describe('apimart.turbo contract (kling-3.0-turbo)', () => {
	it('accepts text to video and image to video', () => {
		expect(checkRequestBody(contract, { model, prompt: 'a fox', aspect_ratio: '1:1', resolution: '1080p', duration: 15, watermark: true })).toEqual([]);
		expect(checkRequestBody(contract, { model, first_frame_image: IMAGE, resolution: '720p', duration: 3 })).toEqual([]);
	});

	it('requires a prompt for text to video', () => {
		expect(messageFor(contract, { model, duration: 5 }, 'prompt')).toMatch(/missing, required for text to video/);
	});

	it('takes prompts up to 3072 characters', () => {
		expect(reported(contract, { model, prompt: text(3072) })).toEqual([]);
		expect(reported(contract, { model, prompt: text(3073) })).toEqual(['prompt']);
	});

	it.each([
		[2, ['duration']],
		[3, []],
		[15, []],
		[16, ['duration']],
		['5', ['duration']],
		[5.5, ['duration']],
	])('duration %j -> %j (a plain number)', (duration, expected) => {
		expect(reported(contract, { model, prompt: 'a', duration })).toEqual(expected);
	});

	it('refuses 4K, a resolution it does not have, and an aspect ratio with a first frame', () => {
		expect(reported(contract, { model, prompt: 'a', resolution: '4k' })).toEqual(['resolution']);
		expect(reported(contract, { model, first_frame_image: IMAGE, aspect_ratio: '16:9' })).toEqual(['aspect_ratio']);
	});
});
