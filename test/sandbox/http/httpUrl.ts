import { z } from 'zod';

export function isHttpUrl(value: string): boolean {
	try {
		const { protocol } = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}

/** Both providers fetch input media themselves, so only http(s) URLs make sense. */
export const httpUrl = z
	.string({ invalid_type_error: 'must be a string URL' })
	.refine(isHttpUrl, { message: 'must be an http(s) URL' });
