import type { IDataObject } from 'n8n-workflow';

import { compact, type ItemParameters } from '../../parameters';

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
