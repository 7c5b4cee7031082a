import type { ImageLimits } from '../providers/types';

export interface ImageInfo {
	format: 'png' | 'jpeg' | 'webp' | 'gif' | 'unknown';
	width?: number;
	height?: number;
}

/** Format and pixel size from the first bytes of a PNG or JPEG (others: format only). */
export function inspectImage(bytes: Buffer): ImageInfo {
	if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
		return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	}
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return { format: 'jpeg', ...jpegSize(bytes) };
	if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
		return { format: 'webp' };
	}
	if (bytes.toString('latin1', 0, 3) === 'GIF') return { format: 'gif' };
	return { format: 'unknown' };
}

/** Walks the JPEG markers to the first start-of-frame, which holds the size. */
function jpegSize(bytes: Buffer): { width?: number; height?: number } {
	let offset = 2;
	for (let markers = 0; markers < 10_000 && offset + 9 < bytes.length; markers++) {
		if (bytes[offset] !== 0xff) return {};
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset += 1;
			continue;
		}
		const length = bytes.readUInt16BE(offset + 2);
		const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
		if (isStartOfFrame) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
		offset += 2 + length;
	}
	return {};
}

/** Freepik's documented limits for a first or last frame (Kling 3, Omni reference start frame): the default of a frame input. */
export const FRAME_IMAGE_LIMITS: ImageLimits = {
	formats: ['jpeg', 'png'],
	maxBytes: 10 * 1024 * 1024,
	minSide: 300,
	maxAspect: 2.5,
};

const FORMAT_NAMES: Record<string, string> = { png: 'PNG', jpeg: 'JPG', webp: 'WEBP', gif: 'GIF' };

/** What a provider would refuse about a frame image, against the model's limits (a mapper passes them with the input). */
export function frameImageProblems(info: ImageInfo, bytes: number, limits: ImageLimits = FRAME_IMAGE_LIMITS): string[] {
	const problems: string[] = [];
	if (!(limits.formats as string[]).includes(info.format)) {
		const needed = limits.formats.map((format) => FORMAT_NAMES[format]).join(', ').replace(/, ([^,]*)$/, ' or $1');
		problems.push(`a ${info.format === 'unknown' ? 'file of unknown format' : info.format.toUpperCase()}, ${needed} needed`);
	}
	if (bytes > limits.maxBytes) problems.push(`${(bytes / 1024 / 1024).toFixed(1)} MB, at most ${Math.round(limits.maxBytes / 1024 / 1024)} MB allowed`);
	if (info.width !== undefined && info.height !== undefined) {
		if (Math.min(info.width, info.height) < limits.minSide) {
			problems.push(`${info.width}x${info.height} px, at least ${limits.minSide}x${limits.minSide} needed`);
		}
		const aspect = Math.max(info.width, info.height) / Math.max(1, Math.min(info.width, info.height));
		if (aspect > limits.maxAspect) {
			problems.push(`${info.width}x${info.height} px has an aspect ratio of ${aspect.toFixed(2)}:1, between 1:2.5 and 2.5:1 allowed`);
		}
	}
	return problems;
}
