import type { ZodError } from 'zod';
import type { InvalidParam } from './errors';

/** zod issues in Freepik's `invalid_params` shape: dotted field path, human reason. */
export function toInvalidParams(error: ZodError): InvalidParam[] {
	return error.issues.flatMap((issue): InvalidParam[] => {
		if (issue.code === 'unrecognized_keys') {
			return issue.keys.map((key) => ({ name: [...issue.path, key].join('.'), reason: `Parameter '${key}' is not allowed` }));
		}
		return [{ name: issue.path.length > 0 ? issue.path.join('.') : 'body', reason: issue.message }];
	});
}
