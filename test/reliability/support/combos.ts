import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { syntheticVideo } from '../../harness/media';
import { binaryFrom } from '../../harness/workflows';
import type { Binding, Case, Combo, Unreachable } from './corpus';
import { helpers } from './corpus';

/**
 * The three generation nodes x both providers, each with valid base parameters and, for every
 * field of its provider's body schema, how a node parameter reaches it (or why none can).
 */
const { URL, VIDEO_URL, expression } = helpers;

const GENERATE = { operation: 'generate', waitMode: 'none' };

type Patch = Record<string, unknown>;
const put = (base: IDataObject, patch: Patch): IDataObject => ({ ...base, ...patch }) as IDataObject;
const images = (count: number) => ({ image: Array.from({ length: count }, (_, index) => ({ image: URL(`img${index + 1}`) })) });
const ids = (count: number) => Array.from({ length: count }, (_, index) => `voice_${index + 1}`).join(', ');
const freepikElement = (index: number, patch: Patch = {}) => ({
	frontalImage: URL(`el${index}-front`),
	referenceImages: `${URL(`el${index}-a`)}, ${URL(`el${index}-b`)}`,
	...patch,
});
const apimartElement = (name: string, patch: Patch = {}) => ({
	name,
	description: `the ${name}`,
	images: `${URL(`${name}1`)}, ${URL(`${name}2`)}`,
	...patch,
});
const unreachable = (reason: string): Unreachable => ({ unreachable: reason });

function text(field: string, label: string, blankRefused = false): Binding {
	return { label, set: (base, value) => put(base, { [field]: value }), blankRefused };
}

function option(field: string, label: string, patch: Patch = {}): Binding {
	return { label, set: (base, value) => put(base, { ...patch, [field]: value }) };
}

function webhookUrl(): Binding {
	return { label: 'Webhook URL', set: (base, value) => put(base, { options: { webhookUrl: value } }) };
}

// ---- shots

/** Freepik Omni: shot prompts (strings), each needing 3 s of the duration. */
const freepikOmniShots = (base: IDataObject, prompts: unknown[], duration = 5) =>
	put(base, { prompt: '', duration, shots: { shot: prompts.map((prompt) => ({ prompt })) } });

/** Freepik V3 and APIMart: multi-shot with shot prompts and durations. */
const durationShots = (base: IDataObject, shots: Array<{ prompt?: unknown; duration?: unknown }>, patch: Patch = {}) =>
	put(base, {
		prompt: '',
		multiShot: true,
		shotType: 'customize',
		shots: { shot: shots.map((shot) => ({ prompt: shot.prompt ?? 'a shot', duration: shot.duration ?? 1 })) },
		...patch,
	});

// ---- the combos

const freepikMediaBindings = (imageField: 'startImage') => ({
	start_image_url: { label: 'Start Frame', set: (base: IDataObject, value: unknown) => put(base, { [imageField]: value }) },
	end_image_url: { label: 'End Frame', set: (base: IDataObject, value: unknown) => put(base, { startImage: URL('start'), endImage: value }) },
	elements: {
		label: 'Elements',
		set: (base: IDataObject) => base,
		count: (base: IDataObject, count: number) =>
			put(base, { elements: { element: Array.from({ length: count }, (_, index) => freepikElement(index + 1)) } }),
	},
	'elements[].reference_image_urls': {
		label: 'Elements',
		set: (base: IDataObject) => base,
		count: (base: IDataObject, count: number) =>
			put(base, {
				elements: {
					element: [freepikElement(1, { referenceImages: Array.from({ length: count }, (_, index) => URL(`r${index}`)).join(', ') })],
				},
			}),
		belowMin: true,
	},
	'elements[].reference_image_urls[]': {
		label: 'Elements',
		set: (base: IDataObject, value: unknown) => put(base, { elements: { element: [freepikElement(1, { referenceImages: value })] } }),
	},
	'elements[].frontal_image_url': {
		label: 'Elements',
		set: (base: IDataObject, value: unknown) => put(base, { elements: { element: [freepikElement(1, { frontalImage: value })] } }),
	},
	voice_ids: {
		label: 'Voice IDs',
		set: (base: IDataObject) => base,
		count: (base: IDataObject, count: number) => put(base, { voiceIds: count === 0 ? ' , \n ,' : ids(count) }),
		belowMin: true,
	},
	'voice_ids[]': unreachable('the node splits Voice IDs on commas and drops blank entries'),
	generate_audio: option('generateAudio', 'Generate Audio'),
	webhook_url: webhookUrl(),
});

