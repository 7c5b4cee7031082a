import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type SignatureCheck = { valid: true; webhookId: string } | { valid: false; reason: string };

export interface SignedRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer | string;
}

/**
 * Freepik signs callbacks the Standard-Webhooks way: base64 HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${raw body}`, sent as space-separated `v1,<sig>` pairs.
 * The docs' samples disagree on the key (the secret's UTF-8 bytes, or its base64-decoded
 * `whsec_` form), so every reading of the secret is tried.
 */
export function verifyWebhookSignature(
	request: SignedRequest,
	secret: string,
	toleranceSeconds = DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
	nowMs = Date.now(),
): SignatureCheck {
	const id = header(request.headers, 'webhook-id');
	const timestamp = header(request.headers, 'webhook-timestamp');
	const signatures = header(request.headers, 'webhook-signature');
	if (!id || !timestamp || !signatures) {
		return { valid: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
	}
	const seconds = Number(timestamp);
	if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) {
		return { valid: false, reason: 'webhook-timestamp is not a number of seconds' };
	}
	if (Math.abs(nowMs / 1000 - seconds) > toleranceSeconds) {
		return { valid: false, reason: `webhook-timestamp is more than ${toleranceSeconds} s away from now` };
	}
	const body = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody) : request.rawBody;
	const signedContent = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]);
	const expected = signingKeys(secret).map((key) => createHmac('sha256', key).update(signedContent).digest());
	for (const pair of signatures.split(' ')) {
		const [version, value] = pair.split(',', 2);
		if (version !== 'v1' || !value) continue;
		const given = Buffer.from(value, 'base64');
		if (expected.some((digest) => digest.length === given.length && timingSafeEqual(digest, given))) {
			return { valid: true, webhookId: id };
		}
	}
	return { valid: false, reason: 'no webhook-signature matches the configured secret' };
}

export function signingKeys(secret: string): Buffer[] {
	const trimmed = secret.trim();
	const keys = [Buffer.from(trimmed, 'utf8')];
	const encoded = trimmed.startsWith('whsec_') ? trimmed.slice('whsec_'.length) : trimmed;
	if (/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) && encoded.length % 4 === 0) {
		keys.push(Buffer.from(encoded, 'base64'));
	}
	return keys;
}

function header(headers: SignedRequest['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(' ') : value;
}
