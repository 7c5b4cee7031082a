import { z } from 'zod';

export const UPLOAD_CONTENT_TYPES = [
	'image/png',
	'image/jpeg',
	'image/webp',
	'video/mp4',
	'video/webm',
	'video/quicktime',
] as const;

export const MAX_FILES_PER_REQUEST = 14;

/** `POST /v1/ai/uploads/request-url`. */
export const freepikUploadRequestSchema = z
	.object({
		files: z
			.array(
				z
					.object({
						content_type: z.enum(UPLOAD_CONTENT_TYPES, {
							errorMap: () => ({ message: `must be one of ${UPLOAD_CONTENT_TYPES.join(', ')}` }),
						}),
					})
					.strict(),
			)
			.min(1, 'at least one file')
			.max(MAX_FILES_PER_REQUEST, `at most ${MAX_FILES_PER_REQUEST} files`),
	})
	.strict();
