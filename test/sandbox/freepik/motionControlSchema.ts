import { z } from 'zod';
import { httpUrl, promptText } from './common';

/**
 * Kling 3 Motion Control: `POST /v1/ai/video/kling-v3-motion-control-{std,pro}` (schema
 * `motion-control-request`, the same for both tiers). cfg_scale is 0..1 here (the schema's own range).
 */
export const freepikMotionControlSchema = z
	.object({
		webhook_url: httpUrl.optional(),
		image_url: httpUrl,
		video_url: httpUrl,
		prompt: promptText.optional(),
		character_orientation: z.enum(['video', 'image'], { errorMap: () => ({ message: 'must be "video" or "image"' }) }).optional(),
		cfg_scale: z.number({ invalid_type_error: 'must be a number' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
	})
	.strict();

export type FreepikMotionControlBody = z.infer<typeof freepikMotionControlSchema>;
