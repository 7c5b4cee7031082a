import { Readable } from 'node:stream';

export const CHUNK_BYTES = 64 * 1024;

/** Bytes that can be served whole or by range without holding them all in memory. */
export interface ByteSource {
	size: number;
	/** `end` is inclusive, as in HTTP ranges. */
	read(start: number, end: number): Readable;
}

export function bufferSource(data: Buffer): ByteSource {
	return { size: data.length, read: (start, end) => Readable.from([data.subarray(start, end + 1)]) };
}

/** A source whose bytes are computed chunk by chunk from their position. */
export function generatedSource(size: number, chunkAt: (offset: number, length: number) => Buffer): ByteSource {
	return {
		size,
		read(start, end) {
			return Readable.from(
				(function* generateChunks() {
					for (let offset = start; offset <= end; offset += CHUNK_BYTES) {
						yield chunkAt(offset, Math.min(CHUNK_BYTES, end + 1 - offset));
					}
				})(),
				{ objectMode: false },
			);
		},
	};
}
