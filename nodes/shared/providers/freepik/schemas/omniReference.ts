import type { z } from 'zod/v3';

import type { JsonObject, Report } from '../../../schemas/common';
import { ASPECT_RATIOS_WITH_AUTO, choice, decimal, httpUrl, promptText, record, withRules } from '../../../schemas/common';
import { freepikDuration } from './parts';
import { checkNumberedReferences, NUMBERED_TOKENS, promptTexts } from '../../../schemas/references';

export const freepikOmniReferenceFields = record({
	webhook_url: httpUrl().optional(),
	prompt: promptText().optional(),
	image_url: httpUrl().optional(),
	video_url: httpUrl(),
	duration: freepikDuration().optional(),
	// "auto" matches the input video, which this mode always has.
	aspect_ratio: choice(ASPECT_RATIOS_WITH_AUTO).optional(),
	cfg_scale: decimal(0, 2, 'Freepik').optional(),
	negative_prompt: promptText().optional(),
});

export type FreepikOmniReferenceBody = z.infer<typeof freepikOmniReferenceFields>;

function checkFreepikOmniReferenceRules(body: JsonObject, report: Report): void {
	const texts = promptTexts(body);
	// video_url is the one video; when it is missing that is reported on video_url itself.
	checkNumberedReferences(
		texts,
		{ kind: NUMBERED_TOKENS.freepikVideo, available: 1, noun: 'reference video', source: 'video_url' },
		report,
	);
	checkNumberedReferences(
		texts,
		{
			kind: NUMBERED_TOKENS.freepikImage,
			available: 0,
			noun: 'reference image',
			source: 'image_urls',
			whenNoneAllowed: 'video-to-video takes no reference images (image_url is the start frame, not a reference)',
		},
		report,
	);
}

export const freepikOmniReferenceBody = withRules(freepikOmniReferenceFields, checkFreepikOmniReferenceRules);
