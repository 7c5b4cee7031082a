import type { IncomingMessage } from 'node:http';

export const JSON_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export interface BufferedBody {
	data: Buffer;
	/** Every byte received, including those past the limit that were counted and dropped. */
	totalBytes: number;
	truncated: boolean;
}

/** Reads the whole body, keeping at most `limitBytes` in memory and only counting the rest. */
export async function readBodyWithLimit(request: IncomingMessage, limitBytes: number): Promise<BufferedBody> {
	const chunks: Buffer[] = [];
	let keptBytes = 0;
	let totalBytes = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		totalBytes += chunk.length;
		if (keptBytes + chunk.length <= limitBytes) {
			chunks.push(chunk);
			keptBytes += chunk.length;
		}
	}
	return { data: Buffer.concat(chunks, keptBytes), totalBytes, truncated: totalBytes > keptBytes };
}

export type JsonBody =
	| { kind: 'empty'; rawLength: number }
	| { kind: 'json'; value: unknown; rawLength: number }
	| { kind: 'malformed'; reason: string; rawLength: number }
	| { kind: 'too-large'; rawLength: number };

export async function readJsonBody(request: IncomingMessage): Promise<JsonBody> {
	const body = await readBodyWithLimit(request, JSON_BODY_LIMIT_BYTES);
	if (body.truncated) return { kind: 'too-large', rawLength: body.totalBytes };
	if (body.totalBytes === 0) return { kind: 'empty', rawLength: 0 };
	try {
		return { kind: 'json', value: JSON.parse(body.data.toString('utf8')), rawLength: body.totalBytes };
	} catch (error) {
		return { kind: 'malformed', reason: (error as Error).message, rawLength: body.totalBytes };
	}
}

export function drainRequest(request: IncomingMessage): void {
	request.resume();
}
