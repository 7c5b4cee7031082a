/**
 * Credentials with values that cannot appear by accident: any occurrence of one of these strings
 * (or of an encoding of it) in what an execution produces is a leak.
 */
const WEBHOOK_SECRET_RAW = 'rel-webhook-secret-5d1f0a77c3e94b2f';

export const SECRETS = {
	freepikKey: 'fp-LIVE-9c1e7d0b44a2-reliability-secret-key',
	apimartKey: 'am-LIVE-4f6a2e88b10c-reliability-secret-key',
	/** A key the sandbox does not know: what a 401 answers. Just as secret. */
	wrongFreepikKey: 'fp-WRONG-31be5c09d7f8-reliability-secret-key',
	wrongApimartKey: 'am-WRONG-8a0c7e21f4b3-reliability-secret-key',
	webhookSecret: `whsec_${Buffer.from(WEBHOOK_SECRET_RAW).toString('base64')}`,
	webhookSecretRaw: WEBHOOK_SECRET_RAW,
} as const;

/** Every form in which a secret could travel: as is, as a header value, base64, URL-encoded. */
export function secretNeedles(): Array<{ name: string; needle: string }> {
	const needles: Array<{ name: string; needle: string }> = [];
	for (const [name, value] of Object.entries(SECRETS)) {
		needles.push({ name, needle: value });
		needles.push({ name: `${name} (base64)`, needle: Buffer.from(value).toString('base64') });
		if (encodeURIComponent(value) !== value) needles.push({ name: `${name} (url-encoded)`, needle: encodeURIComponent(value) });
	}
	// A distinctive middle part, so a truncated or re-formatted copy is found too.
	for (const [name, value] of Object.entries(SECRETS)) {
		const middle = /-([0-9a-f]{12})-/.exec(value)?.[1];
		if (middle) needles.push({ name: `${name} (fragment)`, needle: middle });
	}
	needles.push({ name: 'webhookSecret (fragment)', needle: '5d1f0a77c3e94b2f' });
	return needles;
}

/** The needles found in `haystack` (empty when nothing leaked). */
export function findSecrets(haystack: string): string[] {
	return secretNeedles()
		.filter(({ needle }) => haystack.includes(needle))
		.map(({ name }) => name);
}
