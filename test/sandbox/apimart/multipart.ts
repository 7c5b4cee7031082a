export interface MultipartPart {
	name?: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

const MAX_PARTS = 64;
const HEADER_SEPARATOR = Buffer.from('\r\n\r\n');

export function multipartBoundary(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match?.[1] ?? match?.[2];
}

/** A small RFC 7578 reader for a body already in memory (uploads are capped at ~20 MB). */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: MultipartPart[] = [];
	let position = body.indexOf(delimiter);
	while (position !== -1 && parts.length < MAX_PARTS) {
		const afterDelimiter = position + delimiter.length;
		if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
		const headerStart = afterDelimiter + 2;
		const headerEnd = body.indexOf(HEADER_SEPARATOR, headerStart);
		if (headerEnd === -1) break;
		const nextDelimiter = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd);
		if (nextDelimiter === -1) break;
		parts.push({
			...parsePartHeaders(body.subarray(headerStart, headerEnd).toString('utf8')),
			data: body.subarray(headerEnd + HEADER_SEPARATOR.length, nextDelimiter),
		});
		position = nextDelimiter + 2;
	}
	return parts;
}

function parsePartHeaders(headerText: string): Omit<MultipartPart, 'data'> {
	const headers: Omit<MultipartPart, 'data'> = {};
	for (const line of headerText.split('\r\n')) {
		const separator = line.indexOf(':');
		if (separator === -1) continue;
		const name = line.slice(0, separator).trim().toLowerCase();
		const value = line.slice(separator + 1).trim();
		if (name === 'content-type') headers.contentType = value;
		if (name === 'content-disposition') {
			headers.name = /\bname="([^"]*)"/i.exec(value)?.[1];
			headers.filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
		}
	}
	return headers;
}
