import { z } from 'zod';
import { httpUrl, promptText } from './common';

/**
 * `model: "kling-v3-motion-control"`: a character image and a motion reference video (mp4/mov,
 * under 100 MB; 3-10 s with orientation `image`, 3-30 s with `video`, probed by APIMart itself).
 * Required as another gateway with the same body documents: image_url, video_url,
 * character_orientation, mode.
 */
export const apimartMotionControlSchema = z
	.object({
		model: z.literal('kling-v3-motion-control'),
		prompt: promptText.optional(),
		image_url: httpUrl,
		video_url: httpUrl,
		keep_original_sound: z.enum(['yes', 'no'], { errorMap: () => ({ message: 'must be yes or no' }) }).optional(),
		character_orientation: z.enum(['image', 'video'], { errorMap: () => ({ message: 'must be image or video' }) }),
		mode: z.enum(['std', 'pro'], { errorMap: () => ({ message: 'must be std or pro' }) }),
		watermark_info: z.object({ enabled: z.boolean() }).strict().optional(),
	})
	.strict();