const freepikOmni: Combo = {
	type: 'klingOmni',
	provider: 'freepik',
	contract: 'freepik.omni',
	label: 'Kling Omni / Freepik',
	base: { ...GENERATE, authentication: 'freepik', tier: 'std', prompt: 'a red fox runs through fresh snow', duration: 5, aspectRatio: '16:9' },
	bindings: {
		...freepikMediaBindings('startImage'),
		prompt: text('prompt', 'Prompt', true),
		multi_prompt: {
			label: 'Shots',
			set: (base) => base,
			// 6 shots need 18 s, more than the 15 s maximum: the list's own max is never reachable.
			count: (base, count) => freepikOmniShots(base, Array.from({ length: count }, (_, index) => `shot ${index + 1}`), 15),
			maxNeverValid: true,
		},
		'multi_prompt[]': { label: 'Shots', set: (base, value) => freepikOmniShots(base, [value]), blankRefused: true },
		shot_type: unreachable('the node sends "customize" exactly when there are shots'),
		image_url: unreachable('the node sends the Start Frame as start_image_url'),
		image_urls: { label: 'Reference Images', set: (base) => base, count: (base, count) => put(base, { referenceImages: images(count) }) },
		'image_urls[]': { label: 'Reference Images', set: (base, value) => put(base, { referenceImages: { image: [{ image: value }] } }) },
		aspect_ratio: { ...option('aspectRatio', 'Aspect Ratio'), notAloneValid: ['auto'] },
		duration: { label: 'Duration', set: (base, value) => put(base, { duration: value }), numericEnum: true },
	},
};

const freepikV3: Combo = {
	type: 'kling3',
	provider: 'freepik',
	contract: 'freepik.kling3',
	label: 'Kling V3 / Freepik',
	base: {
		...GENERATE,
		authentication: 'freepik',
		tier: 'std',
		prompt: 'a lighthouse in a storm',
		duration: 5,
		aspectRatio: '16:9',
		cfgScale: 0.5,
		generateAudio: true,
	},
	bindings: {
		...freepikMediaBindings('startImage'),
		prompt: text('prompt', 'Prompt', true),
		negative_prompt: text('negativePrompt', 'Negative Prompt'),
		multi_shot: unreachable('the node sends true or nothing'),
		shot_type: option('shotType', 'Shot Type', { multiShot: true, shots: { shot: [{ prompt: 'wide', duration: 5 }] } }),
		multi_prompt: {
			label: 'Shots',
			set: (base) => base,
			// Each shot takes at least "3" and all at most 15 s: 6 shots never fit.
			count: (base, count) => durationShots(base, Array.from({ length: count }, () => ({ duration: 3 })), { duration: 15 }),
			maxNeverValid: true,
		},
		'multi_prompt[].prompt': { label: 'Shots', set: (base, value) => durationShots(base, [{ prompt: value, duration: 5 }]), blankRefused: true },
		'multi_prompt[].duration': {
			label: 'Shots',
			set: (base, value) => durationShots(base, [{ prompt: 'wide', duration: value }]),
			numericEnum: true,
		},
		aspect_ratio: option('aspectRatio', 'Aspect Ratio'),
		duration: { label: 'Duration', set: (base, value) => put(base, { duration: value }), numericEnum: true },
		cfg_scale: option('cfgScale', 'CFG Scale'),
	},
};

const freepikReference: Combo = {
	type: 'klingOmniReference',
	provider: 'freepik',
	contract: 'freepik.omniReference',
	label: 'Kling Omni Reference / Freepik',
	base: {
		...GENERATE,
		authentication: 'freepik',
		tier: 'std',
		video: VIDEO_URL,
		prompt: 'make @Video1 snowy',
		duration: 5,
		aspectRatio: 'auto',
		cfgScale: 0.5,
	},
	bindings: {
		webhook_url: webhookUrl(),
		// The prompt is optional in video to video: a blank one is left out, not refused.
		prompt: text('prompt', 'Prompt'),
		negative_prompt: text('negativePrompt', 'Negative Prompt'),
		image_url: option('startImage', 'Start Frame'),
		video_url: option('video', 'Reference Video'),
		duration: { label: 'Duration', set: (base, value) => put(base, { duration: value }), numericEnum: true },
		aspect_ratio: option('aspectRatio', 'Aspect Ratio'),
		cfg_scale: option('cfgScale', 'CFG Scale'),
	},
};

