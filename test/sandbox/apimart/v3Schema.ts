import { z } from 'zod';
import { aspectRatio, checkMultiShot, duration, httpUrl, mode, multiPrompt, promptText, shotType } from './common';

const SHOT_PROMPT_MAX_LENGTH = 512;

/** `model: "kling-v3"`: one image is the first frame, two are first and last. */
export const apimartV3Schema = z
	.object({
		model: z.literal('kling-v3'),
		prompt: promptText.optional(),
		negative_prompt: promptText.optional(),
		image_urls: z.array(httpUrl).min(1, 'needs 1 or 2 images').max(2, 'needs 1 or 2 images').optional(),
		mode: mode.optional(),
		duration: duration.optional(),
		aspect_ratio: aspectRatio.optional(),
		watermark: z.boolean().optional(),
		audio: z.boolean().optional(),
		multi_shot: z.boolean().optional(),
		shot_type: shotType.optional(),
		multi_prompt: multiPrompt(SHOT_PROMPT_MAX_LENGTH).optional(),
	})
	.strict()
	.superRefine(checkMultiShot);

export type ApimartV3Body = z.infer<typeof apimartV3Schema>;
