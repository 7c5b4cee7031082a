import type { IBinaryData, IDataObject, IExecuteFunctions, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { frameImageProblems, inspectImage } from './media/imageInfo';
import { formatLimitMb, REFERENCE_VIDEO_LIMITS, referenceVideoProblems } from './media/referenceVideo';
import { inspectVideo, NotAVideoError } from './media/videoInfo';
import type { PendingUpload, Provider } from './providers/types';
import { RETRY_LIMITS, retryDelay } from './transport';

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

/**
 * What the provider would refuse about a binary input, checked before anything is sent:
 * presence, type and size; for a video also its container, length, resolution and frame rate,
 * read from the file's header.
 */
export async function checkUploadable(
	context: IExecuteFunctions,
	provider: Provider,
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
	const rules = provider.uploadRules;
	const allowed = rules[upload.kind === 'frame' ? 'image' : upload.kind];
	if (allowed.length === 0) {
		return `${provider.label} cannot take a ${upload.kind} upload; give an http(s) URL`;
	}
	if (!allowed.includes(binary.mimeType)) {
		return `binary "${upload.binaryProperty}" is ${binary.mimeType || 'of unknown type'}, allowed: ${allowed.join(', ')}`;
	}
	const size = binarySize(binary);
	if (rules.maxImageBytes !== undefined && upload.kind !== 'video' && size !== undefined && size > rules.maxImageBytes) {
		return `binary "${upload.binaryProperty}" is ${formatMb(size)}, ${provider.label} takes images up to ${formatMb(rules.maxImageBytes)}`;
	}
	if (upload.kind === 'frame') {
		const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, upload.binaryProperty);
		const problems = frameImageProblems(inspectImage(bytes.subarray(0, 256 * 1024)), size ?? bytes.length, upload.limits?.image);
		return problems.length ? `image "${upload.binaryProperty}" is ${problems.join('; ')}` : undefined;
	}
	if (upload.kind !== 'video') return undefined;
	const videoLimits = upload.limits?.video ?? REFERENCE_VIDEO_LIMITS;
	if (size !== undefined && size > videoLimits.maxBytes) {
		return `binary "${upload.binaryProperty}" is ${formatMb(size)}, at most ${formatLimitMb(videoLimits.maxBytes)} allowed`;
	}
	try {
		const source = binary.id
			? ((await context.helpers.getBinaryStream(binary.id)) as unknown as AsyncIterable<Buffer>)
			: await context.helpers.getBinaryDataBuffer(itemIndex, upload.binaryProperty);
		const problems = referenceVideoProblems(await inspectVideo(source), videoLimits);
		return problems.length ? `video "${upload.binaryProperty}" is ${problems.join('; ')}` : undefined;
	} catch (error) {
		if (error instanceof NotAVideoError) return `binary "${upload.binaryProperty}": ${error.message}`;
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
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
	/** The provider's base URL: its host is trusted even on a private address (a proxy or sandbox). */
	trustedBaseUrl: string;
}

const PRIVATE_IPV4: Array<[number, number]> = [
	[0x00000000, 8], // 0.0.0.0/8
	[0x0a000000, 8], // 10/8
	[0x64400000, 10], // 100.64/10 (carrier-grade NAT)
	[0x7f000000, 8], // loopback
	[0xa9fe0000, 16], // link-local, cloud metadata
	[0xac100000, 12], // 172.16/12
	[0xc0a80000, 16], // 192.168/16
];

function ipv4Number(host: string): number | undefined {
	const parts = host.split('.');
	if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
	return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

function isPrivateHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	// An IPv4-mapped IPv6 address, as WHATWG URL writes it (`::ffff:7f00:1` for 127.0.0.1).
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
	const ipv4 = mapped ? parseInt(mapped[1], 16) * 65536 + parseInt(mapped[2], 16) : ipv4Number(host);
	if (ipv4 !== undefined) {
		return PRIVATE_IPV4.some(([network, bits]) => Math.floor(ipv4 / 2 ** (32 - bits)) === Math.floor(network / 2 ** (32 - bits)));
	}
	if (!host.includes(':')) return false;
	return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
}

/**
 * A result URL is fetched only from a public host, or from the host of the base URL the user
 * configured. The message names the host, never the URL: its query may carry a signature.
 */
export function refusedDownloadHost(url: string, trustedBaseUrl: string): string | undefined {
	let hostname: string;
	try {
		hostname = new URL(url).hostname;
	} catch {
		return 'The video URL is not a valid URL';
	}
	let trusted = '';
	try {
		trusted = new URL(trustedBaseUrl).hostname;
	} catch {
		// No usable base URL: nothing private is trusted.
	}
	if (hostname === trusted || !isPrivateHost(hostname)) return undefined;
	return `The video URL points at ${hostname}, a loopback, link-local or private address: not downloaded (only the host of the credential's custom base URL is trusted)`;
}

export const DEFAULT_MAX_VIDEO_MB = 1024;

/**
 * Streams a result video into n8n binary data. Only http(s) URLs are fetched, without the API
 * key (result URLs are signed CDN links), and a body larger than the cap is cut off with an error.
 * A CDN's bad moment (429, 5xx, a reset, a stall, an error page or empty body answered with 200)
 * is retried like a read: the video is paid for, and fetching it again costs nothing.
 */
export async function downloadVideo(
	context: IExecuteFunctions | IWebhookFunctions,
	url: string,
	options: DownloadOptions,
): Promise<IBinaryData> {
	if (!isHttpUrl(url)) throw new Error('The video URL is not an http(s) URL');
	const refused = refusedDownloadHost(url, options.trustedBaseUrl);
	if (refused) throw new Error(refused);
	return await withTransferRetries(async () => await downloadOnce(context, url, options));
}

async function downloadOnce(
	context: IExecuteFunctions | IWebhookFunctions,
	url: string,
	options: DownloadOptions,
): Promise<IBinaryData> {
	const response = await sendTransfer(context, {
		method: 'GET',
		url,
		encoding: 'stream',
		timeout: 10 * 60_000,
	});
	const body = response.body as ByteStream;
	const declared = Number(response.headers['content-length']);
	if (Number.isFinite(declared) && declared > options.maxBytes) {
		body.destroy();
		throw new Error(`The video is ${formatMb(declared)}, more than the ${formatMb(options.maxBytes)} download limit`);
	}
	const mimeType = String(response.headers['content-type'] ?? 'video/mp4').split(';')[0].trim().toLowerCase() || 'video/mp4';
	if (/^(text\/|application\/(.*\+)?(json|xml)$)/.test(mimeType)) {
		body.destroy();
		throw transientTransferError(`the video URL answered ${mimeType} instead of a video`, response.headers);
	}
	const received = countBytes(body, options.maxBytes);
	let binary: IBinaryData;
	try {
		binary = await context.helpers.prepareBinaryData(
			body as unknown as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0],
			options.fileName,
			mimeType.startsWith('video/') ? mimeType : 'video/mp4',
		);
	} catch (error) {
		// Past the cap the answer is final; anything else broke the stream midway (a cut, a stall).
		if (received() > options.maxBytes) {
			throw new NodeOperationError(context.getNode(), `The video is larger than the ${formatMb(options.maxBytes)} download limit`);
		}
		throw transientTransferError(`the download stopped after ${formatMb(received())} (${connectionFailure(error)})`);
	}
	if (received() === 0) throw transientTransferError('the video URL answered an empty body', response.headers);
	return binary;
}

