import type { IDataObject } from 'n8n-workflow';

import { compact, type ItemParameters, splitList } from '../../parameters';
import type { ImageLimits, ModelRow } from '../types';

function apimartShots(params: ItemParameters): IDataObject[] | undefined {
	const shots = params.entries('shots.shot');
	if (shots.length === 0) return undefined;
	// Indexes are consecutive from 1 by construction: the node numbers the shots in order.
	return shots.map((shot, index) => ({ index: index + 1, prompt: shot.prompt, duration: shot.duration }));
}

/**
 * The Omni body's images. Reference images alone go in `image_urls`; with a Start or End Frame
 * everything goes in `image_with_roles` (APIMart takes one or the other), the references first so
 * that <<<image_N>>> in the prompt names the same Reference Image either way.
 * Version-1 nodes fill `image_urls` / `image_with_roles` directly (Image URLs, Images With Roles).
 */
function apimartOmniImages(params: ItemParameters): IDataObject {
	const references = params.entries('referenceImages.image');
	const start = params.raw('startImage', '');
	const end = params.raw('endImage', '');
	const hasFrame = [start, end].some((value) => value !== undefined && value !== '');
	if (hasFrame) {
		const roles: IDataObject[] = references.map((entry, index) => ({
			url: params.media(entry.image, `Reference Images[${index + 1}]`, `image_with_roles[${index}].url`, 'image'),
			role: 'reference',
		}));
		for (const [value, field, role] of [
			[start, 'Start Frame', 'first_frame'],
			[end, 'End Frame', 'last_frame'],
		] as const) {
			const url = params.media(value, field, `image_with_roles[${roles.length}].url`, 'image');
			if (url !== undefined) roles.push({ url, role });
		}
		return { image_with_roles: roles };
	}
	const imageUrls = [
		...references.map((entry, index) => params.media(entry.image, `Reference Images[${index + 1}]`, `image_urls[${index}]`, 'image')),
		...params
			.entries('imageUrls.image')
			.map((entry, index) => params.media(entry.image, `Image URLs[${index + 1}]`, `image_urls[${index}]`, 'image')),
	];
	const imagesWithRoles = params.entries('imagesWithRoles.image').map((entry, index) => ({
		url: params.media(entry.image, `Images With Roles[${index + 1}]`, `image_with_roles[${index}].url`, 'image'),
		role: entry.role,
	}));
	return {
		image_urls: imageUrls.length > 0 ? imageUrls : undefined,
		image_with_roles: imagesWithRoles.length > 0 ? imagesWithRoles : undefined,
	};
}

/** Version 2 says Generate Audio; version 1 said Audio. */
function apimartAudio(params: ItemParameters): boolean | undefined {
	return params.boolean(params.nodeVersion >= 2 ? 'generateAudio' : 'audio');
}

/** APIMart `kling-v3-omni` (text/image to video, and video to video with `video_list`). */
export function mapOmni(params: ItemParameters, row: ModelRow): IDataObject {
	const elements = params.entries('elementList.element').map((element, index) => ({
		name: element.name,
		description: element.description,
		element_input_urls: splitList(String(element.images ?? '')).map((image, imageIndex) =>
			params.media(image, `Elements[${index + 1}].Images`, `element_list[${index}].element_input_urls[${imageIndex}]`, 'image'),
		),
	}));
	const multiShot = params.boolean('multiShot');
	// Only the Omni Reference node has a video field: `video_list` holds at most one video.
	const video = params.media(params.raw('video', ''), 'Reference Video', 'video_list[0].url', 'video');
	return compact({
		model: 'kling-v3-omni',
		prompt: params.text('prompt'),
		negative_prompt: params.text('negativePrompt'),
		mode: row.tier,
		duration: params.value('duration'),
		aspect_ratio: params.value('aspectRatio'),
		...apimartOmniImages(params),
		multi_shot: multiShot ? true : undefined,
		shot_type: multiShot ? params.value('shotType') : undefined,
		multi_prompt: multiShot ? apimartShots(params) : undefined,
		element_list: elements.length > 0 ? elements : undefined,
		video_list: video
			? [compact({ url: video, refer_type: params.value('videoReferType'), keep_original_sound: params.value('keepOriginalSound') })]
			: undefined,
		watermark: params.boolean('watermark'),
		audio: apimartAudio(params),
	});
}