const apimartCommon = (blankPrompt: boolean): Combo['bindings'] => ({
	model: unreachable('the node names its model itself'),
	prompt: text('prompt', 'Prompt', blankPrompt),
	negative_prompt: text('negativePrompt', 'Negative Prompt'),
	mode: option('mode', 'Mode'),
	duration: option('duration', 'Duration'),
	aspect_ratio: option('aspectRatio', 'Aspect Ratio'),
	watermark: option('watermark', 'Watermark'),
	multi_shot: unreachable('the node sends true or nothing'),
	shot_type: option('shotType', 'Shot Type', { multiShot: true, shots: { shot: [{ prompt: 'wide', duration: 5 }] } }),
	multi_prompt: {
		label: 'Shots',
		set: (base) => base,
		count: (base, count) => durationShots(base, Array.from({ length: count }, () => ({ duration: 1 })), { duration: Math.max(3, count) }),
	},
	'multi_prompt[].index': unreachable('the node numbers the shots 1, 2, 3... itself'),
	'multi_prompt[].prompt': { label: 'Shots', set: (base, value) => durationShots(base, [{ prompt: value, duration: 5 }]), blankRefused: true },
	'multi_prompt[].duration': { label: 'Shots', set: (base, value) => durationShots(base, [{ prompt: 'wide', duration: value }]) },
});

const apimartOmniImages = (): Combo['bindings'] => ({
	image_urls: { label: 'Image URLs', set: (base) => base, count: (base, count) => put(base, { imageUrls: images(count) }) },
	'image_urls[]': { label: 'Image URLs', set: (base, value) => put(base, { imageUrls: { image: [{ image: value }] } }) },
	image_with_roles: {
		label: 'Images With Roles',
		set: (base) => base,
		count: (base, count) => put(base, { imagesWithRoles: { image: Array.from({ length: count }, (_, index) => ({ image: URL(`r${index}`), role: 'reference' })) } }),
	},
	'image_with_roles[].url': { label: 'Images With Roles', set: (base, value) => put(base, { imagesWithRoles: { image: [{ image: value, role: 'first_frame' }] } }) },
	'image_with_roles[].role': {
		label: 'Images With Roles',
		set: (base, value) => put(base, { imagesWithRoles: { image: [{ image: URL('f'), role: value }] } }),
		notAloneValid: ['last_frame'],
	},
	element_list: {
		label: 'Elements',
		set: (base) => base,
		count: (base, count) => put(base, { elementList: { element: Array.from({ length: count }, (_, index) => apimartElement(`el${index + 1}`)) } }),
	},
	'element_list[].name': { label: 'Elements', set: (base, value) => put(base, { elementList: { element: [apimartElement('dog', { name: value })] } }) },
	'element_list[].description': {
		label: 'Elements',
		set: (base, value) => put(base, { elementList: { element: [apimartElement('dog', { description: value })] } }),
	},
	'element_list[].element_input_urls': {
		label: 'Elements',
		set: (base) => base,
		count: (base, count) =>
			put(base, { elementList: { element: [apimartElement('dog', { images: Array.from({ length: count }, (_, index) => URL(`d${index}`)).join(', ') })] } }),
		belowMin: true,
	},
	'element_list[].element_input_urls[]': {
		label: 'Elements',
		set: (base, value) => put(base, { elementList: { element: [apimartElement('dog', { images: `${String(value)}, ${URL('dog2')}` })] } }),
	},
});

const apimartOmni: Combo = {
	type: 'klingOmni',
	provider: 'apimart',
	contract: 'apimart.omni',
	label: 'Kling Omni / APIMart',
	base: { ...GENERATE, authentication: 'apimart', mode: 'std', prompt: 'a red fox runs through fresh snow', duration: 5, aspectRatio: '16:9' },
	bindings: {
		...apimartCommon(true),
		...apimartOmniImages(),
		audio: option('audio', 'Audio'),
		video_list: unreachable('Kling Omni has no reference video (Kling Omni Reference has)'),
		'video_list[].url': unreachable('Kling Omni has no reference video (Kling Omni Reference has)'),
		'video_list[].refer_type': unreachable('Kling Omni has no reference video (Kling Omni Reference has)'),
		'video_list[].keep_original_sound': unreachable('Kling Omni has no reference video (Kling Omni Reference has)'),
	},
};

