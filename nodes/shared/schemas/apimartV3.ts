import type { z } from 'zod';

import type { JsonObject, Report } from './common';
import { httpUrl, list, record, withRules } from './common';
import { apimartFields, checkApimartMultiShot, refuseVoiceReferences } from './apimartParts';
import { promptTexts } from './references';

const MAX_SHOT_PROMPT_LENGTH = 512;

export const apimartV3Fields = record({
	...apimartFields('kling-v3', MAX_SHOT_PROMPT_LENGTH),
	// One image is the first frame; a second is the last frame.
	image_urls: list(httpUrl(), { unit: 'image', min: 1, max: 2 }).optional(),
});

export type ApimartV3Body = z.infer<typeof apimartV3Fields>;

function checkApimartV3Rules(body: JsonObject, report: Report): void {
	checkApimartMultiShot(body, report);
	refuseVoiceReferences(promptTexts(body), report);
}

export const apimartV3Body = withRules(apimartV3Fields, checkApimartV3Rules);
