import type { z } from 'zod/v3';

import type { JsonObject, Report } from '../../../schemas/common';
import {
	ASPECT_RATIOS_WITH_AUTO,
	choice,
	describeValue,
	flag,
	httpUrl,
	list,
	listOf,
	plural,
	promptText,
	record,
	withRules,
} from '../../../schemas/common';
import {
	checkElementAndVoiceReferences,
	durationPhrase,
	effectiveDuration,
	freepikElements,
	MAX_FREEPIK_REFERENCES,
	MAX_FREEPIK_SHOTS,
	MAX_TOTAL_SECONDS,
	voiceIds,
	freepikDuration,
} from './parts';
import { checkNumberedReferences, NUMBERED_TOKENS, promptTexts } from '../../../schemas/references';

const MIN_SECONDS_PER_SHOT = 3;

export const freepikOmniFields = record({
	webhook_url: httpUrl().optional(),
	prompt: promptText().optional(),
	multi_prompt: list(promptText(), { unit: 'shot', min: 1, max: MAX_FREEPIK_SHOTS }).optional(),
	shot_type: choice(['customize']).optional(),
	image_url: httpUrl().optional(),
	start_image_url: httpUrl().optional(),
	end_image_url: httpUrl().optional(),
	image_urls: list(httpUrl(), { unit: 'reference image', min: 1 }).optional(),
	elements: freepikElements().optional(),
	generate_audio: flag().optional(),
	voice_ids: voiceIds().optional(),
	aspect_ratio: choice(ASPECT_RATIOS_WITH_AUTO).optional(),
	duration: freepikDuration().optional(),
});

export type FreepikOmniBody = z.infer<typeof freepikOmniFields>;

function checkPromptChoice(body: JsonObject, report: Report): void {
	const hasPrompt = body.prompt !== undefined;
	const hasMultiPrompt = body.multi_prompt !== undefined;
	if (hasPrompt && hasMultiPrompt) report('multi_prompt', 'cannot be combined with prompt, give one of them');
	// The doc requires a prompt for text-to-video only; we require prompt or multi_prompt always.
	if (!hasPrompt && !hasMultiPrompt) report('prompt', 'missing, give prompt or multi_prompt');
	if (body.shot_type !== undefined && !hasMultiPrompt) {
		report('shot_type', `${describeValue(body.shot_type)} given without multi_prompt, shot_type needs multi_prompt`);
	}
}

function checkImages(body: JsonObject, report: Report): void {
	const hasFirstFrame = body.image_url !== undefined || body.start_image_url !== undefined;
	if (body.image_url !== undefined && body.start_image_url !== undefined) {
		report('start_image_url', 'cannot be combined with image_url, both set the first frame');
	}
	if (body.end_image_url !== undefined && !hasFirstFrame) {
		report('end_image_url', 'needs a first frame too: give image_url or start_image_url');
	}
	const references = listOf(body.image_urls).length;
	const elements = listOf(body.elements).length;
	if (references + elements > MAX_FREEPIK_REFERENCES) {
		report(
			body.image_urls !== undefined ? 'image_urls' : 'elements',
			`${plural(references, 'reference image')} + ${plural(elements, 'element')} = ${references + elements}, ` +
				`at most ${MAX_FREEPIK_REFERENCES} allowed together`,
		);
	}
	if (body.aspect_ratio === 'auto' && !hasFirstFrame && references === 0 && elements === 0) {
		report('aspect_ratio', '"auto" needs an input image (image_url, start_image_url, image_urls or elements)');
	}
}

/**
 * The doc says "each shot >= 3 s, total <= 15 s", but Omni's multi_prompt carries no per-shot
 * durations, so we read it as: duration >= 3 s x number of shots (hence at most 5 shots fit).
 */
function checkShotsFitDuration(body: JsonObject, report: Report): void {
	const shots = listOf(body.multi_prompt).length;
	const duration = effectiveDuration(body);
	if (shots === 0 || shots > MAX_FREEPIK_SHOTS || duration === undefined) return;
	const needed = shots * MIN_SECONDS_PER_SHOT;
	if (needed > MAX_TOTAL_SECONDS) {
		report(
			'multi_prompt',
			`${plural(shots, 'shot')} need at least ${needed} s (${MIN_SECONDS_PER_SHOT} s each), ` +
				`more than the ${MAX_TOTAL_SECONDS} s maximum: use at most ${Math.floor(MAX_TOTAL_SECONDS / MIN_SECONDS_PER_SHOT)} shots`,
		);
	} else if (Number(duration) < needed) {
		report(
			'duration',
			`${durationPhrase(body, duration)} is too short for ${plural(shots, 'shot')}: ` +
				`each shot needs at least ${MIN_SECONDS_PER_SHOT} s, so at least "${needed}"`,
		);
	}
}

function checkFreepikOmniRules(body: JsonObject, report: Report): void {
	checkPromptChoice(body, report);
	checkImages(body, report);
	checkShotsFitDuration(body, report);
	const texts = promptTexts(body);
	checkNumberedReferences(
		texts,
		{
			kind: NUMBERED_TOKENS.freepikImage,
			available: listOf(body.image_urls).length,
			noun: 'reference image',
			source: 'image_urls',
		},
		report,
	);
	checkElementAndVoiceReferences(texts, body, report);
}

export const freepikOmniBody = withRules(freepikOmniFields, checkFreepikOmniRules);
