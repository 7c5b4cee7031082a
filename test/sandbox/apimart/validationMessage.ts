import type { ZodError } from 'zod';

/** APIMart reports one problem as `<field>: <reason>`. */
export function apimartValidationMessage(error: ZodError): string {
	const issue = error.issues[0];
	if (issue.code === 'unrecognized_keys') return `${[...issue.path, issue.keys[0]].join('.')}: unknown parameter`;
	const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
	return `${field}: ${issue.message}`;
}
