import type { z } from 'zod/v3';

import type { JsonObject, Report } from '../../../schemas/common';
import {
	ASPECT_RATIOS,
	choice,
	decimal,
	describeValue,
	flag,
	httpUrl,
	isJsonObject,
	list,
	listOf,
	promptText,
	record,
	withRules,
} from '../../../schemas/common';
import {
	checkElementAndVoiceReferences,
	freepikElements,
	isFreepikDuration,
	MAX_FREEPIK_REFERENCES,
	MAX_FREEPIK_SHOTS,
	MAX_TOTAL_SECONDS,
	voiceIds,
	freepikDuration,
} from './parts';
import { promptTexts } from '../../../schemas/references';

/** Freepik's default when multi_prompt is given without a shot_type. */
const DEFAULT_SHOT_TYPE = 'customize';

const shot = record({
	prompt: promptText(),
	duration: freepikDuration(),
});

export const freepikKling3Fields = record({
	webhook_url: httpUrl().optional(),
	prompt: promptText().optional(),
	multi_prompt: list(shot, { unit: 'shot', min: 1, max: MAX_FREEPIK_SHOTS }).optional(),
	multi_shot: flag().optional(),
	shot_type: choice(['customize', 'intelligent']).optional(),
	start_image_url: httpUrl().optional(),
	end_image_url: httpUrl().optional(),
	// The V3 doc gives no cap on elements; Omni's cap of 4 is applied.
	elements: freepikElements(MAX_FREEPIK_REFERENCES).optional(),
	voice_ids: voiceIds().optional(),
	generate_audio: flag().optional(),
	aspect_ratio: choice(ASPECT_RATIOS).optional(),
	// With customize multi_prompt the provider ignores duration: the shots' durations count.
	duration: freepikDuration().optional(),
	negative_prompt: promptText().optional(),
	// The schema allows 0..2 but the Kling 3 prose says values above 1 are not supported: the stricter 0..1 wins.
	cfg_scale: decimal(0, 1, 'Freepik').optional(),
});

export type FreepikKling3Body = z.infer<typeof freepikKling3Fields>;

function checkMultiShot(body: JsonObject, report: Report): void {
	const multiShot = body.multi_shot === true;
	const hasMultiPrompt = body.multi_prompt !== undefined;
	const customize = (body.shot_type ?? DEFAULT_SHOT_TYPE) === 'customize';
	// The doc calls multi_prompt effective only in multi-shot mode; we refuse one that would be ignored.
	if (hasMultiPrompt && !multiShot) {
		const given = body.multi_shot === undefined ? 'missing' : `${describeValue(body.multi_shot)} given`;
		report('multi_shot', `${given}, must be true when multi_prompt is given`);
	}
	if (customize && !hasMultiPrompt && (multiShot || body.shot_type !== undefined)) {
		const shotType = body.shot_type === undefined ? '(default) "customize"' : '"customize"';
		report('multi_prompt', `missing, shot_type ${shotType} needs multi_prompt`);
	}
	if (body.prompt === undefined && !(multiShot && customize && hasMultiPrompt)) {
		report('prompt', 'missing, required unless multi_shot is true with shot_type "customize" and a multi_prompt');
	}
	const shots = listOf(body.multi_prompt);
	const durations = shots.map((item) => (isJsonObject(item) && isFreepikDuration(item.duration) ? Number(item.duration) : NaN));
	const total = durations.reduce((sum, seconds) => sum + seconds, 0);
	if (shots.length > 0 && !Number.isNaN(total) && total > MAX_TOTAL_SECONDS) {
		report('multi_prompt', `shot durations add up to ${total} s (${durations.join(' + ')}), at most ${MAX_TOTAL_SECONDS} s allowed`);
	}
}

function checkFreepikKling3Rules(body: JsonObject, report: Report): void {
	checkMultiShot(body, report);
	if (body.end_image_url !== undefined && body.start_image_url === undefined) {
		report('end_image_url', 'needs start_image_url (the first frame) too');
	}
	checkElementAndVoiceReferences(promptTexts(body), body, report);
}

export const freepikKling3Body = withRules(freepikKling3Fields, checkFreepikKling3Rules);
