import { ASSET_MEMORY_CAP_BYTES } from '../assets/assetStore';
import { receiveBytes } from '../assets/receiveBytes';
import { drainRequest } from '../http/requestBody';
import { jsonReply, type Reply } from '../http/reply';
import { exactPath, pathWithId, type Route } from '../http/routing';
import { scaled } from '../options';
import { FREEPIK_KEY_HEADERS, withFreepikKey } from './auth';
import { freepikInvalidParams } from './errors';
import { toInvalidParams } from './invalidParams';
import { parseJsonRequest } from './taskRoutes';
import { freepikUploadRequestSchema } from './uploadSchema';

export const UPLOAD_URL_EXPIRES_IN_SECONDS = 120;
export const ASSET_URL_EXPIRES_IN_SECONDS = 86400;
export const UPLOAD_TOKEN_HEADER = 'x-sandbox-upload-token';

const requestUploadUrls: Route = {
	methods: ['POST'],
	pattern: exactPath('/v1/ai/uploads/request-url'),
	endpoint: 'freepik.upload.requestUrl',
	body: 'json',
	handle: withFreepikKey((request, context) => {
		const parsed = parseJsonRequest(request.body);
		if ('reply' in parsed) return parsed.reply;
		const validation = freepikUploadRequestSchema.safeParse(parsed.value);
		if (!validation.success) return freepikInvalidParams(toInvalidParams(validation.error));
		const files = validation.data.files.map(({ content_type: contentType }) => {
			const slot = context.assets.createSlot(
				contentType,
				scaled(context.options, UPLOAD_URL_EXPIRES_IN_SECONDS * 1000),
				scaled(context.options, ASSET_URL_EXPIRES_IN_SECONDS * 1000),
			);
			return {
				file_id: slot.fileId,
				upload_url: `${context.baseUrl()}/uploads/${slot.fileId}`,
				headers: { 'Content-Type': contentType, [UPLOAD_TOKEN_HEADER]: slot.token },
				expires_in: UPLOAD_URL_EXPIRES_IN_SECONDS,
				asset_url: `${context.baseUrl()}/assets/${slot.fileId}`,
				asset_url_expires_in: ASSET_URL_EXPIRES_IN_SECONDS,
			};
		});
		return jsonReply(200, { files });
	}),
};

/** Plays the part of a presigned storage URL: its own headers only, never the API key. */
const putUpload: Route = {
	methods: ['PUT'],
	pattern: pathWithId('/uploads'),
	endpoint: 'freepik.upload.put',
	body: 'stream',
	async handle(request, context) {
		const slot = context.assets.slot(request.params[0]);
		const refuse = (status: number, code: string, message: string): Reply => {
			drainRequest(request.raw);
			return storageError(status, code, message);
		};
		if (!slot) return refuse(404, 'NoSuchUpload', 'The upload URL is unknown.');
		if (Date.now() > slot.expiresAt) return refuse(403, 'AccessDenied', 'Request has expired.');
		const keyHeader = [...FREEPIK_KEY_HEADERS, 'authorization'].find((name) => request.headers[name] !== undefined);
		if (keyHeader) return refuse(403, 'AccessDenied', `Header ${keyHeader} is not allowed on a presigned upload.`);
		const contentType = (request.headers['content-type'] ?? '').trim().toLowerCase();
		if (contentType !== slot.contentType) {
			return refuse(403, 'SignatureDoesNotMatch', `Content-Type must be exactly ${slot.contentType}.`);
		}
		if (request.headers[UPLOAD_TOKEN_HEADER] !== slot.token) {
			return refuse(403, 'SignatureDoesNotMatch', `Header ${UPLOAD_TOKEN_HEADER} is missing or wrong.`);
		}
		const received = await receiveBytes(request.raw, ASSET_MEMORY_CAP_BYTES);
		request.log.rawBodyLength = received.bytes;
		context.assets.store({
			id: slot.fileId,
			contentType: slot.contentType,
			provider: 'freepik',
			createdAt: Date.now(),
			expiresAt: slot.assetExpiresAt,
			...received,
		});
		return { status: 200, headers: { etag: `"${received.sha256.slice(0, 32)}"` }, body: '' };
	},
};

function storageError(status: number, code: string, message: string): Reply {
	return {
		status,
		headers: { 'content-type': 'application/xml' },
		body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
	};
}

export const freepikUploadRoutes: Route[] = [requestUploadUrls, putUpload];
