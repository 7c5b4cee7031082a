export type RangeRequest =
	| { kind: 'full' }
	| { kind: 'partial'; start: number; end: number }
	| { kind: 'unsatisfiable' };

/** One `bytes=` range; malformed or multi-range headers fall back to the full body, as RFC 9110 allows. */
export function parseRange(header: string | undefined, size: number): RangeRequest {
	if (!header) return { kind: 'full' };
	const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
	if (!match || (match[1] === '' && match[2] === '')) return { kind: 'full' };
	if (match[1] === '') {
		const suffixLength = Number(match[2]);
		if (suffixLength === 0 || size === 0) return { kind: 'unsatisfiable' };
		return { kind: 'partial', start: Math.max(0, size - suffixLength), end: size - 1 };
	}
	const start = Number(match[1]);
	const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
	if (start >= size) return { kind: 'unsatisfiable' };
	if (end < start) return { kind: 'full' };
	return { kind: 'partial', start, end };
}
