import type { JsonObject, Report } from '../../../schemas/common';
import { choice, choicesText, httpUrl, list, listOf, nonBlankText, quote, record } from '../../../schemas/common';
import type { PromptText } from '../../../schemas/references';
import { checkNumberedReferences, NUMBERED_TOKENS } from '../../../schemas/references';

/** Freepik's cap on reference images and elements together (documented for Omni). */
export const MAX_FREEPIK_REFERENCES = 4;
export const MAX_FREEPIK_SHOTS = 6;
export const MAX_FREEPIK_VOICES = 2;
export const MAX_TOTAL_SECONDS = 15;
export const DEFAULT_FREEPIK_DURATION = '5';

/** Freepik wants durations as strings. */
export const FREEPIK_DURATIONS = ['3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'] as const;

export function freepikDuration() {
	return choice(FREEPIK_DURATIONS, { what: `a string ${choicesText(FREEPIK_DURATIONS)}`, who: 'Freepik' });
}

export function freepikElements(max?: number) {
	const element = record({
		reference_image_urls: list(httpUrl(), { unit: 'image', min: 1 }),
		frontal_image_url: httpUrl(),
	});
	return list(element, { unit: 'element', min: 1, max });
}

export function voiceIds() {
	return list(nonBlankText('a voice ID'), { unit: 'voice ID', min: 1, max: MAX_FREEPIK_VOICES });
}

export function isFreepikDuration(value: unknown): value is (typeof FREEPIK_DURATIONS)[number] {
	return (FREEPIK_DURATIONS as readonly unknown[]).includes(value);
}

/** The duration the provider will use: the one given, or its default when left out. */
export function effectiveDuration(body: JsonObject): string | undefined {
	if (body.duration === undefined) return DEFAULT_FREEPIK_DURATION;
	return isFreepikDuration(body.duration) ? body.duration : undefined;
}

export function durationPhrase(body: JsonObject, seconds: string): string {
	return body.duration === undefined ? `missing (defaults to ${quote(seconds)})` : quote(seconds);
}

export function checkElementAndVoiceReferences(texts: PromptText[], body: JsonObject, report: Report): void {
	const elements = listOf(body.elements).length;
	const voices = listOf(body.voice_ids).length;
	checkNumberedReferences(
		texts,
		{ kind: NUMBERED_TOKENS.freepikElement, available: elements, noun: 'element', source: 'elements' },
		report,
	);
	checkNumberedReferences(
		texts,
		{ kind: NUMBERED_TOKENS.voice, available: voices, noun: 'voice', source: 'voice_ids' },
		report,
	);
}