const apimartV3: Combo = {
	type: 'kling3',
	provider: 'apimart',
	contract: 'apimart.kling3',
	label: 'Kling V3 / APIMart',
	base: { ...GENERATE, authentication: 'apimart', mode: 'std', prompt: 'a lighthouse in a storm', duration: 5, aspectRatio: '16:9' },
	bindings: {
		...apimartCommon(true),
		audio: option('audio', 'Audio'),
		image_urls: unreachable('Start Frame and End Frame give at most the two images allowed'),
		'image_urls[]': option('startImage', 'Start Frame'),
	},
};

const apimartReference: Combo = {
	type: 'klingOmniReference',
	provider: 'apimart',
	contract: 'apimart.omni',
	label: 'Kling Omni Reference / APIMart',
	base: {
		...GENERATE,
		authentication: 'apimart',
		mode: 'std',
		video: VIDEO_URL,
		videoReferType: 'feature',
		keepOriginalSound: 'no',
		prompt: 'take the motion of the video',
		duration: 5,
		aspectRatio: '16:9',
	},
	bindings: {
		...apimartCommon(true),
		...apimartOmniImages(),
		audio: unreachable('Kling Omni Reference has no Audio field (APIMart ignores audio with a video)'),
		video_list: unreachable('the node sends its one Reference Video'),
		'video_list[].url': option('video', 'Reference Video'),
		'video_list[].refer_type': option('videoReferType', 'Use the Video To'),
		'video_list[].keep_original_sound': option('keepOriginalSound', 'Keep Original Sound'),
	},
};

const CHARACTER_IMAGE = URL('character');

const freepikMotionControl: Combo = {
	type: 'klingMotionControl',
	provider: 'freepik',
	contract: 'freepik.motionControl',
	label: 'Kling Motion Control / Freepik',
	base: {
		...GENERATE,
		authentication: 'freepik',
		// A node new in version 2: the current form's names.
		quality: 'std',
		characterImage: CHARACTER_IMAGE,
		video: VIDEO_URL,
		prompt: 'the character dances',
		characterOrientation: 'video',
		cfgScale: 0.5,
	},
	bindings: {
		webhook_url: webhookUrl(),
		image_url: option('characterImage', 'Character Image'),
		video_url: option('video', 'Reference Video'),
		// The prompt is optional: a blank one is left out, not refused.
		prompt: text('prompt', 'Prompt'),
		character_orientation: option('characterOrientation', 'Character Orientation'),
		cfg_scale: option('cfgScale', 'CFG Scale'),
	},
};

const apimartMotionControl: Combo = {
	type: 'klingMotionControl',
	provider: 'apimart',
	contract: 'apimart.motionControl',
	label: 'Kling Motion Control / APIMart',
	base: {
		...GENERATE,
		authentication: 'apimart',
		quality: 'std',
		characterImage: CHARACTER_IMAGE,
		video: VIDEO_URL,
		prompt: 'the character dances',
		characterOrientation: 'video',
		keepOriginalSound: 'yes',
		watermark: false,
	},
	bindings: {
		model: unreachable('the node names its model itself'),
		image_url: option('characterImage', 'Character Image'),
		video_url: option('video', 'Reference Video'),
		character_orientation: option('characterOrientation', 'Character Orientation'),
		mode: option('quality', 'Quality'),
		prompt: text('prompt', 'Prompt'),
		keep_original_sound: option('keepOriginalSound', 'Keep Original Sound'),
		'watermark_info.enabled': option('watermark', 'Watermark'),
	},
};

const TURBO = { model: 'kling-v3-turbo' };

const freepikTurboText: Combo = {
	type: 'kling3',
	provider: 'freepik',
	contract: 'freepik.turboText',
	label: 'Kling V3 Turbo text to video / Freepik',
	base: { ...GENERATE, ...TURBO, authentication: 'freepik', tier: 'std', prompt: 'a paper plane over a city', duration: 5, aspectRatio: '16:9' },
	bindings: {
		webhook_url: webhookUrl(),
		prompt: text('prompt', 'Prompt', true),
		aspect_ratio: option('aspectRatio', 'Aspect Ratio'),
		duration: { label: 'Duration', set: (base, value) => put(base, { duration: value }), numericEnum: true },
	},
};

