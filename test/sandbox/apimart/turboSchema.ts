import { z } from 'zod';
import { aspectRatio, duration, httpUrl } from './common';

const TURBO_PROMPT_MAX_LENGTH = 3072;

/**
 * `model: "kling-3.0-turbo"`: text to video, or image to video with `first_frame_image` (a URL or
 * Base64). `duration` a plain number 3..15; `aspect_ratio` only counts for text to video.
 */
export const apimartTurboSchema = z
	.object({
		model: z.literal('kling-3.0-turbo'),
		prompt: z.string({ invalid_type_error: 'must be a string' }).max(TURBO_PROMPT_MAX_LENGTH, `must be at most ${TURBO_PROMPT_MAX_LENGTH} characters`).optional(),
		first_frame_image: z.union([httpUrl, z.string().min(1)]).optional(),
		aspect_ratio: aspectRatio.optional(),
		resolution: z.enum(['720p', '1080p'], { errorMap: () => ({ message: 'must be 720p or 1080p' }) }).optional(),
		duration: duration.optional(),
		watermark: z.boolean().optional(),
	})
	.strict()
	.superRefine((body, context) => {
		if (body.prompt === undefined && body.first_frame_image === undefined) {
			context.addIssue({ code: 'custom', path: ['prompt'], message: 'is required for text-to-video' });
		}
	});
