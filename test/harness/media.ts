/**
 * Writes MP4/MOV files with a real ISO-BMFF header (ftyp, moov with mvhd, a video trak with
 * tkhd, mdhd, hdlr and stts) and filler media data, so tests can produce videos of any length,
 * size, resolution and frame rate in microseconds.
 */
export interface SyntheticVideo {
	container?: 'mp4' | 'mov';
	seconds: number;
	width: number;
	height: number;
	fps: number;
	mediaBytes?: number;
	/** Where the movie header goes: before the media data (fast start) or after it. */
	moovFirst?: boolean;
}

function box(type: string, ...parts: Buffer[]): Buffer {
	const body = Buffer.concat(parts);
	const header = Buffer.alloc(8);
	header.writeUInt32BE(body.length + 8, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, body]);
}

function u32(...values: number[]): Buffer {
	const buffer = Buffer.alloc(values.length * 4);
	values.forEach((value, index) => buffer.writeUInt32BE(value >>> 0, index * 4));
	return buffer;
}

export function syntheticVideo(video: SyntheticVideo): Buffer {
	const movieTimescale = 1000;
	const mediaTimescale = video.fps * 100;
	const frames = Math.round(video.seconds * video.fps);
	const ftyp = box('ftyp', Buffer.from(video.container === 'mov' ? 'qt  ' : 'isom', 'latin1'), u32(512), Buffer.from('isomiso2mp41', 'latin1'));
	const mvhd = box('mvhd', u32(0, 0, 0, movieTimescale, Math.round(video.seconds * movieTimescale)), Buffer.alloc(80));
	const tkhd = box(
		'tkhd',
		u32(0x00000003, 0, 0, 1, 0, Math.round(video.seconds * movieTimescale)),
		Buffer.alloc(8 + 8 + 36),
		u32(video.width * 65536, video.height * 65536),
	);
	const mdhd = box('mdhd', u32(0, 0, 0, mediaTimescale, frames * 100), u32(0));
	const hdlr = box('hdlr', u32(0, 0), Buffer.from('vide', 'latin1'), u32(0, 0, 0), Buffer.from('VideoHandler\0', 'latin1'));
	const stbl = box('stbl', box('stts', u32(0, 1, frames, 100)));
	const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', stbl)));
	const moov = box('moov', mvhd, trak);
	const mdat = box('mdat', Buffer.alloc(video.mediaBytes ?? 1024, 0x5a));
	return video.moovFirst === false ? Buffer.concat([ftyp, mdat, moov]) : Buffer.concat([ftyp, moov, mdat]);
}

/** A PNG whose header says `width` x `height` (enough for header checks and upload sniffing). */
export function syntheticPng(width: number, height: number): Buffer {
	const ihdr = Buffer.alloc(25);
	ihdr.writeUInt32BE(13, 0);
	ihdr.write('IHDR', 4, 'latin1');
	ihdr.writeUInt32BE(width, 8);
	ihdr.writeUInt32BE(height, 12);
	ihdr.set([8, 2, 0, 0, 0], 16);
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, Buffer.alloc(64)]);
}

/** A JPEG with an APP0 segment, then a baseline start-of-frame saying `width` x `height`. */
export function syntheticJpeg(width: number, height: number): Buffer {
	const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
	const sof = Buffer.alloc(19);
	sof.set([0xff, 0xc0, 0x00, 0x11, 0x08]);
	sof.writeUInt16BE(height, 5);
	sof.writeUInt16BE(width, 7);
	sof[9] = 3;
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.alloc(64), Buffer.from([0xff, 0xd9])]);
}