const freepikTurboImage: Combo = {
	type: 'kling3',
	provider: 'freepik',
	contract: 'freepik.turboImage',
	label: 'Kling V3 Turbo image to video / Freepik',
	base: { ...GENERATE, ...TURBO, authentication: 'freepik', tier: 'pro', startImage: URL('start'), prompt: 'it turns', duration: 5 },
	bindings: {
		webhook_url: webhookUrl(),
		image: option('startImage', 'Start Frame'),
		// Optional with an image: a blank prompt is left out.
		prompt: text('prompt', 'Prompt'),
		duration: { label: 'Duration', set: (base, value) => put(base, { duration: value }), numericEnum: true },
	},
};

const apimartTurbo: Combo = {
	type: 'kling3',
	provider: 'apimart',
	contract: 'apimart.turbo',
	label: 'Kling V3 Turbo / APIMart',
	base: { ...GENERATE, ...TURBO, authentication: 'apimart', mode: 'std', prompt: 'a fox in snow', duration: 5, aspectRatio: '16:9', watermark: false },
	bindings: {
		model: unreachable('the node names its model itself'),
		prompt: text('prompt', 'Prompt', true),
		first_frame_image: option('startImage', 'Start Frame'),
		aspect_ratio: option('aspectRatio', 'Aspect Ratio'),
		resolution: unreachable('the node takes it from Quality (Standard 720p, Pro 1080p)'),
		duration: option('duration', 'Duration'),
		watermark: option('watermark', 'Watermark'),
	},
};

export const COMBOS: Combo[] = [
	freepikOmni,
	apimartOmni,
	freepikV3,
	apimartV3,
	freepikReference,
	apimartReference,
	freepikMotionControl,
	apimartMotionControl,
	freepikTurboText,
	freepikTurboImage,
	apimartTurbo,
];

/** The longest prompt a combo's body takes (Turbo text to video: 3072). */
export function promptLimit(combo: Combo): number {
	return ['freepik.turboText', 'apimart.turbo'].includes(combo.contract) ? 3072 : 2500;
}

// ---- rule cases: what the schemas' cross-field rules and the node's own checks refuse

const binaryItem = (property: string, content: Buffer, mimeType: string, fileName: string): INodeExecutionData[] => [
	{ json: {}, binary: { [property]: binaryFrom(content, mimeType, fileName) } },
];

const SETTINGS_CASES = (combo: Combo): Case[] => [
	{ combo, name: 'Options › Max Wait 0', parameters: put(combo.base, { waitMode: 'poll', options: { maxWaitMinutes: 0 } }), field: 'Max Wait' },
	{ combo, name: 'Options › Requests per Minute -1', parameters: put(combo.base, { options: { requestsPerMinute: -1 } }), field: 'Requests per Minute' },
	{
		combo,
		name: 'Options › Max Video Size "big" from an expression',
		parameters: put(combo.base, { options: { maxVideoSizeMb: expression('"big"') } }),
		field: 'Max Video Size',
	},
];

/** Unknown tiers, under the Quality parameter the combo's form has (`quality`, or version 1's `tier`). */
const FREEPIK_TIER_CASES = (combo: Combo): Case[] => {
	const name = 'quality' in combo.base ? 'quality' : 'tier';
	return ['ultra', 'Pro', 'standard', ' std'].map((tier) => ({
		combo,
		name: `Quality ${JSON.stringify(tier)}`,
		parameters: put(combo.base, { [name]: tier }),
		field: 'Quality',
	}));
};

