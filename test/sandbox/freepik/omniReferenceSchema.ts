import { z } from 'zod';
import { cfgScale, httpUrl, klingDuration, omniAspectRatio, promptText } from './common';

/**
 * Kling 3 Omni reference (video to video): `POST /v1/ai/reference-to-video/kling-v3-omni-{std,pro}`
 * and the legacy `POST /v1/ai/video/kling-v3-omni-pro/video-reference`.
 */
export const freepikOmniReferenceSchema = z
	.object({
		webhook_url: httpUrl.optional(),
		video_url: httpUrl,
		prompt: promptText.optional(),
		image_url: httpUrl.optional(),
		duration: klingDuration.optional(),
		aspect_ratio: omniAspectRatio.optional(),
		cfg_scale: cfgScale.optional(),
		negative_prompt: promptText.optional(),
	})
	.strict();

export type FreepikOmniReferenceBody = z.infer<typeof freepikOmniReferenceSchema>;
