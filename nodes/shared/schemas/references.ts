import type { BodyPath, JsonObject, Report } from './common';
import { isJsonObject, listOf, plural, quote } from './common';

/** A prompt (or one shot's prompt) and where it sits in the body. */
export interface PromptText {
	path: BodyPath;
	text: string;
}

/** `prompt`, then every `multi_prompt` shot: a plain string (Freepik Omni) or an object's `prompt`. */
export function promptTexts(body: JsonObject): PromptText[] {
	const texts: PromptText[] = [];
	if (typeof body.prompt === 'string') texts.push({ path: ['prompt'], text: body.prompt });
	listOf(body.multi_prompt).forEach((shot, index) => {
		if (typeof shot === 'string') {
			texts.push({ path: ['multi_prompt', index], text: shot });
		} else if (isJsonObject(shot) && typeof shot.prompt === 'string') {
			texts.push({ path: ['multi_prompt', index, 'prompt'], text: shot.prompt });
		}
	});
	return texts;
}

/** Numbered reference tokens, matched case-sensitively as documented; group 1 is N. */
export const NUMBERED_TOKENS = {
	freepikImage: { pattern: /@Image(\d+)/g, token: (n: number) => `@Image${n}` },
	freepikElement: { pattern: /@Element(\d+)/g, token: (n: number) => `@Element${n}` },
	freepikVideo: { pattern: /@Video(\d+)/g, token: (n: number) => `@Video${n}` },
	voice: { pattern: /<<<voice_(\d+)>>>/g, token: (n: number) => `<<<voice_${n}>>>` },
	apimartImage: { pattern: /<<<image_(\d+)>>>/g, token: (n: number) => `<<<image_${n}>>>` },
};

export interface NumberedReference {
	kind: (typeof NUMBERED_TOKENS)[keyof typeof NUMBERED_TOKENS];
	/** How many things the body gives to refer to. */
	available: number;
	/** What is counted, singular: "reference image". */
	noun: string;
	/** The body field giving them: "image_urls". */
	source: string;
	/** Replaces "but no ... are given" where this body can never give any. */
	whenNoneAllowed?: string;
}

export function referencedNumbers(text: string, pattern: RegExp): number[] {
	const numbers = Array.from(text.matchAll(pattern), (match) => Number(match[1]));
	return [...new Set(numbers)];
}

function shortage(n: number, reference: NumberedReference): string {
	const { available, noun, source, whenNoneAllowed } = reference;
	const token = reference.kind.token(n);
	if (n === 0) return `refers to ${token} but numbering starts at 1`;
	if (available === 0) return `refers to ${token} but ${whenNoneAllowed ?? `no ${noun}s (${source}) are given`}`;
	return `refers to ${token} but only ${plural(available, noun)} (${source}) ${available === 1 ? 'is' : 'are'} given`;
}

export function checkNumberedReferences(texts: PromptText[], reference: NumberedReference, report: Report): void {
	for (const { path, text } of texts) {
		for (const n of referencedNumbers(text, reference.kind.pattern)) {
			if (n < 1 || n > reference.available) report(path, shortage(n, reference));
		}
	}
}

const NAME_CHARACTER = /[\p{L}\p{N}_]/u;
const NAME_WORD = /^[\p{L}\p{N}_-]+/u;

/**
 * `@word` tokens that are not one of `names`. An `@` right after a letter or digit (an email
 * address) is not a reference, nor is an `@` not followed by a word. A name may hold punctuation,
 * so known names are matched as prefixes (longest first) before a word is cut out.
 */
export function unknownNameReferences(text: string, names: string[]): string[] {
	const longestFirst = [...names].sort((a, b) => b.length - a.length);
	const unknown = new Set<string>();
	for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
		if (at > 0 && NAME_CHARACTER.test(text[at - 1])) continue;
		const rest = text.slice(at + 1);
		const known = longestFirst.some((name) => rest.startsWith(name) && !NAME_CHARACTER.test(rest.charAt(name.length)));
		if (known) continue;
		const word = NAME_WORD.exec(rest);
		if (word) unknown.add(word[0]);
	}
	return [...unknown];
}

export function checkNameReferences(texts: PromptText[], names: string[], source: string, report: Report): void {
	const known = names.length === 0 ? 'it names no elements' : `its names are ${names.map(quote).join(', ')}`;
	for (const { path, text } of texts) {
		for (const word of unknownNameReferences(text, names)) {
			report(path, `refers to @${word} but ${source} has no element of that name (${known})`);
		}
	}
}
