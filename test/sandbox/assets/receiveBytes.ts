import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface ReceivedBytes {
	bytes: number;
	sha256: string;
	/** Everything when `complete`, otherwise the first `keepBytes`. */
	data: Buffer;
	complete: boolean;
}

/** Streams a request body through a hash, keeping at most `keepBytes` in memory. */
export async function receiveBytes(request: IncomingMessage, keepBytes: number): Promise<ReceivedBytes> {
	const hash = createHash('sha256');
	const kept: Buffer[] = [];
	let keptBytes = 0;
	let bytes = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		hash.update(chunk);
		bytes += chunk.length;
		if (keptBytes < keepBytes) {
			const slice = chunk.subarray(0, keepBytes - keptBytes);
			kept.push(slice);
			keptBytes += slice.length;
		}
	}
	return { bytes, sha256: hash.digest('hex'), data: Buffer.concat(kept, keptBytes), complete: bytes === keptBytes };
}
