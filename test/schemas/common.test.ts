import { checkRequestBody, describeViolations } from '../../nodes/shared/schemas';
import type { BodyContract } from '../../nodes/shared/schemas';
import { formatPath, isHttpUrl } from '../../nodes/shared/schemas/common';
import { referencedNumbers, unknownNameReferences } from '../../nodes/shared/schemas/references';
import { IMAGE, reported } from './helpers';

describe('describeViolations', () => {
	it('writes one `field: message` line per violation', () => {
		const text = describeViolations([
			{ field: 'multi_prompt', message: '7 shots given, at most 6 allowed' },
			{ field: 'duration', message: '"16" is not one of "3".."15"' },
		]);
		expect(text).toBe('multi_prompt: 7 shots given, at most 6 allowed\nduration: "16" is not one of "3".."15"');
	});

	it('is empty for no violations', () => {
		expect(describeViolations([])).toBe('');
	});

	it('describes a real check', () => {
		const violations = checkRequestBody('freepik.omni', { prompt: 'p', duration: '16', image_urls: [IMAGE], image_with_roles: [] });
		expect(describeViolations(violations)).toBe(
			[
				'duration: "16" is not one of "3".."15"',
				'image_with_roles: unknown field "image_with_roles", not in the documented request body (the provider would silently ignore it)',
			].join('\n'),
		);
	});

	it('matches the documented message examples', () => {
		const lines = [
			describeViolations(checkRequestBody('freepik.omni', { multi_prompt: Array(7).fill('a'), duration: '15' })),
			describeViolations(checkRequestBody('freepik.omni', { prompt: 'a'.repeat(2501) })),
			describeViolations(checkRequestBody('apimart.kling3', { model: 'kling-v3', prompt: 'p', duration: '5' })),
			describeViolations(
				checkRequestBody('apimart.omni', {
					model: 'kling-v3-omni',
					prompt: 'p',
					image_urls: [IMAGE],
					image_with_roles: [{ url: IMAGE, role: 'reference' }],
				}),
			),
			describeViolations(checkRequestBody('freepik.omni', { prompt: '@Image3', image_urls: [IMAGE, IMAGE] })),
		];
		expect(lines).toEqual([
			'multi_prompt: 7 shots given, at most 6 allowed',
			'prompt: 2501 characters, at most 2500 allowed',
			'duration: "5" is a string, APIMart needs a plain number 3..15',
			'image_with_roles: cannot be combined with image_urls, give one of them',
			'prompt: refers to @Image3 but only 2 reference images (image_urls) are given',
		]);
	});
});

describe('formatPath', () => {
	it.each([
		[[], 'body'],
		[['prompt'], 'prompt'],
		[['multi_prompt', 2, 'duration'], 'multi_prompt[2].duration'],
		[['image_urls', 0], 'image_urls[0]'],
	])('%j -> %s', (path, expected) => {
		expect(formatPath(path)).toBe(expected);
	});
});

describe('http(s) URLs', () => {
	it.each([
		'https://cdn.example.com/a.png',
		'http://cdn.example.com/a.png',
		'HTTPS://CDN.EXAMPLE.COM/A.PNG',
		'https://cdn.example.com:8443/a.png?sig=abc&x=1#frag',
		'https://127.0.0.1/a.png',
		'https://[::1]:8080/a.png',
		'https://cdn.example.com/%E7%8C%AB.png',
	])('accepts %s', (url) => {
		expect(isHttpUrl(url)).toBe(true);
	});

	it.each([
		'',
		'ftp://cdn.example.com/a.png',
		'file:///etc/passwd',
		'javascript:alert(1)',
		'data:image/png;base64,AAAA',
		'/images/a.png',
		'images/a.png',
		'//cdn.example.com/a.png',
		'https://',
		'https:///a.png',
		'http:/cdn.example.com/a.png',
		'https://cdn.example .com/a.png',
		' https://cdn.example.com/a.png',
		'https://cdn.example.com/a b.png',
		'https://[::1/a.png',
	])('refuses %j', (url) => {
		expect(isHttpUrl(url)).toBe(false);
	});
});

describe('prompt-reference scanner', () => {
	it('finds each number once, in order', () => {
		expect(referencedNumbers('@Image2 then @Image1, again @Image2 and @Image12', /@Image(\d+)/g)).toEqual([2, 1, 12]);
	});

	it('is case-sensitive, as documented', () => {
		expect(referencedNumbers('@image3 @IMAGE3', /@Image(\d+)/g)).toEqual([]);
	});

	it('finds unknown @names, skipping emails and bare @', () => {
		expect(unknownNameReferences('@dog and @cat, mail dog@example.com, meet @ 5pm', ['dog'])).toEqual(['cat']);
	});

	it('matches names with punctuation and prefers the longest name', () => {
		expect(unknownNameReferences('@bird.v2 flies, @dog_2 runs, @dog_3 hides', ['bird.v2', 'dog', 'dog_2'])).toEqual([
			'dog_3',
		]);
	});

	it('handles unicode names', () => {
		expect(unknownNameReferences('@猫 and @犬', ['猫'])).toEqual(['犬']);
	});
});

describe('checkRequestBody robustness', () => {
	it.each([null, undefined, 'a string', 5, true, [], [{ prompt: 'p' }]])('refuses a body of %j without throwing', (body) => {
		const violations = checkRequestBody('freepik.omni', body);
		expect(violations).toHaveLength(1);
		expect(violations[0].field).toBe('body');
		expect(violations[0].message).toContain('expected a JSON object');
	});

	it('reports an unknown contract', () => {
		expect(checkRequestBody('kling.v9' as BodyContract, {})).toEqual([
			{ field: 'contract', message: expect.stringContaining('"kling.v9"') },
		]);
		expect(checkRequestBody('toString' as BodyContract, {})[0].field).toBe('contract');
	});

	it('does not throw on a body whose fields cannot be read', () => {
		const body = new Proxy({}, {
			ownKeys: () => ['prompt'],
			getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
			get: () => {
				throw new Error('boom');
			},
		});
		const violations = checkRequestBody('freepik.omni', body);
		expect(violations).toEqual([{ field: 'body', message: 'could not be read: boom' }]);
	});

	it('still runs cross-field rules when a field has the wrong type', () => {
		expect(reported('freepik.omni', { prompt: 5, multi_prompt: ['a'], duration: 5 }).sort()).toEqual([
			'duration',
			'multi_prompt',
			'prompt',
		]);
	});

	it('reports each unknown key by name', () => {
		expect(reported('apimart.kling3', { model: 'kling-v3', prompt: 'p', promt: 'x', durration: 5 })).toEqual(['promt', 'durration']);
	});

	it('does not recurse into a self-referencing body', () => {
		const body: Record<string, unknown> = { prompt: 'p' };
		body.elements = [body];
		expect(reported('freepik.omni', body).sort()).toEqual([
			'elements[0].elements',
			'elements[0].frontal_image_url',
			'elements[0].prompt',
			'elements[0].reference_image_urls',
		]);
	});
});
