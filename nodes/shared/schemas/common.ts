import { z } from 'zod/v3';

export interface Violation {
	/** Path in the provider's request body, e.g. "multi_prompt[2].duration". */
	field: string;
	message: string;
}

export type JsonObject = Record<string, unknown>;
export type BodyPath = Array<string | number>;
export type Report = (path: BodyPath | string, message: string) => void;
export type BodyRules = (body: JsonObject, report: Report) => void;

export const MAX_PROMPT_LENGTH = 2500;
export const ASPECT_RATIOS = ['16:9', '9:16', '1:1'] as const;
export const ASPECT_RATIOS_WITH_AUTO = ['auto', ...ASPECT_RATIOS] as const;

// ---- describing what was given

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function listOf(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

export function plural(count: number, noun: string): string {
	return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

const QUOTED_TEXT_LIMIT = 60;

export function quote(text: string): string {
	const shown = text.length > QUOTED_TEXT_LIMIT ? `${text.slice(0, QUOTED_TEXT_LIMIT - 1)}…` : text;
	return JSON.stringify(shown);
}

export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') return quote(value);
	if (Array.isArray(value)) return `a list of ${plural(value.length, 'item')}`;
	if (typeof value === 'object') return 'an object';
	return String(value);
}

/** `"5" is a string`, `5 is a number`, `null given`, `a list of 2 items given`. */
export function givenPhrase(value: unknown): string {
	const kind = typeof value;
	if (kind === 'string' || kind === 'boolean' || (kind === 'number' && Number.isFinite(value))) {
		return `${describeValue(value)} is a ${kind}`;
	}
	return `${describeValue(value)} given`;
}

function rangeText(min: number, max: number | undefined): string {
	return max === undefined ? `at least ${min}` : `${min}..${max}`;
}

/** `"3".."15"` for a run of consecutive whole numbers, otherwise `"16:9", "9:16", "1:1"`. */
export function choicesText(values: readonly string[]): string {
	const numbers = values.map(Number);
	const consecutive =
		values.length > 2 && numbers.every((n, i) => Number.isInteger(n) && (i === 0 || n === numbers[i - 1] + 1));
	if (consecutive) return `${quote(values[0])}..${quote(values[values.length - 1])}`;
	return values.map(quote).join(', ');
}

// ---- field schemas whose messages name the value given and the limit

interface Expectation {
	/** What a valid value is, e.g. "an http(s) URL". */
	what: string;
	/** Who needs it, e.g. "APIMart"; messages say "expected ..." without it. */
	who?: string;
}

function wrongTypeMessage(value: unknown, { what, who }: Expectation): string {
	if (value === undefined) return `missing, ${what} is required`;
	return `${givenPhrase(value)}, ${who ? `${who} needs` : 'expected'} ${what}`;
}

type SpecificMessage = (issue: z.ZodIssueOptionalMessage, value: unknown) => string | undefined;

function errorMessages(expectation: Expectation, specific?: SpecificMessage): z.ZodErrorMap {
	return (issue, context) => {
		const message = specific?.(issue, context.data);
		if (message !== undefined) return { message };
		if (issue.code === z.ZodIssueCode.invalid_type) return { message: wrongTypeMessage(context.data, expectation) };
		return { message: context.defaultError };
	};
}

/** Whitespace and invisible format characters (zero-width spaces and joiners, BOM, word joiner...). */
const INVISIBLE = /[\s\p{Cf}]/gu;
/** Control characters other than tab and line breaks: no prompt means them; NUL truncates in some stacks. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Half of a UTF-16 surrogate pair without its other half: not text, and not valid JSON text for many parsers. */
const LONE_SURROGATE = /\p{Cs}/u;

function isBlank(text: string): boolean {
	return text.replace(INVISIBLE, '') === '';
}

/** Why a text cannot be sent as it is, or undefined when it can. */
export function unsendableText(text: string): string | undefined {
	if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (half of a character)';
	const control = CONTROL.exec(text);
	if (control) return `contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
	return undefined;
}

/** Length is JavaScript string length (UTF-16 units): the doc only says "characters", and this is never below a code-point count. */
export function promptText(max = MAX_PROMPT_LENGTH) {
	const what = `text of 1..${max} characters`;
	return z
		.string({
			errorMap: errorMessages({ what }, (issue, value) =>
				issue.code === z.ZodIssueCode.too_big && typeof value === 'string'
					? `${value.length} characters, at most ${max} allowed`
					: undefined,
			),
		})
		.max(max)
		.superRefine((text, context) => {
			const problem = isBlank(text) ? 'is empty or whitespace-only (invisible characters included)' : unsendableText(text);
			if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: `${quote(text)} ${problem}, expected ${what}` });
		});
}

/** A required identifier-like string: not empty, not whitespace-only. */
export function nonBlankText(what: string) {
	return z
		.string({ errorMap: errorMessages({ what }) })
		.refine((text) => !isBlank(text), (text) => ({ message: `${quote(text)} is empty or whitespace-only, expected ${what}` }));
}

/** A name referenced in prompts as `@name`: one word, no whitespace. */
export function nameWithoutSpaces() {
	const what = 'a name without spaces';
	return z.string({ errorMap: errorMessages({ what }) }).superRefine((name, context) => {
		const problem = isBlank(name) ? 'is empty' : /\s/.test(name) ? 'contains whitespace' : undefined;
		if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: `${quote(name)} ${problem}, expected ${what}` });
	});
}

const HTTP_URL_SHAPE = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

export function isHttpUrl(text: string): boolean {
	if (!HTTP_URL_SHAPE.test(text)) return false;
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

export function httpUrl() {
	return z
		.string({ errorMap: errorMessages({ what: 'an http(s) URL' }) })
		.refine(isHttpUrl, (text) => ({ message: `${quote(text)} is not an http(s) URL` }));
}

export function choice<T extends readonly [string, ...string[]]>(values: T, expectation: Partial<Expectation> = {}) {
	const allowed = choicesText(values);
	const notAllowed = (value: unknown) =>
		values.length === 1
			? `${describeValue(value)} is not allowed, only ${allowed} is`
			: `${describeValue(value)} is not one of ${allowed}`;
	return z.enum(values, {
		errorMap: errorMessages({ what: `one of ${allowed}`, ...expectation }, (issue, value) =>
			issue.code === z.ZodIssueCode.invalid_enum_value ? notAllowed(value) : undefined,
		),
	});
}

function rangeMessage(min: number, max: number | undefined): SpecificMessage {
	return (issue, value) => {
		if (issue.code === z.ZodIssueCode.too_small || issue.code === z.ZodIssueCode.too_big) {
			return max === undefined ? `${String(value)} given, at least ${min} required` : `${String(value)} is outside ${min}..${max}`;
		}
		return undefined;
	};
}

/** A JSON number that is a whole number; a numeric string is refused by name. */
export function wholeNumber(min: number, max?: number, who?: string) {
	const expectation = { what: `a plain number ${rangeText(min, max)}`, who };
	const outOfRange = rangeMessage(min, max);
	const schema = z.number({
		errorMap: errorMessages(expectation, (issue, value) => {
			if (issue.code === z.ZodIssueCode.invalid_type && issue.expected === 'integer') {
				return `${String(value)} is not a whole number, ${who ? `${who} needs` : 'expected'} ${expectation.what}`;
			}
			return outOfRange(issue, value);
		}),
	})
		.int()
		.min(min);
	return max === undefined ? schema : schema.max(max);
}

export function decimal(min: number, max: number, who?: string) {
	return z
		.number({ errorMap: errorMessages({ what: `a plain number ${rangeText(min, max)}`, who }, rangeMessage(min, max)) })
		.min(min)
		.max(max);
}

export function flag() {
	return z.boolean({ errorMap: errorMessages({ what: 'true or false' }) });
}

export function list<T extends z.ZodTypeAny>(item: T, limits: { unit: string; min: number; max?: number }) {
	const { unit, min, max } = limits;
	const count = (value: unknown) => plural(listOf(value).length, unit);
	const schema = z
		.array(item, {
			errorMap: errorMessages({ what: `a list of ${unit}s (${rangeText(min, max)})` }, (issue, value) => {
				if (issue.code === z.ZodIssueCode.too_big) return `${count(value)} given, at most ${max} allowed`;
				if (issue.code === z.ZodIssueCode.too_small) return `${count(value)} given, at least ${min} required`;
				return undefined;
			}),
		})
		.min(min);
	return max === undefined ? schema : schema.max(max);
}

export function exactly<T extends string>(value: T) {
	return z.literal(value, {
		errorMap: errorMessages({ what: quote(value) }, (issue, given) =>
			issue.code === z.ZodIssueCode.invalid_literal && given !== undefined
				? `${describeValue(given)} given, this request body needs ${quote(value)}`
				: undefined,
		),
	});
}

/** An object that refuses unknown keys: a typo'd field would be silently ignored by the provider. */
export function record<T extends z.ZodRawShape>(shape: T) {
	return z.object(shape, { errorMap: errorMessages({ what: `an object with ${Object.keys(shape).join(', ')}` }) }).strict();
}

/**
 * Field schemas plus cross-field rules. The rules read the raw body on their own, so they run
 * (and report) even when a field has the wrong type, where zod would skip an object's superRefine.
 */
export function withRules<T extends z.ZodTypeAny>(fields: T, rules: BodyRules) {
	const crossFieldRules = z.unknown().superRefine((body, context) => {
		if (!isJsonObject(body)) return;
		rules(body, (path, message) =>
			context.addIssue({ code: z.ZodIssueCode.custom, path: typeof path === 'string' ? [path] : path, message }),
		);
	});
	return z.intersection(fields, crossFieldRules);
}

// ---- violations

export function formatPath(path: BodyPath): string {
	if (path.length === 0) return 'body';
	return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

export function violationsFrom(issues: z.ZodIssue[]): Violation[] {
	return issues.flatMap((issue) =>
		issue.code === z.ZodIssueCode.unrecognized_keys
			? issue.keys.map((key) => ({
					field: formatPath([...issue.path, key]),
					message: `unknown field ${quote(key)}, not in the documented request body (the provider would silently ignore it)`,
				}))
			: [{ field: formatPath(issue.path), message: issue.message }],
	);
}

export function describeViolations(violations: Violation[]): string {
	return violations.map(({ field, message }) => `${field}: ${message}`).join('\n');
}
