import type { IDataObject } from 'n8n-workflow';

import { compact, type ItemParameters } from '../../parameters';
import type { ImageLimits, ModelRow, VideoLimits } from '../types';

/** Freepik wants durations as strings ("5"); a number typed by the user becomes one. */
function freepikDuration(value: IDataObject[string]): IDataObject[string] {
	return typeof value === 'number' ? String(value) : value;
}

function freepikElements(params: ItemParameters): IDataObject[] | undefined {
	const elements = params.entries('elements.element');
	if (elements.length === 0) return undefined;
	return elements.map((element, index) =>
		compact({
			frontal_image_url: params.media(element.frontalImage, `Elements[${index + 1}].Frontal Image`, `elements[${index}].frontal_image_url`, 'image'),
			reference_image_urls: String(element.referenceImages ?? '')
				.split(/[,\n]/)
				.map((entry) => entry.trim())
				.filter((entry) => entry !== '')
				.map((image, imageIndex) =>
					params.media(
						image,
						`Elements[${index + 1}].Reference Images`,
						`elements[${index}].reference_image_urls[${imageIndex}]`,
						'image',
					),
				),
		}),
	);
}

/** Kling 3 Omni (text/image to video): POST /v1/ai/video/kling-v3-omni-{std|pro}. */
export function mapOmni(params: ItemParameters): IDataObject {
	// Version 1 had no Multi-Shot switch: its Shots were always on.
	const multiShot = params.nodeVersion === 1 || params.boolean('multiShot') === true;
	const shots = multiShot ? params.entries('shots.shot').map((shot) => shot.prompt as string) : [];
	const referenceImages = params
		.entries('referenceImages.image')
		.map((entry, index) => params.media(entry.image, `Reference Images[${index + 1}]`, `image_urls[${index}]`, 'image'));
	return compact({
		prompt: params.text('prompt'),
		multi_prompt: shots.length > 0 ? shots : undefined,
		shot_type: shots.length > 0 ? 'customize' : undefined,
		start_image_url: params.media(params.raw('startImage', ''), 'Start Frame', 'start_image_url', 'frame'),
		end_image_url: params.media(params.raw('endImage', ''), 'End Frame', 'end_image_url', 'frame'),
		image_urls: referenceImages.length > 0 ? referenceImages : undefined,
		elements: freepikElements(params),
		generate_audio: params.boolean('generateAudio'),
		voice_ids: params.list('voiceIds'),
		aspect_ratio: params.value('aspectRatio'),
		duration: freepikDuration(params.value('duration')),
		webhook_url: webhookUrlOption(params),
	});
}

function freepikShotsWithDurations(params: ItemParameters): IDataObject[] | undefined {
	const shots = params.entries('shots.shot');
	if (shots.length === 0) return undefined;
	return shots.map((shot) => ({ prompt: shot.prompt, duration: freepikDuration(shot.duration as IDataObject[string]) }));
}

function webhookUrlOption(params: ItemParameters): string | undefined {
	const options = params.raw('options', {}) as IDataObject;
	return typeof options.webhookUrl === 'string' && options.webhookUrl.trim() ? options.webhookUrl.trim() : undefined;
}

/** Kling 3 (std/pro): POST /v1/ai/video/kling-v3-{std|pro}. */
export function mapKling3(params: ItemParameters): IDataObject {
	const multiShot = params.boolean('multiShot') === true;
	return compact({
		prompt: params.text('prompt'),
		multi_shot: multiShot ? true : undefined,
		shot_type: multiShot ? params.value('shotType') : undefined,
		multi_prompt: multiShot ? freepikShotsWithDurations(params) : undefined,
		start_image_url: params.media(params.raw('startImage', ''), 'Start Frame', 'start_image_url', 'frame'),
		end_image_url: params.media(params.raw('endImage', ''), 'End Frame', 'end_image_url', 'frame'),
		elements: freepikElements(params),
		voice_ids: params.list('voiceIds'),
		generate_audio: params.boolean('generateAudio'),
		aspect_ratio: params.value('aspectRatio'),
		duration: freepikDuration(params.value('duration')),
		negative_prompt: params.text('negativePrompt'),
		cfg_scale: params.value('cfgScale'),
		webhook_url: webhookUrlOption(params),
	});
}

