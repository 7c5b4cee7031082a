import { generatedSource, CHUNK_BYTES, type ByteSource } from './byteSource';

const FTYP_BOX = Buffer.concat([
	Buffer.from([0, 0, 0, 32]),
	Buffer.from('ftypisom', 'latin1'),
	Buffer.from([0, 0, 2, 0]),
	Buffer.from('isomiso2avc1mp41', 'latin1'),
]);

const FILLER_PERIOD = 251;
// Enough filler to cut any chunk from any phase of the period without copying.
const FILLER = Buffer.from(Array.from({ length: CHUNK_BYTES + FILLER_PERIOD }, (_, index) => index % FILLER_PERIOD));

/** ftyp box, then one mdat box (64-bit size when needed) whose payload is a repeating pattern. */
function mp4Header(totalBytes: number): Buffer {
	const remaining = totalBytes - FTYP_BOX.length;
	if (remaining < 8) return FTYP_BOX;
	if (remaining <= 0xffffffff) {
		const mdat = Buffer.alloc(8);
		mdat.writeUInt32BE(remaining, 0);
		mdat.write('mdat', 4, 'latin1');
		return Buffer.concat([FTYP_BOX, mdat]);
	}
	const mdat = Buffer.alloc(16);
	mdat.writeUInt32BE(1, 0);
	mdat.write('mdat', 4, 'latin1');
	mdat.writeBigUInt64BE(BigInt(remaining), 8);
	return Buffer.concat([FTYP_BOX, mdat]);
}

/** The synthetic video's bytes in [start, start + length): valid box headers, then filler. */
export function syntheticMp4Chunk(totalBytes: number, start: number, length: number): Buffer {
	if (length <= CHUNK_BYTES) return chunkWithinFiller(mp4Header(totalBytes), start, length);
	const pieces: Buffer[] = [];
	for (let offset = start; offset < start + length; offset += CHUNK_BYTES) {
		pieces.push(syntheticMp4Chunk(totalBytes, offset, Math.min(CHUNK_BYTES, start + length - offset)));
	}
	return Buffer.concat(pieces);
}

function chunkWithinFiller(header: Buffer, start: number, length: number): Buffer {
	const phase = start % FILLER_PERIOD;
	const filler = FILLER.subarray(phase, phase + length);
	if (start >= header.length) return filler;
	const chunk = Buffer.from(filler);
	header.copy(chunk, 0, start, Math.min(header.length, start + length));
	return chunk;
}

export function syntheticMp4Source(totalBytes: number): ByteSource {
	return generatedSource(totalBytes, (offset, length) => syntheticMp4Chunk(totalBytes, offset, length));
}
