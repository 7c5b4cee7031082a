import type { BodyContract } from '../../nodes/shared/schemas';
import { checkRequestBody } from '../../nodes/shared/schemas';
import { apimartElement, apimartShots, freepikElement, IMAGE, image, images, text, VIDEO } from './helpers';

/** [contract, what is wrong, body, every [field, message fragment] expected]: the fragment is the value given or the limit. */
type InvalidCase = [BodyContract, string, Record<string, unknown>, Array<[string, string]>];

const omni = 'freepik.omni';
const reference = 'freepik.omniReference';
const v3 = 'freepik.kling3';
const apiOmni = 'apimart.omni';
const apiV3 = 'apimart.kling3';

const freepikShots = (durations: string[]) => durations.map((duration, i) => ({ prompt: `shot ${i + 1}`, duration }));
const omniModel = { model: 'kling-v3-omni' };
const v3Model = { model: 'kling-v3' };
const customShots = { multi_shot: true, shot_type: 'customize' };

const cases: InvalidCase[] = [
	// freepik.omni
	[omni, 'no prompt at all', {}, [['prompt', 'prompt or multi_prompt']]],
	[omni, 'prompt and multi_prompt', { prompt: 'p', multi_prompt: ['a'] }, [['multi_prompt', 'prompt']]],
	[omni, 'shot_type without multi_prompt', { prompt: 'p', shot_type: 'customize' }, [['shot_type', '"customize"']]],
	[omni, 'shot_type intelligent', { multi_prompt: ['a'], shot_type: 'intelligent' }, [['shot_type', '"intelligent"']]],
	[omni, 'two first frames', { prompt: 'p', image_url: IMAGE, start_image_url: image(2) }, [['start_image_url', 'image_url']]],
	[omni, 'last frame alone', { prompt: 'p', end_image_url: IMAGE }, [['end_image_url', 'start_image_url']]],
	[omni, 'auto without an image', { prompt: 'p', aspect_ratio: 'auto' }, [['aspect_ratio', '"auto"']]],
	[omni, 'unknown aspect ratio', { prompt: 'p', aspect_ratio: '4:3' }, [['aspect_ratio', '"4:3"']]],
	[omni, 'numeric duration', { prompt: 'p', duration: 5 }, [['duration', '5 is a number']]],
	[omni, 'duration 16', { prompt: 'p', duration: '16' }, [['duration', '"16"']]],
	[omni, 'no shots', { multi_prompt: [] }, [['multi_prompt', 'at least 1']]],
	[omni, 'blank shot', { multi_prompt: ['a', '  '], duration: '6' }, [['multi_prompt[1]', '"  "']]],
	[omni, 'multi_prompt as a string', { multi_prompt: 'one shot' }, [['multi_prompt', '"one shot" is a string']]],
	[omni, 'ftp image', { prompt: 'p', image_urls: ['ftp://host/x.png'] }, [['image_urls[0]', '"ftp://host/x.png"']]],
	[omni, 'relative image path', { prompt: 'p', image_urls: ['/x.png'] }, [['image_urls[0]', '"/x.png"']]],
	[omni, 'element without frontal image', { prompt: 'p', elements: [{ reference_image_urls: [IMAGE] }] }, [['elements[0].frontal_image_url', 'missing']]],
	[omni, 'element with a typo', { prompt: 'p', elements: [{ ...freepikElement(1), label: 'x' }] }, [['elements[0].label', '"label"']]],
	[omni, 'three voices', { prompt: 'p', voice_ids: ['a', 'b', 'c'] }, [['voice_ids', 'at most 2']]],
	[omni, 'empty voice id', { prompt: 'p', voice_ids: [''] }, [['voice_ids[0]', '""']]],
	[omni, 'audio as text', { prompt: 'p', generate_audio: 'yes' }, [['generate_audio', '"yes"']]],
	[omni, 'javascript webhook', { prompt: 'p', webhook_url: 'javascript:alert(1)' }, [['webhook_url', '"javascript:alert(1)"']]],
	[omni, 'field of another mode', { prompt: 'p', negative_prompt: 'blur' }, [['negative_prompt', '"negative_prompt"']]],
	[omni, '@Element2 with one element', { prompt: '@Element2', elements: [freepikElement(1)] }, [['prompt', 'only 1 element']]],
	[omni, '<<<voice_3>>> with two voices', { prompt: '<<<voice_3>>>', voice_ids: ['a', 'b'] }, [['prompt', '<<<voice_3>>>']]],
	[omni, '@Image0', { prompt: '@Image0', image_urls: [IMAGE] }, [['prompt', '@Image0']]],
	[omni, 'null prompt', { prompt: null }, [['prompt', 'null']]],
	[omni, 'three shots in 8 s', { multi_prompt: ['a', 'b', 'c'], duration: '8' }, [['duration', '"8"']]],
	[omni, 'five references', { prompt: 'p', image_urls: images(3), elements: [freepikElement(1), freepikElement(2)] }, [['image_urls', 'at most 4']]],

	// freepik.omniReference
	[reference, 'no video', {}, [['video_url', 'missing']]],
	[reference, 'file video', { video_url: 'file:///tmp/x.mp4' }, [['video_url', '"file:///tmp/x.mp4"']]],
	[reference, 'cfg as text', { video_url: VIDEO, cfg_scale: '0.5' }, [['cfg_scale', '"0.5" is a string']]],
	[reference, 'cfg 2.5', { video_url: VIDEO, cfg_scale: 2.5 }, [['cfg_scale', '0..2']]],
	[reference, 'long negative prompt', { video_url: VIDEO, negative_prompt: text(2501) }, [['negative_prompt', '2501 characters']]],
	[reference, 'aspect 21:9', { video_url: VIDEO, aspect_ratio: '21:9' }, [['aspect_ratio', '"21:9"']]],
	[reference, 'multi_prompt here', { video_url: VIDEO, multi_prompt: ['a'] }, [['multi_prompt', '"multi_prompt"']]],
	[reference, '@Video2', { video_url: VIDEO, prompt: 'like @Video2' }, [['prompt', '@Video2']]],
	[reference, '@Image1', { video_url: VIDEO, prompt: 'like @Image1' }, [['prompt', '@Image1']]],
	[reference, 'duration 2', { video_url: VIDEO, duration: '2' }, [['duration', '"2"']]],
	[reference, 'image not a url', { video_url: VIDEO, image_url: 'not a url' }, [['image_url', '"not a url"']]],

	// freepik.kling3
	[v3, 'no prompt', {}, [['prompt', 'missing']]],
	[v3, 'multi_prompt without multi_shot', { prompt: 'p', multi_prompt: freepikShots(['5']) }, [['multi_shot', 'missing']]],
	[v3, 'multi_prompt with multi_shot false', { prompt: 'p', multi_shot: false, multi_prompt: freepikShots(['5']) }, [['multi_shot', 'false given']]],
	[v3, 'customize by default, no shots', { prompt: 'p', multi_shot: true }, [['multi_prompt', '"customize"']]],
	[v3, "APIMart's shot type spelling", { prompt: 'p', multi_shot: true, shot_type: 'intelligence' }, [['shot_type', '"intelligence"']]],
	[v3, 'auto aspect ratio', { prompt: 'p', aspect_ratio: 'auto' }, [['aspect_ratio', '"auto"']]],
	[v3, 'cfg 1.5', { prompt: 'p', cfg_scale: 1.5 }, [['cfg_scale', '0..1']]],
	[v3, 'end frame without start', { prompt: 'p', end_image_url: IMAGE }, [['end_image_url', 'start_image_url']]],
	[v3, "Omni's image_url", { prompt: 'p', image_url: IMAGE }, [['image_url', '"image_url"']]],
	[v3, 'shot without duration', { multi_shot: true, multi_prompt: [{ prompt: 'a' }] }, [['multi_prompt[0].duration', 'missing']]],
	[v3, 'numeric shot duration', { multi_shot: true, multi_prompt: [{ prompt: 'a', duration: 5 }] }, [['multi_prompt[0].duration', '5 is a number']]],
	[v3, 'shot as a string', { multi_shot: true, multi_prompt: ['a'] }, [['multi_prompt[0]', '"a" is a string']]],
	[v3, 'shots over 15 s', { multi_shot: true, multi_prompt: freepikShots(['10', '6']) }, [['multi_prompt', '16 s']]],
	[v3, 'three voices', { prompt: 'p', voice_ids: ['a', 'b', 'c'] }, [['voice_ids', '3 voice IDs']]],
	[v3, 'voice without voice_ids', { prompt: 'hi <<<voice_1>>>' }, [['prompt', 'no voices (voice_ids)']]],
	[v3, '@Element1 in a shot without elements', { multi_shot: true, multi_prompt: [{ prompt: '@Element1 runs', duration: '5' }] }, [['multi_prompt[0].prompt', '@Element1']]],
	[v3, 'audio as a number', { prompt: 'p', generate_audio: 1 }, [['generate_audio', '1 is a number']]],
	[v3, 'intelligent shots still need a prompt', { multi_shot: true, shot_type: 'intelligent', multi_prompt: freepikShots(['5']) }, [['prompt', 'missing']]],

	// apimart.omni
	[apiOmni, 'no model', { prompt: 'p' }, [['model', '"kling-v3-omni"']]],
	[apiOmni, 'the other model', { model: 'kling-v3', prompt: 'p' }, [['model', '"kling-v3"']]],
	[apiOmni, 'duration as text', { ...omniModel, prompt: 'p', duration: '5' }, [['duration', '"5" is a string']]],
	[apiOmni, 'fractional duration', { ...omniModel, prompt: 'p', duration: 5.5 }, [['duration', '5.5']]],
	[apiOmni, 'mode ultra', { ...omniModel, prompt: 'p', mode: 'ultra' }, [['mode', '"ultra"']]],
	[apiOmni, 'image_urls and image_with_roles', { ...omniModel, prompt: 'p', image_urls: [IMAGE], image_with_roles: [{ url: IMAGE, role: 'reference' }] }, [['image_with_roles', 'image_urls']]],
	[apiOmni, 'two first frames', { ...omniModel, prompt: 'p', image_with_roles: [{ url: IMAGE, role: 'first_frame' }, { url: image(2), role: 'first_frame' }] }, [['image_with_roles[1].role', '"first_frame"']]],
	[apiOmni, 'last frame alone', { ...omniModel, prompt: 'p', image_with_roles: [{ url: IMAGE, role: 'last_frame' }] }, [['image_with_roles[0].role', '"last_frame"']]],
	[apiOmni, 'unknown role', { ...omniModel, prompt: 'p', image_with_roles: [{ url: IMAGE, role: 'cover' }] }, [['image_with_roles[0].role', '"cover"']]],
	[apiOmni, 'two videos', { ...omniModel, prompt: 'p', video_list: [{ url: VIDEO }, { url: VIDEO }] }, [['video_list', 'at most 1']]],
	[apiOmni, 'first frame while editing a video', { ...omniModel, prompt: 'p', video_list: [{ url: VIDEO }], image_with_roles: [{ url: IMAGE, role: 'first_frame' }] }, [['image_with_roles[0].role', '"base"']]],
	[apiOmni, 'unknown refer_type', { ...omniModel, prompt: 'p', video_list: [{ url: VIDEO, refer_type: 'style' }] }, [['video_list[0].refer_type', '"style"']]],
	[apiOmni, 'keep_original_sound as boolean', { ...omniModel, prompt: 'p', video_list: [{ url: VIDEO, keep_original_sound: true }] }, [['video_list[0].keep_original_sound', 'true is a boolean']]],
	[apiOmni, 'audio with a video', { ...omniModel, prompt: 'p', video_list: [{ url: VIDEO }], audio: true }, [['audio', 'ignores audio']]],
	[apiOmni, 'multi_shot without shot_type', { ...omniModel, prompt: 'p', multi_shot: true }, [['shot_type', 'missing']]],
	[apiOmni, 'customize without shots', { ...omniModel, prompt: 'p', ...customShots }, [['multi_prompt', 'missing']]],
	[apiOmni, 'shots without multi_shot', { ...omniModel, prompt: 'p', multi_prompt: apimartShots([5]) }, [['multi_shot', 'missing']]],
	[apiOmni, 'index gap', { ...omniModel, ...customShots, multi_prompt: [{ index: 1, prompt: 'a', duration: 2 }, { index: 3, prompt: 'b', duration: 3 }] }, [['multi_prompt[1].index', '3 given, expected 2']]],
	[apiOmni, 'zero-second shot', { ...omniModel, ...customShots, multi_prompt: apimartShots([0, 5]) }, [['multi_prompt[0].duration', '0 given, at least 1']]],
	[apiOmni, 'index as text', { ...omniModel, ...customShots, multi_prompt: [{ index: '1', prompt: 'a', duration: 5 }] }, [['multi_prompt[0].index', '"1" is a string']]],
	[apiOmni, 'shots not adding up', { ...omniModel, ...customShots, multi_prompt: apimartShots([3, 3]), duration: 5 }, [['duration', 'add up to 6']]],
	[apiOmni, 'element name with a space', { ...omniModel, prompt: 'p', element_list: [apimartElement('my dog')] }, [['element_list[0].name', '"my dog"']]],
	[apiOmni, 'duplicate element names', { ...omniModel, prompt: 'p', element_list: [apimartElement('dog'), apimartElement('dog')] }, [['element_list[1].name', '"dog"']]],
	[apiOmni, 'empty element description', { ...omniModel, prompt: 'p', element_list: [{ ...apimartElement('dog'), description: '' }] }, [['element_list[0].description', '""']]],
	[apiOmni, 'unknown @name', { ...omniModel, prompt: '@dog meets @cat', element_list: [apimartElement('dog')] }, [['prompt', '@cat']]],
	[apiOmni, '<<<image_2>>> with one image', { ...omniModel, prompt: '<<<image_2>>>', image_urls: [IMAGE] }, [['prompt', 'only 1 image (image_urls)']]],
	[apiOmni, 'voice reference', { ...omniModel, prompt: '<<<voice_1>>> speaks' }, [['prompt', '<<<voice_1>>>']]],
	[apiOmni, 'four elements', { ...omniModel, prompt: 'p', element_list: ['a', 'b', 'c', 'd'].map(apimartElement) }, [['element_list', '4 elements given, at most 3']]],
	[apiOmni, 'blank negative prompt', { ...omniModel, prompt: 'p', negative_prompt: '   ' }, [['negative_prompt', '"   "']]],
	[apiOmni, 'watermark as text', { ...omniModel, prompt: 'p', watermark: 'false' }, [['watermark', '"false" is a string']]],
	[apiOmni, "Freepik's voice_ids", { ...omniModel, prompt: 'p', voice_ids: ['a'] }, [['voice_ids', '"voice_ids"']]],
	[apiOmni, 'intelligence shots still need a prompt', { ...omniModel, multi_shot: true, shot_type: 'intelligence' }, [['prompt', 'missing']]],

	// apimart.kling3
	[apiV3, 'the Omni model', { model: 'kling-v3-omni', prompt: 'p' }, [['model', '"kling-v3-omni"']]],
	[apiV3, 'three images', { ...v3Model, prompt: 'p', image_urls: images(3) }, [['image_urls', '3 images given, at most 2']]],
	[apiV3, 'no images', { ...v3Model, prompt: 'p', image_urls: [] }, [['image_urls', 'at least 1']]],
	[apiV3, 'long shot prompt', { ...v3Model, ...customShots, multi_prompt: apimartShots([5], 513) }, [['multi_prompt[0].prompt', '513 characters']]],
	[apiV3, "Omni's element_list", { ...v3Model, prompt: 'p', element_list: [apimartElement('dog')] }, [['element_list', '"element_list"']]],
	[apiV3, "Omni's video_list", { ...v3Model, prompt: 'p', video_list: [{ url: VIDEO }] }, [['video_list', '"video_list"']]],
	[apiV3, "Freepik's shot type spelling", { ...v3Model, prompt: 'p', multi_shot: true, shot_type: 'intelligent' }, [['shot_type', '"intelligent"']]],
	[apiV3, 'duration 16', { ...v3Model, prompt: 'p', duration: 16 }, [['duration', '16 is outside 3..15']]],
	[apiV3, 'auto aspect ratio', { ...v3Model, prompt: 'p', aspect_ratio: 'auto' }, [['aspect_ratio', '"auto"']]],
	[apiV3, 'multi_shot as text', { ...v3Model, prompt: 'p', multi_shot: 'true' }, [['multi_shot', '"true" is a string']]],
	[apiV3, 'seven shots', { ...v3Model, ...customShots, multi_prompt: apimartShots([1, 1, 1, 1, 1, 1, 1]), duration: 7 }, [['multi_prompt', '7 shots given, at most 6']]],
	[apiV3, 'index 0', { ...v3Model, ...customShots, multi_prompt: [{ index: 0, prompt: 'a', duration: 5 }] }, [['multi_prompt[0].index', '0 given']]],
	[apiV3, 'voice reference', { ...v3Model, prompt: 'hi <<<voice_2>>>' }, [['prompt', 'APIMart takes no voice_ids']]],
	[apiV3, 'empty prompt', { ...v3Model, prompt: '' }, [['prompt', '""']]],
];

describe('invalid bodies', () => {
	it('covers every contract with at least 60 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(60);
		expect(new Set(cases.map(([contract]) => contract)).size).toBe(5);
	});

	it.each(cases)('%s: %s', (contract, _what, body, expected) => {
		const violations = checkRequestBody(contract, body);
		expect(violations.map((violation) => violation.field).sort()).toEqual(expected.map(([field]) => field).sort());
		for (const [field, fragment] of expected) {
			expect(violations).toContainEqual({ field, message: expect.stringContaining(fragment) });
		}
	});
});
