import type { z } from 'zod/v3';

import type { JsonObject, Report } from '../../../schemas/common';
import { httpUrl, list, record, withRules } from '../../../schemas/common';
import { apimartFields, checkApimartMultiShot, refuseVoiceReferences } from './parts';
import { promptTexts } from '../../../schemas/references';

const MAX_SHOT_PROMPT_LENGTH = 512;

export const apimartKling3Fields = record({
	...apimartFields('kling-v3', MAX_SHOT_PROMPT_LENGTH),
	// One image is the first frame; a second is the last frame.
	image_urls: list(httpUrl(), { unit: 'image', min: 1, max: 2 }).optional(),
});

export type ApimartKling3Body = z.infer<typeof apimartKling3Fields>;

function checkApimartKling3Rules(body: JsonObject, report: Report): void {
	checkApimartMultiShot(body, report);
	refuseVoiceReferences(promptTexts(body), report);
}

export const apimartKling3Body = withRules(apimartKling3Fields, checkApimartKling3Rules);
