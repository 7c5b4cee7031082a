import { createHash } from 'node:crypto';
import { readBodyWithLimit } from '../http/requestBody';
import { jsonReply } from '../http/reply';
import { exactPath, type Route } from '../http/routing';
import { withApimartKey } from './auth';
import { apimartInvalidRequest } from './errors';
import { imageType } from './imageFormat';
import { multipartBoundary, parseMultipart } from './multipart';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const ASSET_LIFETIME_MS = 72 * 3600 * 1000;

export const apimartUploadRoute: Route = {
	methods: ['POST'],
	pattern: exactPath('/v1/uploads/images'),
	endpoint: 'apimart.upload',
	body: 'stream',
	handle: withApimartKey(async (request, context) => {
		const boundary = multipartBoundary(request.headers['content-type']);
		const body = await readBodyWithLimit(request.raw, MAX_IMAGE_BYTES + MULTIPART_OVERHEAD_BYTES);
		request.log.rawBodyLength = body.totalBytes;
		if (body.truncated) return apimartInvalidRequest('file too large (max 20 MB)', 413);
		if (!boundary) return apimartInvalidRequest('file: content type must be multipart/form-data');
		const file = parseMultipart(body.data, boundary).find((part) => part.name === 'file' && part.filename !== undefined);
		if (!file || file.data.length === 0) return apimartInvalidRequest('file: is required');
		if (file.data.length > MAX_IMAGE_BYTES) return apimartInvalidRequest('file too large (max 20 MB)', 413);
		const contentType = imageType(file.data, file.contentType);
		if (!contentType) return apimartInvalidRequest('file: unsupported format (JPEG, PNG, WebP or GIF)');
		const id = context.assets.newAssetId();
		const createdAt = Date.now();
		context.assets.store({
			id,
			contentType,
			provider: 'apimart',
			filename: file.filename,
			createdAt,
			expiresAt: createdAt + ASSET_LIFETIME_MS * context.options.timeScale,
			bytes: file.data.length,
			sha256: createHash('sha256').update(file.data).digest('hex'),
			data: Buffer.from(file.data),
			complete: true,
		});
		return jsonReply(200, {
			url: `${context.baseUrl()}/assets/${id}`,
			filename: file.filename,
			content_type: contentType,
			bytes: file.data.length,
			created_at: Math.floor(createdAt / 1000),
		});
	}),
};
