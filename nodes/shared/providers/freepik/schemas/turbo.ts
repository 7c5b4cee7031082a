import type { z } from 'zod/v3';

import { ASPECT_RATIOS, choice, httpUrl, promptText, record } from '../../../schemas/common';
import { freepikDuration } from './parts';

/** Turbo text to video takes longer prompts than the other Kling 3 models ("1-3072 characters"). */
export const MAX_TURBO_TEXT_PROMPT_LENGTH = 3072;

/**
 * Kling 3 Turbo text to video: POST /v1/ai/text-to-video/kling-v3-turbo-{720p|1080p}. No OpenAPI
 * block for Turbo was found; the docs' tables give `duration` as a string "3".."15", like Kling 3,
 * so it is sent as one (the unsettled point, decided here and in mapping.ts's turboDuration).
 */
export const freepikTurboTextFields = record({
	webhook_url: httpUrl().optional(),
	prompt: promptText(MAX_TURBO_TEXT_PROMPT_LENGTH),
	aspect_ratio: choice(ASPECT_RATIOS).optional(),
	duration: freepikDuration().optional(),
});

/**
 * Kling 3 Turbo image to video: POST /v1/ai/image-to-video/kling-v3-turbo-{720p|1080p}. `image`
 * takes a URL or Base64; the node sends a URL (a binary input is uploaded first). No aspect ratio:
 * the video takes the image's.
 */
export const freepikTurboImageFields = record({
	webhook_url: httpUrl().optional(),
	image: httpUrl(),
	prompt: promptText().optional(),
	duration: freepikDuration().optional(),
});

export type FreepikTurboTextBody = z.infer<typeof freepikTurboTextFields>;
export type FreepikTurboImageBody = z.infer<typeof freepikTurboImageFields>;

export const freepikTurboTextBody = freepikTurboTextFields;
export const freepikTurboImageBody = freepikTurboImageFields;
