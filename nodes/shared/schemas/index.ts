import type { ZodTypeAny } from 'zod/v3';

import { MODEL_ROWS } from '../models';
import type { Violation } from './common';
import { describeValue, givenPhrase, isJsonObject, violationsFrom } from './common';

export type { Violation } from './common';
export { describeViolations, formatPath, violationsFrom } from './common';

/** A body contract's id: `<provider>.<family>`, as the model table names it. */
export type BodyContract = string;

const BODY_SCHEMAS = new Map<BodyContract, ZodTypeAny>(MODEL_ROWS.map((row) => [row.contract, row.schema]));

export const BODY_CONTRACTS = [...BODY_SCHEMAS.keys()];

/** Every way `body` breaks the documented request body of `contract`; [] when it is valid. Never throws. */
export function checkRequestBody(contract: BodyContract, body: unknown): Violation[] {
	const schema = BODY_SCHEMAS.get(contract);
	if (!schema) return [{ field: 'contract', message: `${describeValue(contract)} is not one of ${BODY_CONTRACTS.join(', ')}` }];
	return checkBody(schema, body);
}

export function checkBody(schema: ZodTypeAny, body: unknown): Violation[] {
	if (!isJsonObject(body)) return [{ field: 'body', message: `${givenPhrase(body)}, expected a JSON object` }];
	try {
		const result = schema.safeParse(body);
		return result.success ? [] : violationsFrom(result.error.issues);
	} catch (error) {
		// Only reachable with bodies no JSON parse produces, such as objects with throwing getters.
		return [{ field: 'body', message: `could not be read: ${error instanceof Error ? error.message : String(error)}` }];
	}
}
