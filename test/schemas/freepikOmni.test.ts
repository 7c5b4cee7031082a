import { checkRequestBody } from '../../nodes/shared/schemas';
import { freepikElement, image, IMAGE, images, messageFor, reported, text } from './helpers';

const contract = 'freepik.omni';

describe('freepik.omni contract', () => {
	it('accepts a minimal body', () => {
		expect(checkRequestBody(contract, { prompt: 'A cat on a skateboard' })).toEqual([]);
	});

	it('accepts a maximal single-prompt body', () => {
		const body = {
			webhook_url: 'https://hooks.example.com/kling',
			prompt: '@Image1 and @Image2 meet @Element1 and @Element2, <<<voice_1>>> talks to <<<voice_2>>>',
			image_url: IMAGE,
			end_image_url: image(9),
			image_urls: images(2),
			elements: [freepikElement(1), freepikElement(2)],
			generate_audio: true,
			voice_ids: ['voice-a', 'voice-b'],
			aspect_ratio: 'auto',
			duration: '15',
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it('accepts a maximal multi-shot body', () => {
		const body = {
			webhook_url: 'http://hooks.example.com/kling',
			multi_prompt: ['shot one with @Image1', 'shot two', 'shot three', 'shot four', 'shot five <<<voice_1>>>'],
			shot_type: 'customize',
			start_image_url: IMAGE,
			end_image_url: image(9),
			image_urls: images(4),
			generate_audio: false,
			voice_ids: ['voice-a'],
			aspect_ratio: '9:16',
			duration: '15',
		};
		expect(checkRequestBody(contract, body)).toEqual([]);
	});

	it('accepts unicode prompts', () => {
		expect(checkRequestBody(contract, { prompt: '猫がスケートボードに乗る 🛹 — ça roule' })).toEqual([]);
	});

	describe('prompt length', () => {
		it.each([
			[2500, []],
			[2501, ['prompt']],
		])('%i characters -> %j', (length, expected) => {
			expect(reported(contract, { prompt: text(length) })).toEqual(expected);
		});

		it('names the length and the limit', () => {
			expect(messageFor(contract, { prompt: text(2501) }, 'prompt')).toBe('2501 characters, at most 2500 allowed');
		});

		it.each([
			[2500, []],
			[2501, ['multi_prompt[1]']],
		])('a shot of %i characters -> %j', (length, expected) => {
			expect(reported(contract, { multi_prompt: ['first', text(length)], duration: '6' })).toEqual(expected);
		});

		it('counts JavaScript string length (UTF-16 units)', () => {
			expect(reported(contract, { prompt: '🛹'.repeat(1250) })).toEqual([]);
			expect(reported(contract, { prompt: `${'🛹'.repeat(1250)}a` })).toEqual(['prompt']);
		});
	});

	describe('duration', () => {
		it.each([
			['2', ['duration']],
			['3', []],
			['15', []],
			['16', ['duration']],
		])('"%s" -> %j', (duration, expected) => {
			expect(reported(contract, { prompt: 'p', duration })).toEqual(expected);
		});

		it('refuses a number', () => {
			expect(messageFor(contract, { prompt: 'p', duration: 5 }, 'duration')).toBe('5 is a number, Freepik needs a string "3".."15"');
		});
	});

	describe('multi-shot: 3 s per shot within duration', () => {
		it.each([
			[2, '6', []],
			[2, '5', ['duration']],
			[2, undefined, ['duration']],
			[5, '15', []],
			[5, '14', ['duration']],
			[6, '15', ['multi_prompt']],
			[7, '15', ['multi_prompt']],
		])('%i shots in %s s -> %j', (shots, duration, expected) => {
			const body = { multi_prompt: Array.from({ length: shots }, (_, i) => `shot ${i + 1}`), duration };
			expect(reported(contract, body)).toEqual(expected);
		});

		it('explains the default duration', () => {
			expect(messageFor(contract, { multi_prompt: ['a', 'b'] }, 'duration')).toBe(
				'missing (defaults to "5") is too short for 2 shots: each shot needs at least 3 s, so at least "6"',
			);
		});

		it('names the shot count', () => {
			expect(messageFor(contract, { multi_prompt: images(7).map(String), duration: '15' }, 'multi_prompt')).toBe(
				'7 shots given, at most 6 allowed',
			);
		});
	});

	describe('reference images and elements: at most 4 together', () => {
		it.each([
			[4, 0, []],
			[0, 4, []],
			[2, 2, []],
			[5, 0, ['image_urls']],
			[0, 5, ['elements']],
			[3, 2, ['image_urls']],
		])('%i images + %i elements -> %j', (imageCount, elementCount, expected) => {
			const body = {
				prompt: 'p',
				image_urls: imageCount ? images(imageCount) : undefined,
				elements: elementCount ? Array.from({ length: elementCount }, (_, i) => freepikElement(i)) : undefined,
			};
			expect(reported(contract, body)).toEqual(expected);
		});

		it('@Image4 with 4 images is fine, @Image5 is not', () => {
			expect(reported(contract, { prompt: '@Image4', image_urls: images(4) })).toEqual([]);
			expect(messageFor(contract, { prompt: '@Image5', image_urls: images(4) }, 'prompt')).toBe(
				'refers to @Image5 but only 4 reference images (image_urls) are given',
			);
		});
	});

	describe('voices', () => {
		it.each([
			[2, []],
			[3, ['voice_ids']],
		])('%i voice ids -> %j', (count, expected) => {
			const voice_ids = Array.from({ length: count }, (_, i) => `voice-${i}`);
			expect(reported(contract, { prompt: 'p', voice_ids })).toEqual(expected);
		});

		it('<<<voice_2>>> needs two voices', () => {
			expect(reported(contract, { prompt: '<<<voice_2>>>', voice_ids: ['a', 'b'] })).toEqual([]);
			expect(messageFor(contract, { prompt: '<<<voice_2>>>', voice_ids: ['a'] }, 'prompt')).toBe(
				'refers to <<<voice_2>>> but only 1 voice (voice_ids) is given',
			);
		});
	});

	it('scans every shot for references', () => {
		const body = { multi_prompt: ['@Image1', 'then @Element1'], image_urls: images(1), duration: '6' };
		expect(reported(contract, body)).toEqual(['multi_prompt[1]']);
	});

	it('reports several violations of one body at once', () => {
		const body = { prompt: text(2501), duration: '16', aspect_ratio: '4:3', voice_ids: ['a', 'b', 'c'], typo: true };
		expect(reported(contract, body).sort()).toEqual(['aspect_ratio', 'duration', 'prompt', 'typo', 'voice_ids']);
	});
});
