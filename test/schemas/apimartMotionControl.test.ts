import { checkRequestBody } from '../../nodes/shared/schemas';
import { IMAGE, reported, text, VIDEO } from './helpers';

const contract = 'apimart.motionControl';
const minimal = { model: 'kling-v3-motion-control', image_url: IMAGE, video_url: VIDEO, character_orientation: 'video', mode: 'std' };

describe('apimart.motionControl contract', () => {
	it('accepts the four fields the node always sends, and the optional ones', () => {
		expect(checkRequestBody(contract, minimal)).toEqual([]);
		expect(
			checkRequestBody(contract, { ...minimal, mode: 'pro', prompt: 'dance', keep_original_sound: 'no', watermark_info: { enabled: true } }),
		).toEqual([]);
	});

	it.each(['image_url', 'video_url', 'character_orientation', 'mode'])('requires %s (the decision on APIMart\'s unsettled required fields)', (field) => {
		const body: Record<string, unknown> = { ...minimal };
		delete body[field];
		expect(reported(contract, body)).toEqual([field]);
	});

	it.each([
		[{ mode: '4k' }, ['mode']],
		[{ character_orientation: 'side' }, ['character_orientation']],
		[{ keep_original_sound: true }, ['keep_original_sound']],
		[{ watermark_info: { enabled: 'yes' } }, ['watermark_info.enabled']],
		[{ watermark_info: { enabled: false, size: 2 } }, ['watermark_info.size']],
		[{ model: 'kling-v3' }, ['model']],
		[{ cfg_scale: 0.5 }, ['']],
		[{ prompt: text(2501) }, ['prompt']],
	])('%j -> %j', (patch, expected) => {
		const found = reported(contract, { ...minimal, ...patch });
		if (expected[0] === '') expect(found.length).toBeGreaterThan(0);
		else expect(found).toEqual(expected);
	});
});
