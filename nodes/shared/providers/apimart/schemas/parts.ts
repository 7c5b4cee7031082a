import type { JsonObject, Report } from '../../../schemas/common';
import {
	ASPECT_RATIOS,
	choice,
	describeValue,
	exactly,
	flag,
	isJsonObject,
	list,
	listOf,
	promptText,
	record,
	wholeNumber,
} from '../../../schemas/common';
import type { PromptText } from '../../../schemas/references';
import { checkNumberedReferences, NUMBERED_TOKENS } from '../../../schemas/references';

const PROVIDER = 'APIMart';
const DEFAULT_DURATION = 5;
const MIN_DURATION = 3;
const MAX_DURATION = 15;
const MAX_SHOTS = 6;

function shots(maxShotPromptLength: number) {
	const shot = record({
		index: wholeNumber(1, undefined, PROVIDER),
		prompt: promptText(maxShotPromptLength),
		duration: wholeNumber(1, undefined, PROVIDER),
	});
	return list(shot, { unit: 'shot', min: 1, max: MAX_SHOTS });
}

/** The fields both APIMart Kling models share. */
export function apimartFields<M extends string>(model: M, maxShotPromptLength: number) {
	return {
		model: exactly(model),
		// The doc caps only negative_prompt at 2500; Kling's 2500 is applied to prompt as well.
		prompt: promptText().optional(),
		negative_prompt: promptText().optional(),
		mode: choice(['std', 'pro', '4k']).optional(),
		duration: wholeNumber(MIN_DURATION, MAX_DURATION, PROVIDER).optional(),
		aspect_ratio: choice(ASPECT_RATIOS).optional(),
		watermark: flag().optional(),
		audio: flag().optional(),
		multi_shot: flag().optional(),
		shot_type: choice(['customize', 'intelligence']).optional(),
		multi_prompt: shots(maxShotPromptLength).optional(),
	};
}

function isWholeNumber(value: unknown, min: number, max = Infinity): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function checkShotIndexesAndDurations(body: JsonObject, report: Report): void {
	const shotList = listOf(body.multi_prompt);
	shotList.forEach((item, position) => {
		const expected = position + 1;
		if (isJsonObject(item) && isWholeNumber(item.index, 1) && item.index !== expected) {
			report(['multi_prompt', position, 'index'], `${item.index} given, expected ${expected}: indexes count 1, 2, 3... in order`);
		}
	});
	const durations = shotList.map((item) => (isJsonObject(item) && isWholeNumber(item.duration, 1) ? item.duration : NaN));
	const total = durations.reduce((sum, seconds) => sum + seconds, 0);
	const duration = body.duration === undefined ? DEFAULT_DURATION : body.duration;
	if (shotList.length === 0 || Number.isNaN(total) || !isWholeNumber(duration, MIN_DURATION, MAX_DURATION)) return;
	if (total !== duration) {
		const given = body.duration === undefined ? `missing (defaults to ${DEFAULT_DURATION})` : `${duration} given`;
		const sum = durations.length > 1 ? `add up to ${total} (${durations.join(' + ')})` : `add up to ${total}`;
		report('duration', `${given}, but the multi_prompt shot durations ${sum}: they must be equal`);
	}
}

export function checkApimartMultiShot(body: JsonObject, report: Report): void {
	const multiShot = body.multi_shot === true;
	const hasMultiPrompt = body.multi_prompt !== undefined;
	if (multiShot && body.shot_type === undefined) {
		report('shot_type', 'missing, required when multi_shot is true ("customize" or "intelligence")');
	}
	if (multiShot && body.shot_type === 'customize' && !hasMultiPrompt) {
		report('multi_prompt', 'missing, required when multi_shot is true with shot_type "customize"');
	}
	if (hasMultiPrompt && !multiShot) {
		const given = body.multi_shot === undefined ? 'missing' : `${describeValue(body.multi_shot)} given`;
		report('multi_shot', `${given}, must be true when multi_prompt is given`);
	}
	const customShots = multiShot && body.shot_type === 'customize' && hasMultiPrompt;
	if (body.prompt === undefined && !customShots) {
		report('prompt', 'missing, required unless multi_shot is true with shot_type "customize" and a multi_prompt');
	}
	checkShotIndexesAndDurations(body, report);
}

export function refuseVoiceReferences(texts: PromptText[], report: Report): void {
	checkNumberedReferences(
		texts,
		{ kind: NUMBERED_TOKENS.voice, available: 0, noun: 'voice', source: 'voice_ids', whenNoneAllowed: 'APIMart takes no voice_ids' },
		report,
	);
}
