import type { z } from 'zod';

import type { Violation } from './common';
import { describeValue, givenPhrase, isJsonObject, violationsFrom } from './common';
import { apimartOmniBody } from './apimartOmni';
import { apimartV3Body } from './apimartV3';
import { freepikOmniBody } from './freepikOmni';
import { freepikOmniReferenceBody } from './freepikOmniReference';
import { freepikV3Body } from './freepikV3';

export type { Violation } from './common';
export { describeViolations, formatPath, violationsFrom } from './common';
export { apimartOmniBody, apimartOmniFields, type ApimartOmniBody } from './apimartOmni';
export { apimartV3Body, apimartV3Fields, type ApimartV3Body } from './apimartV3';
export { freepikOmniBody, freepikOmniFields, type FreepikOmniBody } from './freepikOmni';
export {
	freepikOmniReferenceBody,
	freepikOmniReferenceFields,
	type FreepikOmniReferenceBody,
} from './freepikOmniReference';
export { freepikV3Body, freepikV3Fields, type FreepikV3Body } from './freepikV3';

export type BodyContract = 'freepik.omni' | 'freepik.omniReference' | 'freepik.v3' | 'apimart.omni' | 'apimart.v3';

const BODY_SCHEMAS: Record<BodyContract, z.ZodTypeAny> = {
	'freepik.omni': freepikOmniBody,
	'freepik.omniReference': freepikOmniReferenceBody,
	'freepik.v3': freepikV3Body,
	'apimart.omni': apimartOmniBody,
	'apimart.v3': apimartV3Body,
};

export const BODY_CONTRACTS = Object.keys(BODY_SCHEMAS) as BodyContract[];

/** Every way `body` breaks the provider's documented request body; [] when it is valid. Never throws. */
export function checkRequestBody(contract: BodyContract, body: unknown): Violation[] {
	if (!Object.prototype.hasOwnProperty.call(BODY_SCHEMAS, contract)) {
		return [{ field: 'contract', message: `${describeValue(contract)} is not one of ${BODY_CONTRACTS.join(', ')}` }];
	}
	if (!isJsonObject(body)) return [{ field: 'body', message: `${givenPhrase(body)}, expected a JSON object` }];
	try {
		const result = BODY_SCHEMAS[contract].safeParse(body);
		return result.success ? [] : violationsFrom(result.error.issues);
	} catch (error) {
		// Only reachable with bodies no JSON parse produces, such as objects with throwing getters.
		return [{ field: 'body', message: `could not be read: ${error instanceof Error ? error.message : String(error)}` }];
	}
}