/**
 * Kling 3 Omni video to video: POST /v1/ai/reference-to-video/kling-v3-omni-{std|pro}. The older
 * pro-only path /v1/ai/video/kling-v3-omni-pro/video-reference takes the same body but is no
 * longer in the current docs and has no std tier, so it is not offered.
 */
export function mapOmniReference(params: ItemParameters): IDataObject {
	return compact({
		video_url: params.media(params.raw('video', ''), 'Reference Video', 'video_url', 'video'),
		prompt: params.text('prompt'),
		image_url: params.media(params.raw('startImage', ''), 'Start Frame', 'image_url', 'frame'),
		duration: freepikDuration(params.value('duration')),
		aspect_ratio: params.value('aspectRatio'),
		cfg_scale: params.value('cfgScale'),
		negative_prompt: params.text('negativePrompt'),
		webhook_url: webhookUrlOption(params),
	});
}

/**
 * Kling 3 Turbo on Freepik: POST /v1/ai/text-to-video/kling-v3-turbo-{720p|1080p}, or
 * /v1/ai/image-to-video/... when the item has a Start Frame (models.ts picks the row by it).
 * Unsettled: whether Turbo's `duration` is a string or a number. The docs' tables say string,
 * like Kling 3, so it is sent as one; this is the one place that decides it.
 */
export function mapTurbo(params: ItemParameters, row: ModelRow): IDataObject {
	const image = params.media(params.raw('startImage', ''), 'Start Frame', 'image', 'frame', { image: TURBO_IMAGE_LIMITS });
	return compact({
		prompt: params.text('prompt'),
		image,
		// Image to video takes no aspect ratio: the video inherits the image's.
		aspect_ratio: row.inputMode === 'text' ? params.value('aspectRatio') : undefined,
		duration: freepikDuration(params.value('duration')),
		webhook_url: webhookUrlOption(params),
	});
}

/** Turbo's first frame: "JPG, JPEG, or PNG; min 300x300px; max 50MB; aspect ratio 1:2.5 to 2.5:1". */
const TURBO_IMAGE_LIMITS: ImageLimits = { formats: ['jpeg', 'png'], maxBytes: 50 * 1024 * 1024, minSide: 300, maxAspect: 2.5 };

/** Motion Control's character image: JPG, JPEG, PNG or WEBP, at least 300x300, at most 10 MB (no ratio stated). */
const MOTION_IMAGE_LIMITS: ImageLimits = { formats: ['jpeg', 'png', 'webp'], maxBytes: 10 * 1024 * 1024, minSide: 300, maxAspect: Infinity };

/**
 * The reference video: "3-30 seconds"; with orientation `image` the output is at most 10 s, and
 * Freepik does not say whether a longer reference is cut or refused, so (as APIMart documents for
 * the same model) it is refused. No size cap is documented beyond the upload's 1 GB.
 */
export function motionControlVideoLimits(orientation: unknown): VideoLimits {
	const imageOrientation = orientation === 'image';
	return {
		maxBytes: 1024 * 1024 * 1024,
		minSeconds: 3,
		maxSeconds: imageOrientation ? 10 : 30,
		durationNote: imageOrientation ? 'with Character Orientation "image" (30 s with "video")' : undefined,
	};
}

/** Kling 3 Motion Control: POST /v1/ai/video/kling-v3-motion-control-{std|pro}. */
export function mapMotionControl(params: ItemParameters): IDataObject {
	const orientation = params.value('characterOrientation');
	return compact({
		image_url: params.media(params.raw('characterImage', ''), 'Character Image', 'image_url', 'frame', { image: MOTION_IMAGE_LIMITS }),
		video_url: params.media(params.raw('video', ''), 'Reference Video', 'video_url', 'video', {
			video: motionControlVideoLimits(orientation),
		}),
		prompt: params.text('prompt'),
		character_orientation: orientation,
		cfg_scale: params.value('cfgScale'),
		webhook_url: webhookUrlOption(params),
	});
}