export function ruleCases(combo: Combo): Case[] {
	const c = (name: string, patch: Patch, field: string | string[], items?: INodeExecutionData[]): Case => ({
		combo,
		name,
		parameters: put(combo.base, patch),
		field,
		...(items ? { items } : {}),
	});
	const cases = [...SETTINGS_CASES(combo), ...(combo.provider === 'freepik' ? FREEPIK_TIER_CASES(combo) : [])];
	switch (combo.label) {
		case freepikOmni.label:
			cases.push(
				c('shots together with a prompt', { prompt: 'a fox', duration: 9, shots: { shot: [{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }] } }, 'multi_prompt'),
				c('4 shots need 12 s, duration 8', { prompt: '', duration: 8, shots: { shot: [1, 2, 3, 4].map((n) => ({ prompt: `s${n}` })) } }, 'duration'),
				c('end frame without start frame', { endImage: URL('end') }, 'end_image_url'),
				c('aspect ratio auto without any image', { aspectRatio: 'auto' }, 'aspect_ratio'),
				c('3 reference images + 2 elements', { referenceImages: images(3), elements: { element: [freepikElement(1), freepikElement(2)] } }, 'image_urls'),
				c('@Image3 with 2 reference images', { prompt: '@Image1 and @Image3', referenceImages: images(2) }, 'prompt'),
				c('@Element2 with 1 element', { prompt: '@Element2 dances', elements: { element: [freepikElement(1)] } }, 'prompt'),
				c('<<<voice_2>>> with 1 voice', { prompt: '<<<voice_2>>> sings', voiceIds: 'voice_a' }, 'prompt'),
				c('Webhook URL together with Wait for Webhook', { waitMode: 'webhook', options: { webhookUrl: 'https://hooks.example.com/k' } }, 'Webhook URL'),
				c('start frame from a binary that is a PDF', { startImage: 'doc' }, 'Start Frame', binaryItem('doc', Buffer.from('%PDF-1.4'), 'application/pdf', 'a.pdf')),
			);
			break;
		case freepikV3.label:
			cases.push(
				c('shot durations 8 + 8 = 16 s', { prompt: '', multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 8 }, { prompt: 'b', duration: 8 }] } }, 'multi_prompt'),
				c('customize without shots', { multiShot: true, shotType: 'customize' }, 'multi_prompt'),
				c('end frame without start frame', { endImage: URL('end') }, 'end_image_url'),
				c('@Element1 without elements', { prompt: '@Element1 waves' }, 'prompt'),
				c('<<<voice_1>>> without voices', { prompt: '<<<voice_1>>> speaks' }, 'prompt'),
				c('aspect ratio auto (Kling V3 has none)', { aspectRatio: 'auto' }, 'aspect_ratio'),
				c('5 elements', { elements: { element: [1, 2, 3, 4, 5].map((n) => freepikElement(n)) } }, 'elements'),
			);
			break;
		case freepikReference.label:
			cases.push(
				c('no reference video (empty)', { video: '' }, ['video_url', 'Reference Video']),
				c('no reference video (whitespace from an expression)', { video: expression('"   "') }, 'video_url'),
				c('@Video2 (one video only)', { prompt: 'mix @Video1 and @Video2' }, 'prompt'),
				c('@Image1 (video to video takes no reference images)', { prompt: '@Image1 in @Video1' }, 'prompt'),
				c('reference video from a binary that is text', { video: 'clip' }, 'Reference Video', binaryItem('clip', Buffer.from('not a video'), 'video/mp4', 'a.mp4')),
				c(
					'reference video from a binary of 2 s (3-10 s allowed)',
					{ video: 'clip' },
					'Reference Video',
					binaryItem('clip', syntheticVideo({ seconds: 2, width: 1280, height: 720, fps: 30 }), 'video/mp4', 'a.mp4'),
				),
			);
			break;
		case apimartOmni.label:
		case apimartReference.label:
			cases.push(
				c('shot durations 3 + 4 with duration 8', { prompt: '', duration: 8, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 3 }, { prompt: 'b', duration: 4 }] } }, 'duration'),
				c('customize without shots or prompt', { prompt: '', multiShot: true, shotType: 'customize' }, 'multi_prompt'),
				c('Image URLs together with Images With Roles', { imageUrls: images(1), imagesWithRoles: { image: [{ image: URL('f'), role: 'reference' }] } }, 'image_with_roles'),
				c('last_frame without first_frame', { imagesWithRoles: { image: [{ image: URL('l'), role: 'last_frame' }] } }, 'image_with_roles[0].role'),
				c('two first frames', { imagesWithRoles: { image: [{ image: URL('a'), role: 'first_frame' }, { image: URL('b'), role: 'first_frame' }] } }, 'image_with_roles[1].role'),
				c('<<<image_3>>> with 2 images', { prompt: '<<<image_1>>> <<<image_3>>>', imageUrls: images(2) }, 'prompt'),
				c('@cat when only @dog is an element', { prompt: '@dog chases @cat', elementList: { element: [apimartElement('dog')] } }, 'prompt'),
				c('duplicate element names', { prompt: '@dog', elementList: { element: [apimartElement('dog'), apimartElement('dog')] } }, 'element_list[1].name'),
				c('<<<voice_1>>> (APIMart has no voices)', { prompt: '<<<voice_1>>> hi' }, 'prompt'),
				c('Wait for Webhook (APIMart has no callbacks)', { waitMode: 'webhook' }, 'Wait for Webhook'),
			);
			if (combo.label === apimartReference.label) {
				cases.push(
					c('first_frame with a video to edit (refer type base)', { videoReferType: 'base', imagesWithRoles: { image: [{ image: URL('f'), role: 'first_frame' }] } }, 'image_with_roles[0].role'),
					c('no reference video (empty)', { video: '' }, ['Reference Video', 'video_list']),
					c('no reference video (whitespace from an expression)', { video: expression('"  "') }, ['Reference Video', 'video_list']),
				);
			}
			break;
		case freepikMotionControl.label:
			cases.push(
				c('no character image (whitespace from an expression)', { characterImage: expression('"  "') }, 'image_url'),
				c('reference video from a binary of 2 s (3-30 s allowed)', { video: 'clip' }, 'Reference Video', binaryItem('clip', syntheticVideo({ seconds: 2, width: 720, height: 1280, fps: 30 }), 'video/mp4', 'a.mp4')),
				c(
					'reference video from a binary of 12 s with orientation image (3-10 s allowed)',
					{ video: 'clip', characterOrientation: 'image' },
					'Reference Video',
					binaryItem('clip', syntheticVideo({ seconds: 12, width: 720, height: 1280, fps: 30 }), 'video/mp4', 'a.mp4'),
				),
				c('character image from a binary that is a PDF', { characterImage: 'doc' }, 'Character Image', binaryItem('doc', Buffer.from('%PDF-1.4'), 'application/pdf', 'a.pdf')),
				c('Webhook URL together with Wait for Webhook', { waitMode: 'webhook', options: { webhookUrl: 'https://hooks.example.com/k' } }, 'Webhook URL'),
			);
			break;
		case apimartMotionControl.label:
			cases.push(
				c('reference video from a binary (APIMart has no video upload)', { video: 'clip' }, 'Reference Video', binaryItem('clip', syntheticVideo({ seconds: 5, width: 720, height: 1280, fps: 30 }), 'video/mp4', 'a.mp4')),
				c('Quality 4K (Motion Control has std and pro)', { quality: '4k' }, 'Quality'),
				c('Wait for Webhook (APIMart has no callbacks)', { waitMode: 'webhook' }, 'Wait for Webhook'),
			);
			break;
		case freepikTurboText.label:
			cases.push(c('an unknown Model', { model: 'kling-v3-ultra' }, 'Model'));
			break;
		case freepikTurboImage.label:
			cases.push(
				c('a Start Frame of 51 MB (50 MB allowed)', { startImage: 'frame' }, 'Start Frame', [
					{ json: {}, binary: { frame: { ...binaryFrom(Buffer.from('\x89PNG'), 'image/png', 'f.png'), bytes: 51 * 1024 * 1024 } } },
				]),
			);
			break;
		case apimartTurbo.label:
			cases.push(
				c('Quality 4K (Turbo has 720p and 1080p)', { mode: '4k' }, 'Mode'),
				c('Wait for Webhook (APIMart has no callbacks)', { waitMode: 'webhook' }, 'Wait for Webhook'),
			);
			break;
		case apimartV3.label:
			cases.push(
				c('end frame without start frame', { endImage: URL('end') }, 'End Frame'),
				c('shot durations 2 + 2 with duration 5', { prompt: '', multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 2 }, { prompt: 'b', duration: 2 }] } }, 'duration'),
				c('<<<voice_1>>> (APIMart has no voices)', { prompt: '<<<voice_1>>> hi' }, 'prompt'),
				c('Wait for Webhook (APIMart has no callbacks)', { waitMode: 'webhook' }, 'Wait for Webhook'),
			);
			break;
	}
	return cases;
}
