import type { IBinaryData, IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { APIMART_UPLOAD_PATH } from './providers/apimart';
import { frameImageProblems, inspectImage } from './media/imageInfo';
import { REFERENCE_VIDEO_LIMITS, referenceVideoProblems } from './media/referenceVideo';
import { inspectVideo, NotAVideoError } from './media/videoInfo';
import { FREEPIK_UPLOAD_REQUEST_PATH } from './providers/freepik';
import type { PendingUpload } from './providers/types';
import { callProvider, type CallOptions, type Connection } from './transport';

/** Where a parameter may name either a URL or a binary property of the item. */
export function isHttpUrl(value: string): boolean {
	return /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(value.trim());
}

/**
 * Placeholder that stands in the body for a binary input until it is uploaded, so the body can
 * be validated (and refused) before anything is sent.
 */
export function uploadPlaceholder(binaryProperty: string): string {
	return `https://n8n-binary.invalid/${encodeURIComponent(binaryProperty)}`;
}

const UPLOAD_TYPES = {
	freepik: {
		image: ['image/png', 'image/jpeg', 'image/webp'],
		video: ['video/mp4', 'video/webm', 'video/quicktime'],
	},
	apimart: { image: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'], video: [] as string[] },
};

const APIMART_IMAGE_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * What the provider would refuse about a binary input, checked before anything is sent:
 * presence, type and size; for a video also its container, length, resolution and frame rate,
 * read from the file's header.
 */
export async function checkUploadable(
	context: IExecuteFunctions,
	provider: 'freepik' | 'apimart',
	upload: PendingUpload,
	itemIndex: number,
): Promise<string | undefined> {
	const item = context.getInputData()[itemIndex];
	const binary = item?.binary?.[upload.binaryProperty];
	if (!binary) {
		const available = Object.keys(item?.binary ?? {});
		return `"${upload.binaryProperty}" is neither an http(s) URL nor a binary property of this item (${
			available.length ? `it has: ${available.join(', ')}` : 'it has no binary data'
		})`;
	}
	const allowed = UPLOAD_TYPES[provider][upload.kind === 'frame' ? 'image' : upload.kind];
	if (allowed.length === 0) {
		return `${provider === 'apimart' ? 'APIMart' : 'Freepik'} cannot take a ${upload.kind} upload; give an http(s) URL`;
	}
	if (!allowed.includes(binary.mimeType)) {
		return `binary "${upload.binaryProperty}" is ${binary.mimeType || 'of unknown type'}, allowed: ${allowed.join(', ')}`;
	}
	const size = binarySize(binary);
	if (provider === 'apimart' && size !== undefined && size > APIMART_IMAGE_LIMIT_BYTES) {
		return `binary "${upload.binaryProperty}" is ${formatMb(size)}, APIMart takes images up to 20 MB`;
	}
	if (upload.kind === 'frame') {
		const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, upload.binaryProperty);
		const problems = frameImageProblems(inspectImage(bytes.subarray(0, 256 * 1024)), size ?? bytes.length);
		return problems.length ? `image "${upload.binaryProperty}" is ${problems.join('; ')}` : undefined;
	}
	if (upload.kind !== 'video') return undefined;
	if (size !== undefined && size > REFERENCE_VIDEO_LIMITS.maxBytes) {
		return `binary "${upload.binaryProperty}" is ${formatMb(size)}, at most 200 MB allowed`;
	}
	try {
		const source = binary.id
			? ((await context.helpers.getBinaryStream(binary.id)) as unknown as AsyncIterable<Buffer>)
			: await context.helpers.getBinaryDataBuffer(itemIndex, upload.binaryProperty);
		const problems = referenceVideoProblems(await inspectVideo(source));
		return problems.length ? `video "${upload.binaryProperty}" is ${problems.join('; ')}` : undefined;
	} catch (error) {
		if (error instanceof NotAVideoError) return `binary "${upload.binaryProperty}": ${error.message}`;
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}

/** Uploads one binary input through the provider's upload API and returns the URL to send. */
export async function uploadBinary(
	context: IExecuteFunctions,
	connection: Connection,
	upload: PendingUpload,
	itemIndex: number,
	callOptions: Omit<CallOptions, 'policy'>,
): Promise<string> {
	const binary = context.helpers.assertBinaryData(itemIndex, upload.binaryProperty);
	if (connection.provider === 'freepik') {
		const answer = (await callProvider(
			context,
			connection,
			{ method: 'POST', url: FREEPIK_UPLOAD_REQUEST_PATH, body: { files: [{ content_type: binary.mimeType }] } },
			{ ...callOptions, policy: 'read' },
		)) as { files?: Array<{ upload_url?: string; headers?: IDataObject; asset_url?: string }> };
		const slot = answer.files?.[0];
		if (!slot?.upload_url || !slot.asset_url) {
			throw new NodeOperationError(context.getNode(), 'Freepik: the upload request returned no upload URL', { itemIndex });
		}
		const body = binary.id
			? await context.helpers.getBinaryStream(binary.id)
			: await context.helpers.getBinaryDataBuffer(itemIndex, upload.binaryProperty);
		const size = binarySize(binary);
		// The signed upload URL is the authorisation: the API key must not travel with it.
		await context.helpers.httpRequest({
			method: 'PUT',
			url: slot.upload_url,
			headers: { ...(slot.headers ?? {}), ...(size !== undefined ? { 'Content-Length': size } : {}) },
			body: body as unknown as Buffer,
			timeout: 10 * 60_000,
		});
		return slot.asset_url;
	}
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, upload.binaryProperty);
	const form = multipartFile('file', binary.fileName ?? `image.${binary.fileExtension ?? 'png'}`, binary.mimeType, buffer);
	const answer = (await callProvider(
		context,
		connection,
		{ method: 'POST', url: APIMART_UPLOAD_PATH, body: form.body, headers: { 'Content-Type': form.contentType } },
		{ ...callOptions, policy: 'read' },
	)) as { url?: string; data?: { url?: string } };
	const url = answer.url ?? answer.data?.url;
	if (!url) throw new NodeOperationError(context.getNode(), 'APIMart: the image upload returned no URL', { itemIndex });
	return url;
}

function multipartFile(field: string, fileName: string, mimeType: string, content: Buffer) {
	const boundary = `----n8nKling${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const safeName = fileName.replace(/["\r\n]/g, '_');
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${safeName}"\r\nContent-Type: ${mimeType}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return { body: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function binarySize(binary: IBinaryData): number | undefined {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (!binary.id && binary.data) return Buffer.byteLength(binary.data, 'base64');
	return undefined;
}

function formatMb(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface DownloadOptions {
	maxBytes: number;
	fileName: string;
}

export const DEFAULT_MAX_VIDEO_MB = 1024;

/**
 * Streams a result video into n8n binary data. Only http(s) URLs are fetched, without the API
 * key (result URLs are signed CDN links), and a body larger than the cap is cut off with an error.
 */
export async function downloadVideo(
	context: IExecuteFunctions | IWebhookFunctions,
	url: string,
	options: DownloadOptions,
): Promise<IBinaryData> {
	if (!isHttpUrl(url)) throw new Error(`The video URL is not an http(s) URL: ${url.slice(0, 100)}`);
	const response = (await context.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		timeout: 10 * 60_000,
	})) as { body: ByteStream; headers: IDataObject; statusCode: number };
	const declared = Number(response.headers['content-length']);
	if (Number.isFinite(declared) && declared > options.maxBytes) {
		response.body.destroy();
		throw new Error(`The video is ${formatMb(declared)}, more than the ${formatMb(options.maxBytes)} download limit`);
	}
	const mimeType = String(response.headers['content-type'] ?? 'video/mp4').split(';')[0] || 'video/mp4';
	enforceByteLimit(response.body, options.maxBytes);
	return await context.helpers.prepareBinaryData(
		response.body as unknown as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0],
		options.fileName,
		mimeType.startsWith('video/') ? mimeType : 'video/mp4',
	);
}

/** The part of a Node.js readable stream used here (node:stream itself may not be imported). */
interface ByteStream {
	on(event: 'data', listener: (chunk: Buffer) => void): unknown;
	destroy(error?: Error): unknown;
}

/** A server may lie about Content-Length or send none: count what actually arrives. */
function enforceByteLimit(stream: ByteStream, maxBytes: number): void {
	let seen = 0;
	stream.on('data', (chunk) => {
		seen += chunk.length;
		if (seen > maxBytes) stream.destroy(new Error(`The video is larger than the ${formatMb(maxBytes)} download limit`));
	});
}
