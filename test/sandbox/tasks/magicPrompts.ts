export const MAGIC_PROMPTS = ['fail', 'nsfw', 'slow', 'stuck', 'dup-webhook', 'cancel'] as const;

export type MagicPrompt = (typeof MAGIC_PROMPTS)[number];

/** Finds every `[sandbox:<word>]` marker in the given prompt texts. */
export function findMagicPrompts(texts: readonly string[]): Set<MagicPrompt> {
	const found = new Set<MagicPrompt>();
	for (const text of texts) {
		for (const magic of MAGIC_PROMPTS) {
			if (text.includes(`[sandbox:${magic}]`)) found.add(magic);
		}
	}
	return found;
}

/** Collects `prompt` and every `multi_prompt` text (plain strings or `{prompt}` items). */
export function promptTexts(body: unknown): string[] {
	if (typeof body !== 'object' || body === null) return [];
	const { prompt, multi_prompt: multiPrompt } = body as { prompt?: unknown; multi_prompt?: unknown };
	const texts = typeof prompt === 'string' ? [prompt] : [];
	if (Array.isArray(multiPrompt)) {
		for (const shot of multiPrompt) {
			if (typeof shot === 'string') texts.push(shot);
			else if (typeof shot === 'object' && shot !== null && typeof shot.prompt === 'string') texts.push(shot.prompt);
		}
	}
	return texts;
}
