import { z } from 'zod';
import { httpUrl } from '../http/httpUrl';

export { httpUrl };

export const PROMPT_MAX_LENGTH = 2500;
export const MAX_SHOTS = 6;
export const MAX_TOTAL_SECONDS = 15;
export const KLING_DURATIONS = ['3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'] as const;

export const promptText = z
	.string({ invalid_type_error: 'must be a string' })
	.max(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`);

/** Freepik wants the duration as a string; a JSON number is rejected like any other wrong value. */
export const klingDuration = z.enum(KLING_DURATIONS, {
	errorMap: () => ({ message: `must be a string, one of "3".."15"` }),
});

export const omniAspectRatio = z.enum(['auto', '16:9', '9:16', '1:1'], {
	errorMap: () => ({ message: 'must be one of auto, 16:9, 9:16, 1:1' }),
});

export const element = z
	.object({
		reference_image_urls: z.array(httpUrl).min(1, 'must hold at least one image URL'),
		frontal_image_url: httpUrl.optional(),
	})
	.strict();

export const voiceIds = z.array(z.string().min(1)).max(2, 'at most 2 voices');

export const cfgScale = z.number({ invalid_type_error: 'must be a number' }).min(0).max(2);

export function durationSeconds(duration: string | undefined): number {
	return Number(duration ?? '5');
}
