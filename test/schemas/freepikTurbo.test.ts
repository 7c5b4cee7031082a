import { checkRequestBody } from '../../nodes/shared/schemas';
import { IMAGE, messageFor, reported, text } from './helpers';

const textContract = 'freepik.turboText';
const imageContract = 'freepik.turboImage';

describe('freepik.turboText contract (Kling 3 Turbo text to video)', () => {
	it('accepts a minimal and a maximal body', () => {
		expect(checkRequestBody(textContract, { prompt: 'a fox' })).toEqual([]);
		expect(
			checkRequestBody(textContract, { prompt: 'a fox', aspect_ratio: '9:16', duration: '15', webhook_url: 'https://hooks.example.com/k' }),
		).toEqual([]);
	});

	it('requires a prompt of at most 3072 characters', () => {
		expect(reported(textContract, {})).toEqual(['prompt']);
		expect(reported(textContract, { prompt: text(3072) })).toEqual([]);
		expect(messageFor(textContract, { prompt: text(3073) }, 'prompt')).toBe('3073 characters, at most 3072 allowed');
	});

	it.each([
		['2', ['duration']],
		['3', []],
		['15', []],
		['16', ['duration']],
		[5, ['duration']],
	])('duration %j -> %j (sent as a string, the decision for the unsettled type)', (duration, expected) => {
		expect(reported(textContract, { prompt: 'a', duration })).toEqual(expected);
	});

	it('refuses aspect ratio auto and image fields', () => {
		expect(reported(textContract, { prompt: 'a', aspect_ratio: 'auto' })).toEqual(['aspect_ratio']);
		expect(reported(textContract, { prompt: 'a', image: IMAGE })).toEqual(['image']);
	});
});

describe('freepik.turboImage contract (Kling 3 Turbo image to video)', () => {
	it('accepts an image alone, and with prompt, duration and webhook', () => {
		expect(checkRequestBody(imageContract, { image: IMAGE })).toEqual([]);
		expect(checkRequestBody(imageContract, { image: IMAGE, prompt: 'it turns', duration: '8', webhook_url: 'https://h.example.com/k' })).toEqual([]);
	});

	it('requires the image', () => {
		expect(messageFor(imageContract, { prompt: 'a' }, 'image')).toBe('missing, an http(s) URL is required');
	});

	it('takes a prompt of at most 2500 characters', () => {
		expect(reported(imageContract, { image: IMAGE, prompt: text(2500) })).toEqual([]);
		expect(reported(imageContract, { image: IMAGE, prompt: text(2501) })).toEqual(['prompt']);
	});

	it('takes no aspect ratio: the video inherits the image\'s', () => {
		expect(reported(imageContract, { image: IMAGE, aspect_ratio: '16:9' })).toEqual(['aspect_ratio']);
	});
});
