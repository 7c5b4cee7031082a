export type WebhookSecretEncoding = 'standard' | 'raw';

export interface SandboxOptions {
	/** 0 (default) picks a free port; the host is always 127.0.0.1. */
	port?: number;
	freepikKeys?: string[];
	apimartKeys?: string[];
	webhookSecret?: string;
	/** standard: strip a `whsec_` prefix and base64-decode; raw: the UTF-8 bytes of the whole string. */
	webhookSecretEncoding?: WebhookSecretEncoding;
	/** Multiplies every time constant: rate-limit window, lifecycle, upload URL expiry. */
	timeScale?: number;
	rateLimitPerMinute?: number;
	rateLimitRetryAfter?: boolean;
	lifecycle?: { queuedMs?: number; runningMs?: number };
	largeVideoBytes?: number;
	duplicateWebhooks?: number;
	webhookDelayMs?: number;
	/** Not scaled by timeScale: it bounds a real socket wait. */
	webhookTimeoutMs?: number;
	listIncludesGenerated?: boolean;
	apimartMaxConcurrent?: number;
}

export interface ResolvedSandboxOptions {
	port: number;
	freepikKeys: string[];
	apimartKeys: string[];
	webhookSecret: string;
	webhookSecretEncoding: WebhookSecretEncoding;
	timeScale: number;
	rateLimitPerMinute: number;
	rateLimitRetryAfter: boolean;
	lifecycle: { queuedMs: number; runningMs: number };
	largeVideoBytes?: number;
	duplicateWebhooks: number;
	webhookDelayMs: number;
	webhookTimeoutMs: number;
	listIncludesGenerated: boolean;
	apimartMaxConcurrent: number;
}

export const DEFAULT_FREEPIK_KEY = 'fp-test-key';
export const DEFAULT_APIMART_KEY = 'am-test-key';
export const DEFAULT_WEBHOOK_SECRET =
	'whsec_' + Buffer.from('sandbox-webhook-secret-0123456789').toString('base64');

export function resolveOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
	return {
		port: options.port ?? 0,
		freepikKeys: options.freepikKeys ?? [DEFAULT_FREEPIK_KEY],
		apimartKeys: options.apimartKeys ?? [DEFAULT_APIMART_KEY],
		webhookSecret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
		webhookSecretEncoding: options.webhookSecretEncoding ?? 'standard',
		timeScale: options.timeScale ?? 1,
		rateLimitPerMinute: options.rateLimitPerMinute ?? 50,
		rateLimitRetryAfter: options.rateLimitRetryAfter ?? false,
		lifecycle: {
			queuedMs: options.lifecycle?.queuedMs ?? 1000,
			runningMs: options.lifecycle?.runningMs ?? 3000,
		},
		largeVideoBytes: options.largeVideoBytes,
		duplicateWebhooks: options.duplicateWebhooks ?? 0,
		webhookDelayMs: options.webhookDelayMs ?? 0,
		webhookTimeoutMs: options.webhookTimeoutMs ?? 2000,
		listIncludesGenerated: options.listIncludesGenerated ?? false,
		apimartMaxConcurrent: options.apimartMaxConcurrent ?? Infinity,
	};
}

export function scaled(options: ResolvedSandboxOptions, milliseconds: number): number {
	return Math.max(0, milliseconds * options.timeScale);
}
