import { checkRequestBody } from '../../nodes/shared/schemas';
import { freepikElement, image, IMAGE, messageFor, reported, text } from './helpers';

const contract = 'freepik.kling3';

const shots = (durations: string[]) => durations.map((duration, i) => ({ prompt: `shot ${i + 1}`, duration }));

describe('freepik.kling3 contract', () => {
	it('accepts a minimal body', () => {
		expect(checkRequestBody(contract, { prompt: 'A cat' })).toEqual([]);
	});

	it('accepts a maximal single-shot body', () => {
		const body = {
			webhook_url: 'https://hooks.example.com/kling',
			prompt: '@Element1, @Element2, @Element3 and @Element4 sing <<<voice_1>>> <<<voice_2>>>',
			start_image_url: IMAGE,
			end_image_url: image(9),
			elements: [freepikElement(1), freepikElement(2), freepikElement(3), freepikElement(4)],
			voice_ids: ['voice-a', 'voice-b'],
			generate_audio: true,
			multi_shot: false,
			aspect_ratio: '1:1',
			duration: '15',
			negative_prompt: 'blur',
			cfg_scale: 1,
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it('accepts a maximal customize multi-shot body without a prompt', () => {
		const body = {
			multi_prompt: shots(['3', '3', '3', '3', '3']),
			multi_shot: true,
			shot_type: 'customize',
			start_image_url: IMAGE,
			duration: '15',
			cfg_scale: 0,
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it('accepts intelligent multi-shot without multi_prompt', () => {
		expect(checkRequestBody(contract, { prompt: 'p', multi_shot: true, shot_type: 'intelligent' })).toEqual([]);
	});

	it.each([
		[0, []],
		[1, []],
		[1.01, ['cfg_scale']],
		[2, ['cfg_scale']],
		[2.01, ['cfg_scale']],
	])('cfg_scale %d -> %j (Kling 3 allows 0..1)', (cfg_scale, expected) => {
		expect(reported(contract, { prompt: 'p', cfg_scale })).toEqual(expected);
	});

	it.each([
		[['7', '8'], []],
		[['8', '8'], ['multi_prompt']],
		[['3', '3', '3', '3', '3'], []],
		[['3', '3', '3', '3', '3', '3'], ['multi_prompt']],
	])('shot durations %j -> %j', (durations, expected) => {
		expect(reported(contract, { multi_shot: true, multi_prompt: shots(durations) })).toEqual(expected);
	});

	it('names the shot total', () => {
		expect(messageFor(contract, { multi_shot: true, multi_prompt: shots(['8', '8']) }, 'multi_prompt')).toBe(
			'shot durations add up to 16 s (8 + 8), at most 15 s allowed',
		);
	});

	it('7 shots: too many and too long', () => {
		expect(reported(contract, { multi_shot: true, multi_prompt: shots(Array(7).fill('3')) })).toEqual([
			'multi_prompt',
			'multi_prompt',
		]);
	});

	it.each([
		['2', ['multi_prompt[0].duration']],
		['3', []],
		['15', []],
		['16', ['multi_prompt[0].duration']],
	])('a shot of "%s" s -> %j', (duration, expected) => {
		expect(reported(contract, { multi_shot: true, multi_prompt: shots([duration]) })).toEqual(expected);
	});

	it.each([
		[2500, []],
		[2501, ['multi_prompt[0].prompt']],
	])('a shot prompt of %i characters -> %j', (length, expected) => {
		const body = { multi_shot: true, multi_prompt: [{ prompt: text(length), duration: '5' }] };
		expect(reported(contract, body)).toEqual(expected);
	});

	it.each([
		[4, []],
		[5, ['elements']],
	])('%i elements -> %j', (count, expected) => {
		const elements = Array.from({ length: count }, (_, i) => freepikElement(i));
		expect(reported(contract, { prompt: 'p', elements })).toEqual(expected);
	});

	it('ignores duration next to customize shots, as the provider does', () => {
		expect(reported(contract, { multi_shot: true, multi_prompt: shots(['5', '5']), duration: '3' })).toEqual([]);
	});
});
