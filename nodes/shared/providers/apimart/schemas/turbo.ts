import type { z } from 'zod/v3';

import type { JsonObject, Report } from '../../../schemas/common';
import { ASPECT_RATIOS, choice, exactly, flag, httpUrl, promptText, record, wholeNumber, withRules } from '../../../schemas/common';

/** "The upstream limit is no more than 3072 characters". */
const MAX_TURBO_PROMPT_LENGTH = 3072;

/**
 * APIMart `kling-3.0-turbo`: text to video, or image to video with `first_frame_image` (APIMart
 * picks the mode from it). `duration` must be a plain number ("do not add quotes"). The node
 * always sends resolution and duration; prompt is required for text to video.
 */
export const apimartTurboFields = record({
	model: exactly('kling-3.0-turbo'),
	prompt: promptText(MAX_TURBO_PROMPT_LENGTH).optional(),
	first_frame_image: httpUrl().optional(),
	aspect_ratio: choice(ASPECT_RATIOS).optional(),
	resolution: choice(['720p', '1080p']).optional(),
	duration: wholeNumber(3, 15, 'APIMart').optional(),
	watermark: flag().optional(),
});

export type ApimartTurboBody = z.infer<typeof apimartTurboFields>;

function checkApimartTurboRules(body: JsonObject, report: Report): void {
	if (body.prompt === undefined && body.first_frame_image === undefined) {
		report('prompt', 'missing, required for text to video (without first_frame_image)');
	}
	if (body.aspect_ratio !== undefined && body.first_frame_image !== undefined) {
		report('aspect_ratio', 'only for text to video: with first_frame_image the video takes the image\'s ratio');
	}
}

export const apimartTurboBody = withRules(apimartTurboFields, checkApimartTurboRules);
