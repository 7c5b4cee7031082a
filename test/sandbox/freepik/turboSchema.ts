import { z } from 'zod';
import { httpUrl, KLING_DURATIONS, promptText } from './common';

const TURBO_TEXT_PROMPT_MAX_LENGTH = 3072;

/**
 * Turbo's duration: the docs' tables say a string "3".."15"; no OpenAPI block confirms it and a
 * third-party client sends a number. Unsettled, so the sandbox takes both (the node sends a string).
 */
const turboDuration = z.union([
	z.enum(KLING_DURATIONS),
	z.number().int().min(3).max(15),
], { errorMap: () => ({ message: 'must be a whole number of seconds from 3 to 15' }) });

/** Kling 3 Turbo text to video: `POST /v1/ai/text-to-video/kling-v3-turbo-{720p,1080p}`. */
export const freepikTurboTextSchema = z
	.object({
		webhook_url: httpUrl.optional(),
		prompt: z
			.string({ required_error: 'is required', invalid_type_error: 'must be a string' })
			.min(1, 'must be 1-3072 characters')
			.max(TURBO_TEXT_PROMPT_MAX_LENGTH, `must be at most ${TURBO_TEXT_PROMPT_MAX_LENGTH} characters`),
		aspect_ratio: z.enum(['16:9', '9:16', '1:1'], { errorMap: () => ({ message: 'must be one of 16:9, 9:16, 1:1' }) }).optional(),
		duration: turboDuration.optional(),
	})
	.strict();

/** Kling 3 Turbo image to video: `POST /v1/ai/image-to-video/kling-v3-turbo-{720p,1080p}`; no aspect ratio. */
export const freepikTurboImageSchema = z
	.object({
		webhook_url: httpUrl.optional(),
		// A URL or Base64 (without the data URI prefix).
		image: z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).min(1, 'must not be empty'),
		prompt: promptText.optional(),
		duration: turboDuration.optional(),
	})
	.strict();
