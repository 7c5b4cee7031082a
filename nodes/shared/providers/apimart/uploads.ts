import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callProvider, type CallOptions, type Connection } from '../../transport';
import type { PendingUpload } from '../types';

const UPLOAD_PATH = '/v1/uploads/images';

/** APIMart takes images only, as a multipart form; the answer holds the URL to send. */
export async function uploadToApimart(
	context: IExecuteFunctions,
	connection: Connection,
	upload: PendingUpload,
	itemIndex: number,
	callOptions: Omit<CallOptions, 'policy'>,
): Promise<string> {
	const binary = context.helpers.assertBinaryData(itemIndex, upload.binaryProperty);
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, upload.binaryProperty);
	const form = multipartFile('file', binary.fileName ?? `image.${binary.fileExtension ?? 'png'}`, binary.mimeType, buffer);
	const answer = (await callProvider(
		context,
		connection,
		{ method: 'POST', url: UPLOAD_PATH, body: form.body, headers: { 'Content-Type': form.contentType } },
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
