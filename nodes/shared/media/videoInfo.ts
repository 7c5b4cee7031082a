/**
 * Reads what a provider checks about a video from the file's own header (ISO BMFF: MP4 and
 * QuickTime MOV), without holding the media data: top-level boxes are skipped except `ftyp`
 * and `moov`, which are small, wherever they sit in the file.
 */
export interface VideoInfo {
	container: 'mp4' | 'mov';
	durationSeconds: number;
	width: number;
	height: number;
	framesPerSecond: number;
	bytes: number;
}

export class NotAVideoError extends Error {}

const MAX_HEADER_BOX_BYTES = 64 * 1024 * 1024;

interface Box {
	type: string;
	body: Buffer;
}

export async function inspectVideo(source: Buffer | AsyncIterable<Buffer>): Promise<VideoInfo> {
	const { ftyp, moov, bytes } = await readHeaderBoxes(source);
	if (!moov) throw new NotAVideoError('no MP4/MOV movie header (moov box) found: not an MP4 or MOV file');
	const container = containerOf(ftyp);
	const movieBoxes = children(moov);
	const mvhd = movieBoxes.find((box) => box.type === 'mvhd');
	const videoTrack = movieBoxes
		.filter((box) => box.type === 'trak')
		.map((trak) => children(trak.body))
		.find((trakBoxes) => handlerOf(trakBoxes) === 'vide');
	if (!videoTrack) throw new NotAVideoError('the file has no video track');
	const tkhd = videoTrack.find((box) => box.type === 'tkhd');
	const mdiaBoxes = children(videoTrack.find((box) => box.type === 'mdia')?.body ?? Buffer.alloc(0));
	const mdhd = mdiaBoxes.find((box) => box.type === 'mdhd');
	const stblBoxes = children(
		children(mdiaBoxes.find((box) => box.type === 'minf')?.body ?? Buffer.alloc(0)).find((box) => box.type === 'stbl')
			?.body ?? Buffer.alloc(0),
	);
	const stts = stblBoxes.find((box) => box.type === 'stts');
	if (!tkhd || !mdhd || !stts) throw new NotAVideoError('the video track header is incomplete');

	const media = timing(mdhd.body);
	const movie = mvhd ? timing(mvhd.body) : media;
	const frames = sampleCount(stts.body);
	const mediaSeconds = media.timescale > 0 ? media.duration / media.timescale : 0;
	const { width, height } = dimensions(tkhd.body);
	return {
		container,
		durationSeconds: movie.timescale > 0 ? movie.duration / movie.timescale : mediaSeconds,
		width,
		height,
		framesPerSecond: mediaSeconds > 0 ? frames / mediaSeconds : 0,
		bytes,
	};
}

async function readHeaderBoxes(source: Buffer | AsyncIterable<Buffer>) {
	const chunks = Buffer.isBuffer(source) ? [source] : source;
	let pending: Buffer = Buffer.alloc(0);
	let skip = 0;
	let collecting: { type: string; size: number; parts: Buffer[]; have: number } | undefined;
	let ftyp: Buffer | undefined;
	let moov: Buffer | undefined;
	let bytes = 0;
	for await (const chunk of chunks) {
		bytes += chunk.length;
		let data: Buffer = chunk;
		for (;;) {
			if (skip > 0) {
				const skipped = Math.min(skip, data.length);
				skip -= skipped;
				data = data.subarray(skipped);
				if (skip > 0) break;
			}
			if (collecting) {
				const take = Math.min(collecting.size - collecting.have, data.length);
				collecting.parts.push(data.subarray(0, take));
				collecting.have += take;
				data = data.subarray(take);
				if (collecting.have < collecting.size) break;
				const body = Buffer.concat(collecting.parts);
				if (collecting.type === 'ftyp') ftyp = body;
				else moov = body;
				collecting = undefined;
			}
			pending = pending.length ? Buffer.concat([pending, data]) : data;
			data = Buffer.alloc(0);
			if (pending.length < 8) break;
			let size = pending.readUInt32BE(0);
			const type = pending.toString('latin1', 4, 8);
			let headerSize = 8;
			if (size === 1) {
				if (pending.length < 16) break;
				size = Number(pending.readBigUInt64BE(8));
				headerSize = 16;
			}
			if (size !== 0 && size < headerSize) throw new NotAVideoError('the file is not an MP4 or MOV (malformed box header)');
			if (!/^[\x20-\x7e]{4}$/.test(type)) throw new NotAVideoError('the file is not an MP4 or MOV (unknown box structure)');
			const rest = pending.subarray(headerSize);
			pending = Buffer.alloc(0);
			if (size === 0) {
				// "To the end of the file": only the media data is written this way.
				skip = Number.MAX_SAFE_INTEGER;
				data = rest;
				continue;
			}
			const bodySize = size - headerSize;
			if ((type === 'ftyp' || type === 'moov') && !(type === 'moov' && moov)) {
				if (bodySize > MAX_HEADER_BOX_BYTES) throw new NotAVideoError(`the ${type} box is implausibly large`);
				collecting = { type, size: bodySize, parts: [], have: 0 };
			} else {
				skip = bodySize;
			}
			data = rest;
		}
	}
	return { ftyp, moov, bytes };
}

function containerOf(ftyp: Buffer | undefined): 'mp4' | 'mov' {
	// QuickTime files may have no ftyp at all; with one, `qt  ` is the QuickTime brand.
	if (!ftyp) return 'mov';
	return ftyp.toString('latin1', 0, 4) === 'qt  ' ? 'mov' : 'mp4';
}

function children(body: Buffer): Box[] {
	const boxes: Box[] = [];
	let offset = 0;
	while (offset + 8 <= body.length) {
		let size = body.readUInt32BE(offset);
		const type = body.toString('latin1', offset + 4, offset + 8);
		let headerSize = 8;
		if (size === 1 && offset + 16 <= body.length) {
			size = Number(body.readBigUInt64BE(offset + 8));
			headerSize = 16;
		} else if (size === 0) {
			size = body.length - offset;
		}
		if (size < headerSize || offset + size > body.length) break;
		boxes.push({ type, body: body.subarray(offset + headerSize, offset + size) });
		offset += size;
	}
	return boxes;
}

function handlerOf(trakBoxes: Box[]): string | undefined {
	const mdia = trakBoxes.find((box) => box.type === 'mdia');
	const hdlr = mdia && children(mdia.body).find((box) => box.type === 'hdlr');
	return hdlr && hdlr.body.length >= 12 ? hdlr.body.toString('latin1', 8, 12) : undefined;
}

/** mvhd and mdhd share their layout up to the duration. */
function timing(body: Buffer): { timescale: number; duration: number } {
	const version = body[0];
	if (version === 1) {
		return { timescale: body.readUInt32BE(20), duration: Number(body.readBigUInt64BE(24)) };
	}
	return { timescale: body.readUInt32BE(12), duration: body.readUInt32BE(16) };
}

function dimensions(tkhd: Buffer): { width: number; height: number } {
	const offset = tkhd[0] === 1 ? 88 : 76;
	return { width: tkhd.readUInt32BE(offset) / 65536, height: tkhd.readUInt32BE(offset + 4) / 65536 };
}

function sampleCount(stts: Buffer): number {
	const entries = stts.readUInt32BE(4);
	let total = 0;
	for (let index = 0; index < entries && 8 + index * 8 + 4 <= stts.length; index++) {
		total += stts.readUInt32BE(8 + index * 8);
	}
	return total;
}
