import type { Reply } from '../http/reply';
import type { ByteSource } from './byteSource';
import { parseRange } from './byteRange';

export function serveBytes(source: ByteSource, contentType: string, rangeHeader: string | undefined): Reply {
	const range = parseRange(rangeHeader, source.size);
	const common = { 'content-type': contentType, 'accept-ranges': 'bytes' };
	if (range.kind === 'unsatisfiable') {
		return { status: 416, headers: { ...common, 'content-range': `bytes */${source.size}` }, body: '' };
	}
	if (range.kind === 'partial') {
		return {
			status: 206,
			headers: {
				...common,
				'content-length': range.end - range.start + 1,
				'content-range': `bytes ${range.start}-${range.end}/${source.size}`,
			},
			stream: source.read(range.start, range.end),
		};
	}
	if (source.size === 0) return { status: 200, headers: common, body: '' };
	return {
		status: 200,
		headers: { ...common, 'content-length': source.size },
		stream: source.read(0, source.size - 1),
	};
}
