import type { z } from 'zod/v3';

import { choice, decimal, httpUrl, promptText, record } from '../../../schemas/common';

/** Freepik's two character orientations; `video` is its default. */
export const CHARACTER_ORIENTATIONS = ['video', 'image'] as const;

/**
 * Kling 3 Motion Control: POST /v1/ai/video/kling-v3-motion-control-{std|pro} (schema
 * `motion-control-request`; Std's own page was not found, its fields are listed as the same).
 * The reference video's length (3-30 s, at most 10 s with orientation `image`) is checked from a
 * binary video's header (mapping.ts passes the limits); a URL is the provider's to read.
 */
export const freepikMotionControlFields = record({
	webhook_url: httpUrl().optional(),
	image_url: httpUrl(),
	video_url: httpUrl(),
	prompt: promptText().optional(),
	character_orientation: choice(CHARACTER_ORIENTATIONS).optional(),
	cfg_scale: decimal(0, 1, 'Freepik').optional(),
});

export type FreepikMotionControlBody = z.infer<typeof freepikMotionControlFields>;

export const freepikMotionControlBody = freepikMotionControlFields;
