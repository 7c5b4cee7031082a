import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { binarySize, discardBody, sendTransfer, withTransferRetries } from '../../binary';
import { callProvider, type CallOptions, type Connection } from '../../transport';
import type { PendingUpload } from '../types';

const UPLOAD_REQUEST_PATH = '/v1/ai/uploads/request-url';

/**
 * Freepik's upload flow: ask for a signed upload URL, PUT the bytes there (without the API key:
 * the signed URL is the authorisation), and send the asset URL in the body.
 */
export async function uploadToFreepik(
	context: IExecuteFunctions,
	connection: Connection,
	upload: PendingUpload,
	itemIndex: number,
	callOptions: Omit<CallOptions, 'policy'>,
): Promise<string> {
	const binary = context.helpers.assertBinaryData(itemIndex, upload.binaryProperty);
	const answer = (await callProvider(
		context,
		connection,
		{ method: 'POST', url: UPLOAD_REQUEST_PATH, body: { files: [{ content_type: binary.mimeType }] } },
		{ ...callOptions, policy: 'read' },
	)) as { files?: Array<{ upload_url?: string; headers?: IDataObject; asset_url?: string }> };
	const slot = answer.files?.[0];
	if (!slot?.upload_url || !slot.asset_url) {
		throw new NodeOperationError(context.getNode(), 'Freepik: the upload request returned no upload URL', { itemIndex });
	}
	const size = binarySize(binary);
	try {
		await withTransferRetries(async () => {
			// A stream is spent by one attempt: each attempt reads the binary afresh.
			const body = binary.id
				? await context.helpers.getBinaryStream(binary.id)
				: await context.helpers.getBinaryDataBuffer(itemIndex, upload.binaryProperty);
			const response = await sendTransfer(context, {
				method: 'PUT',
				url: slot.upload_url!,
				headers: { ...(slot.headers ?? {}), ...(size !== undefined ? { 'Content-Length': size } : {}) },
				body: body as unknown as Buffer,
				timeout: 10 * 60_000,
			});
			discardBody(response.body);
		});
	} catch (error) {
		throw new NodeOperationError(context.getNode(), `Freepik: the upload of ${upload.field} failed: ${(error as Error).message}`, {
			itemIndex,
			description: 'Nothing was created for this item: no task was started, so running it again costs nothing more.',
		});
	}
	return slot.asset_url;
}
