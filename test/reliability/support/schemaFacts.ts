import { z } from 'zod/v3';

import { apimartKling3Fields } from '../../../nodes/shared/providers/apimart/schemas/kling3';
import { apimartMotionControlFields } from '../../../nodes/shared/providers/apimart/schemas/motionControl';
import { apimartOmniFields } from '../../../nodes/shared/providers/apimart/schemas/omni';
import { apimartTurboFields } from '../../../nodes/shared/providers/apimart/schemas/turbo';
import { freepikKling3Fields } from '../../../nodes/shared/providers/freepik/schemas/kling3';
import { freepikMotionControlFields } from '../../../nodes/shared/providers/freepik/schemas/motionControl';
import { freepikTurboImageFields, freepikTurboTextFields } from '../../../nodes/shared/providers/freepik/schemas/turbo';
import { freepikOmniFields } from '../../../nodes/shared/providers/freepik/schemas/omni';
import { freepikOmniReferenceFields } from '../../../nodes/shared/providers/freepik/schemas/omniReference';
import type { BodyContract } from '../../../nodes/shared/schemas';

/**
 * What the validation schemas say about each field of a request body, read from the zod schemas
 * themselves: its kind and its limits. Paths use `[]` for "any entry of the list":
 * `multi_prompt[].prompt`, `image_urls[]`.
 */
export type Fact =
	| { path: string; kind: 'text'; max: number }
	| { path: string; kind: 'enum'; options: string[] }
	| { path: string; kind: 'int'; min: number; max?: number }
	| { path: string; kind: 'decimal'; min: number; max: number }
	| { path: string; kind: 'list'; min: number; max?: number }
	| { path: string; kind: 'url' }
	| { path: string; kind: 'name' }
	| { path: string; kind: 'nonBlank' }
	| { path: string; kind: 'flag' }
	| { path: string; kind: 'literal'; value: unknown };

export const FIELD_SCHEMAS: Record<BodyContract, z.AnyZodObject> = {
	'freepik.omni': freepikOmniFields as unknown as z.AnyZodObject,
	'freepik.omniReference': freepikOmniReferenceFields as unknown as z.AnyZodObject,
	'freepik.kling3': freepikKling3Fields as unknown as z.AnyZodObject,
	'apimart.omni': apimartOmniFields as unknown as z.AnyZodObject,
	'apimart.kling3': apimartKling3Fields as unknown as z.AnyZodObject,
	'freepik.motionControl': freepikMotionControlFields as unknown as z.AnyZodObject,
	'freepik.turboText': freepikTurboTextFields as unknown as z.AnyZodObject,
	'freepik.turboImage': freepikTurboImageFields as unknown as z.AnyZodObject,
	'apimart.turbo': apimartTurboFields as unknown as z.AnyZodObject,
	'apimart.motionControl': apimartMotionControlFields as unknown as z.AnyZodObject,
};

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
	let current = schema;
	for (;;) {
		if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
		else if (current instanceof z.ZodEffects) current = current.innerType();
		else return current;
	}
}

const accepts = (schema: z.ZodTypeAny, value: unknown) => schema.safeParse(value).success;

/** Strings without length checks differ only by their refinements: probe them. */
function stringKind(schema: z.ZodTypeAny): 'url' | 'name' | 'nonBlank' {
	if (accepts(schema, 'https://example.com/a.png') && !accepts(schema, 'one_word')) return 'url';
	if (!accepts(schema, 'two words') && accepts(schema, 'one_word')) return 'name';
	return 'nonBlank';
}

function check(schema: z.ZodString | z.ZodNumber, kind: string): number | undefined {
	const found = (schema._def.checks as Array<{ kind: string; value?: number }>).find((entry) => entry.kind === kind);
	return found?.value;
}

export function factsOf(schema: z.ZodTypeAny, path = ''): Fact[] {
	const inner = unwrap(schema);
	if (inner instanceof z.ZodObject) {
		return Object.entries(inner.shape as Record<string, z.ZodTypeAny>).flatMap(([key, field]) =>
			factsOf(field, path ? `${path}.${key}` : key),
		);
	}
	if (inner instanceof z.ZodArray) {
		const list: Fact = {
			path,
			kind: 'list',
			min: inner._def.minLength?.value ?? 0,
			...(inner._def.maxLength ? { max: inner._def.maxLength.value } : {}),
		};
		return [list, ...factsOf(inner.element as z.ZodTypeAny, `${path}[]`)];
	}
	if (inner instanceof z.ZodEnum) return [{ path, kind: 'enum', options: [...(inner.options as string[])] }];
	if (inner instanceof z.ZodBoolean) return [{ path, kind: 'flag' }];
	if (inner instanceof z.ZodLiteral) return [{ path, kind: 'literal', value: inner.value }];
	if (inner instanceof z.ZodNumber) {
		const min = check(inner, 'min') ?? -Infinity;
		const max = check(inner, 'max');
		if (inner._def.checks.some((entry) => entry.kind === 'int')) return [{ path, kind: 'int', min, ...(max !== undefined ? { max } : {}) }];
		return [{ path, kind: 'decimal', min, max: max ?? Infinity }];
	}
	if (inner instanceof z.ZodString) {
		const max = check(inner, 'max');
		if (max !== undefined) return [{ path, kind: 'text', max }];
		return [{ path, kind: stringKind(schema) }];
	}
	throw new Error(`schemaFacts: no reading for ${path} (${inner.constructor.name})`);
}

export function contractFacts(contract: BodyContract): Fact[] {
	return factsOf(FIELD_SCHEMAS[contract]);
}

/** `multi_prompt[].prompt` -> `multi_prompt[0].prompt`, as the node's errors spell a body path. */
export function firstEntryPath(path: string): string {
	return path.replace(/\[\]/g, '[0]');
}