/**
 * APIMart `kling-v3-omni` video to video (Kling Omni Reference): the Omni body, whose `video_list`
 * is what makes it video to video. Without a video (an expression that gave nothing) the body
 * would be a valid text-to-video request, a paid task nobody asked for: refused instead.
 */
export function mapOmniReference(params: ItemParameters, row: ModelRow): IDataObject {
	const body = mapOmni(params, row);
	if (body.video_list === undefined) {
		params.problems.push({ field: 'Reference Video', message: 'missing: video to video needs the http(s) URL of a video' });
	}
	return body;
}

/** APIMart `kling-v3`: image_urls holds the first frame, then optionally the last. */
export function mapKling3(params: ItemParameters, row: ModelRow): IDataObject {
	const start = params.media(params.raw('startImage', ''), 'Start Frame', 'image_urls[0]', 'image');
	const endPath = start === undefined ? 'image_urls[0]' : 'image_urls[1]';
	const end = params.media(params.raw('endImage', ''), 'End Frame', endPath, 'image');
	if (end !== undefined && start === undefined) {
		params.problems.push({ field: 'End Frame', message: 'needs a Start Frame: APIMart reads a single image as the first frame' });
	}
	const multiShot = params.boolean('multiShot');
	const frames = [start, end].filter((url): url is string => url !== undefined);
	return compact({
		model: 'kling-v3',
		prompt: params.text('prompt'),
		negative_prompt: params.text('negativePrompt'),
		mode: row.tier,
		duration: params.value('duration'),
		aspect_ratio: params.value('aspectRatio'),
		image_urls: frames.length > 0 ? frames : undefined,
		multi_shot: multiShot ? true : undefined,
		shot_type: multiShot ? params.value('shotType') : undefined,
		multi_prompt: multiShot ? apimartShots(params) : undefined,
		watermark: params.boolean('watermark'),
		audio: apimartAudio(params),
	});
}

/** Turbo's resolution per tier: Standard is 720p and Pro 1080p, as for Kling 3's `mode`. */
const TURBO_RESOLUTIONS: Record<string, string> = { std: '720p', pro: '1080p' };

/** Turbo's first frame: ".jpg / .jpeg / .png", "≤ 50MB", "≥ 300px", "1:2.5 ~ 2.5:1" (APIMart's upload caps images at 20 MB). */
const TURBO_IMAGE_LIMITS: ImageLimits = { formats: ['jpeg', 'png'], maxBytes: 50 * 1024 * 1024, minSide: 300, maxAspect: 2.5 };

/**
 * APIMart `kling-3.0-turbo`: text to video, or image to video with a Start Frame (APIMart picks
 * the mode from `first_frame_image`). Unsettled which fields it requires: resolution and duration
 * are always sent (a plain number, as documented), aspect_ratio only for text to video.
 */
export function mapTurbo(params: ItemParameters, row: ModelRow): IDataObject {
	const image = params.media(params.raw('startImage', ''), 'Start Frame', 'first_frame_image', 'frame', { image: TURBO_IMAGE_LIMITS });
	return compact({
		model: 'kling-3.0-turbo',
		prompt: params.text('prompt'),
		first_frame_image: image,
		aspect_ratio: image === undefined ? params.value('aspectRatio') : undefined,
		resolution: TURBO_RESOLUTIONS[row.tier],
		duration: params.value('duration'),
		watermark: params.boolean('watermark'),
	});
}

/**
 * APIMart `kling-v3-motion-control`. Unsettled which fields it requires: image_url, video_url,
 * character_orientation and mode are always sent (a gateway with the same body requires them);
 * keep_original_sound and watermark_info carry the form's values. The video must be a URL:
 * APIMart has no video upload. Its reference-length limits (3-10 s with `image`, 3-30 s with
 * `video`) apply to a URL the node cannot read; APIMart probes it itself.
 */
export function mapMotionControl(params: ItemParameters, row: ModelRow): IDataObject {
	const watermark = params.boolean('watermark');
	return compact({
		model: 'kling-v3-motion-control',
		image_url: params.media(params.raw('characterImage', ''), 'Character Image', 'image_url', 'image'),
		video_url: params.media(params.raw('video', ''), 'Reference Video', 'video_url', 'video'),
		character_orientation: params.value('characterOrientation'),
		mode: row.tier,
		prompt: params.text('prompt'),
		keep_original_sound: params.value('keepOriginalSound'),
		watermark_info: watermark === undefined ? undefined : { enabled: watermark },
	});
}
