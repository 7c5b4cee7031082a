import { checkRequestBody } from '../../nodes/shared/schemas';
import { IMAGE, messageFor, reported, text, VIDEO } from './helpers';

const contract = 'freepik.motionControl';
const minimal = { image_url: IMAGE, video_url: VIDEO };

describe('freepik.motionControl contract', () => {
	it('accepts a minimal body: a character image and a reference video', () => {
		expect(checkRequestBody(contract, minimal)).toEqual([]);
	});

	it('accepts a maximal body', () => {
		const body = {
			...minimal,
			webhook_url: 'https://hooks.example.com/kling',
			prompt: 'the character dances',
			character_orientation: 'image',
			cfg_scale: 1,
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it.each(['image_url', 'video_url'])('requires %s', (field) => {
		const body: Record<string, string> = { ...minimal };
		delete body[field];
		expect(messageFor(contract, body, field)).toBe('missing, an http(s) URL is required');
	});

	it.each([
		['video', []],
		['image', []],
		['camera', ['character_orientation']],
		['Video', ['character_orientation']],
	])('character_orientation %j -> %j', (character_orientation, expected) => {
		expect(reported(contract, { ...minimal, character_orientation })).toEqual(expected);
	});

	it.each([
		[0, []],
		[1, []],
		[1.01, ['cfg_scale']],
		[-0.01, ['cfg_scale']],
	])('cfg_scale %d -> %j (0..1)', (cfg_scale, expected) => {
		expect(reported(contract, { ...minimal, cfg_scale })).toEqual(expected);
	});

	it.each([
		[2500, []],
		[2501, ['prompt']],
	])('prompt of %i characters -> %j', (length, expected) => {
		expect(reported(contract, { ...minimal, prompt: text(length) })).toEqual(expected);
	});

	it('refuses fields other modes have (duration, negative_prompt, mode)', () => {
		for (const extra of [{ duration: '5' }, { negative_prompt: 'x' }, { mode: 'pro' }]) {
			expect(checkRequestBody(contract, { ...minimal, ...extra }).length).toBeGreaterThan(0);
		}
	});

	it('refuses a non-http video URL', () => {
		expect(reported(contract, { ...minimal, video_url: 'ftp://example.com/a.mp4' })).toEqual(['video_url']);
	});
});
