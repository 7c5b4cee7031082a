import { createHmac } from 'node:crypto';
import type { WebhookSecretEncoding } from '../options';

/**
 * Standard Webhooks keys are `whsec_<base64>`; Freepik's PHP sample decodes them while its other
 * samples use the secret's UTF-8 bytes, so both readings are offered.
 */
export function webhookSigningKey(secret: string, encoding: WebhookSecretEncoding): Buffer {
	if (encoding === 'raw') return Buffer.from(secret, 'utf8');
	const withoutPrefix = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
	return Buffer.from(withoutPrefix, 'base64');
}

/** The `webhook-signature` header value: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signWebhook(
	secret: string,
	encoding: WebhookSecretEncoding,
	id: string,
	timestampSeconds: number,
	rawBody: string,
): string {
	const digest = createHmac('sha256', webhookSigningKey(secret, encoding))
		.update(`${id}.${timestampSeconds}.${rawBody}`)
		.digest('base64');
	return `v1,${digest}`;
}
