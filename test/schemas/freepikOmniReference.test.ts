import { checkRequestBody } from '../../nodes/shared/schemas';
import { IMAGE, messageFor, reported, text, VIDEO } from './helpers';

const contract = 'freepik.omniReference';

describe('freepik.omniReference contract', () => {
	it('accepts a minimal body', () => {
		expect(checkRequestBody(contract, { video_url: VIDEO })).toEqual([]);
	});

	it('accepts a maximal body', () => {
		const body = {
			webhook_url: 'https://hooks.example.com/kling',
			prompt: 'Follow the motion of @Video1, twice: @Video1',
			image_url: IMAGE,
			video_url: VIDEO,
			duration: '10',
			aspect_ratio: 'auto',
			cfg_scale: 0.5,
			negative_prompt: 'blur, distort, and low quality',
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it('requires video_url', () => {
		expect(messageFor(contract, { prompt: 'p' }, 'video_url')).toBe('missing, an http(s) URL is required');
	});

	it.each([
		[0, []],
		[1, []],
		[2, []],
		[2.01, ['cfg_scale']],
		[-0.01, ['cfg_scale']],
	])('cfg_scale %d -> %j', (cfg_scale, expected) => {
		expect(reported(contract, { video_url: VIDEO, cfg_scale })).toEqual(expected);
	});

	it('names the cfg_scale range', () => {
		expect(messageFor(contract, { video_url: VIDEO, cfg_scale: 2.01 }, 'cfg_scale')).toBe('2.01 is outside 0..2');
	});

	it.each([
		['prompt', 2500, []],
		['prompt', 2501, ['prompt']],
		['negative_prompt', 2500, []],
		['negative_prompt', 2501, ['negative_prompt']],
	])('%s of %i characters -> %j', (field, length, expected) => {
		expect(reported(contract, { video_url: VIDEO, [field]: text(length) })).toEqual(expected);
	});

	it.each([
		['2', ['duration']],
		['3', []],
		['15', []],
		['16', ['duration']],
	])('duration "%s" -> %j', (duration, expected) => {
		expect(reported(contract, { video_url: VIDEO, duration })).toEqual(expected);
	});

	it('allows @Video1 only', () => {
		expect(messageFor(contract, { video_url: VIDEO, prompt: 'like @Video2' }, 'prompt')).toBe(
			'refers to @Video2 but only 1 reference video (video_url) is given',
		);
	});

	it('refuses @ImageN: this mode has no reference images', () => {
		expect(messageFor(contract, { video_url: VIDEO, image_url: IMAGE, prompt: 'start at @Image1' }, 'prompt')).toContain(
			'@Image1',
		);
	});
});
