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
