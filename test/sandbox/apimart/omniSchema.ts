import { z } from 'zod';
import { aspectRatio, checkMultiShot, duration, httpUrl, mode, multiPrompt, promptText, shotType } from './common';

const MAX_ELEMENTS = 3;

const imageWithRole = z
	.object({
		url: httpUrl,
		role: z.enum(['first_frame', 'last_frame', 'reference'], {
			errorMap: () => ({ message: 'must be first_frame, last_frame or reference' }),
		}),
	})
	.strict();

const referenceVideo = z
	.object({
		url: httpUrl,
		refer_type: z.enum(['base', 'feature'], { errorMap: () => ({ message: 'must be base or feature' }) }).optional(),
		keep_original_sound: z.enum(['yes', 'no'], { errorMap: () => ({ message: 'must be yes or no' }) }).optional(),
	})
	.strict();

const element = z
	.object({
		name: z.string().min(1),
		description: z.string().min(1),
		element_input_urls: z.array(httpUrl).min(2, 'needs 2 to 4 images').max(4, 'needs 2 to 4 images'),
	})
	.strict();

/** `model: "kling-v3-omni"` on `POST /v1/videos/generations`. */
export const apimartOmniSchema = z
	.object({
		model: z.literal('kling-v3-omni'),
		prompt: promptText.optional(),
		negative_prompt: promptText.optional(),
		mode: mode.optional(),
		duration: duration.optional(),
		aspect_ratio: aspectRatio.optional(),
		image_urls: z.array(httpUrl).optional(),
		image_with_roles: z.array(imageWithRole).optional(),
		video_list: z.array(referenceVideo).max(1, 'at most 1 video').optional(),
		multi_shot: z.boolean().optional(),
		shot_type: shotType.optional(),
		multi_prompt: multiPrompt(2500).optional(),
		element_list: z.array(element).max(MAX_ELEMENTS, `at most ${MAX_ELEMENTS} subjects`).optional(),
		watermark: z.boolean().optional(),
		audio: z.boolean().optional(),
	})
	.strict()
	.superRefine((body, context) => {
		const issue = (path: string, message: string): void => context.addIssue({ code: 'custom', path: [path], message });
		if (body.image_urls !== undefined && body.image_with_roles !== undefined) {
			issue('image_with_roles', 'cannot be combined with image_urls');
		}
		const roles = (body.image_with_roles ?? []).map((image) => image.role);
		const firstFrames = roles.filter((role) => role === 'first_frame').length;
		const lastFrames = roles.filter((role) => role === 'last_frame').length;
		if (firstFrames > 1 || lastFrames > 1) issue('image_with_roles', 'at most one first_frame and one last_frame');
		if (lastFrames > 0 && firstFrames === 0) issue('image_with_roles', 'a last_frame needs a first_frame');
		const editsVideo = (body.video_list ?? []).some((video) => (video.refer_type ?? 'base') === 'base');
		if (editsVideo && firstFrames + lastFrames > 0) {
			issue('video_list', 'start/end frames are not allowed with refer_type base');
		}
		checkMultiShot(body, context);
	});

export type ApimartOmniBody = z.infer<typeof apimartOmniSchema>;