/** Statuses of a signed storage or CDN URL after which trying again can help. */
const TRANSIENT_TRANSFER_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * A failed upload PUT or download that another attempt may fix. Internal: the callers
 * (uploadBinary, downloadInto, Get Task, the trigger) turn it into the node's error.
 */
interface TransientTransferError extends Error {
	transient: true;
	headers: IDataObject;
}

function transientTransferError(message: string, headers: IDataObject = {}): TransientTransferError {
	return Object.assign(new Error(message), { transient: true as const, headers });
}

function isTransient(error: unknown): error is TransientTransferError {
	return (error as Partial<TransientTransferError> | undefined)?.transient === true;
}

/** Upload PUTs and downloads repeat nothing paid: transient failures are retried like provider reads. */
export async function withTransferRetries<T>(transfer: () => Promise<T>): Promise<T> {
	const limits = RETRY_LIMITS.read;
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			return await transfer();
		} catch (error) {
			failure = error;
		}
		if (!isTransient(failure) || attempt >= limits.attempts) throw failure;
		await sleep(retryDelay(failure.headers, attempt, limits));
	}
}

/** One request to a signed URL: an HTTP error comes back as a status, no answer at all as transient. */
export async function sendTransfer(
	context: IExecuteFunctions | IWebhookFunctions,
	options: IHttpRequestOptions,
): Promise<{ body: unknown; headers: IDataObject; statusCode: number }> {
	let response: { body: unknown; headers: IDataObject; statusCode: number };
	try {
		response = (await context.helpers.httpRequest({ ...options, returnFullResponse: true, ignoreHttpStatusErrors: true })) as typeof response;
	} catch (error) {
		throw transientTransferError(connectionFailure(error));
	}
	response.headers ??= {};
	if (response.statusCode >= 400) {
		discardBody(response.body);
		const message = `HTTP ${response.statusCode}`;
		if (TRANSIENT_TRANSFER_STATUS.has(response.statusCode)) throw transientTransferError(message, response.headers);
		throw new Error(message);
	}
	return response;
}

/**
 * A failed connection in plain words. n8n replaces any error message that names a Node error code
 * (ECONNRESET, ETIMEDOUT, ECONNABORTED...) with its generic text, dropping the task id with it.
 */
function connectionFailure(error: unknown): string {
	const code = String((error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code ?? '');
	if (/TIMEDOUT|ECONNABORTED/i.test(code)) return 'no answer in time';
	if (code === 'ECONNRESET' || /socket hang up|aborted/i.test(String((error as Error)?.message))) return 'the connection was cut';
	if (code === 'ECONNREFUSED') return 'the connection was refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name did not resolve';
	return 'the connection failed';
}

export function discardBody(body: unknown): void {
	if (body && typeof (body as ByteStream).destroy === 'function') (body as ByteStream).destroy();
}

/** The part of a Node.js readable stream used here (node:stream itself may not be imported). */
interface ByteStream {
	on(event: 'data', listener: (chunk: Buffer) => void): unknown;
	on(event: 'newListener', listener: (event: string | symbol) => void): unknown;
	pause(): unknown;
	resume(): unknown;
	destroy(error?: Error): unknown;
}

/** A server may lie about Content-Length or send none: count what actually arrives. */
function countBytes(stream: ByteStream, maxBytes: number): () => number {
	let seen = 0;
	stream.on('data', (chunk) => {
		seen += chunk.length;
		if (seen > maxBytes) stream.destroy(new Error(`The video is larger than the ${formatMb(maxBytes)} download limit`));
	});
	// A 'data' listener starts the flow at once, and n8n's binary store reads the stream only
	// after awaiting its folder: chunks sent meanwhile were lost. Hold them until a reader comes:
	// one that reads (filesystem mode) pulls them, one that listens (memory mode) is let through.
	stream.pause();
	stream.on('newListener', (event) => {
		if (event === 'data') stream.resume();
	});
	return () => seen;
}
