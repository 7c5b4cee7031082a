export const SUPPORTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;

/** Recognises the image by its magic bytes; the declared type is only a fallback. */
export function sniffImageType(data: Buffer): (typeof SUPPORTED_IMAGE_TYPES)[number] | undefined {
	if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return 'image/png';
	}
	if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
	if (data.length >= 6 && /^GIF8[79]a$/.test(data.subarray(0, 6).toString('latin1'))) return 'image/gif';
	if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') {
		return 'image/webp';
	}
	return undefined;
}

export function imageType(data: Buffer, declared: string | undefined): string | undefined {
	const sniffed = sniffImageType(data);
	if (sniffed) return sniffed;
	const normalised = declared?.toLowerCase().replace('image/jpg', 'image/jpeg');
	return SUPPORTED_IMAGE_TYPES.find((type) => type === normalised);
}
