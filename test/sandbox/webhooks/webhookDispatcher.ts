import { randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { ResolvedSandboxOptions } from '../options';
import { loopbackTarget } from './loopbackTarget';
import { signWebhook } from './signing';

export interface WebhookDelivery {
	url: string;
	taskId: string;
	status: string;
	webhookId: string;
	/** True for the extra copies sent by `duplicateWebhooks` or `[sandbox:dup-webhook]`. */
	duplicate: boolean;
	headers: Record<string, string>;
	body: string;
	at: number;
	responseStatus?: number;
	error?: string;
}

export interface WebhookMessage {
	url: string;
	taskId: string;
	status: string;
	payload: unknown;
	extraCopies: number;
}

/** Sends each task's webhooks one after another, so a receiver sees status changes in order. */
export class WebhookDispatcher {
	readonly deliveries: WebhookDelivery[] = [];
	private readonly queues = new Map<string, Promise<void>>();
	/** Pending delays and how to release them early, so no chain is left waiting on a cleared timer. */
	private readonly delayTimers = new Map<NodeJS.Timeout, () => void>();
	private readonly inFlight = new Set<ClientRequest>();
	private generation = 0;
	private closed = false;

	constructor(private readonly options: ResolvedSandboxOptions) {}

	enqueue(message: WebhookMessage): void {
		if (this.closed) return;
		const generation = this.generation;
		// Snapshot now: the task keeps changing while earlier deliveries are still queued.
		const body = JSON.stringify(message.payload);
		const webhookId = `msg_${randomBytes(12).toString('hex')}`;
		const previous = this.queues.get(message.taskId) ?? Promise.resolve();
		const next = previous.then(async () => {
			await this.wait(this.options.webhookDelayMs);
			// Signed when first sent, so a delay never makes the timestamp stale; copies resend it as is.
			const headers = this.signedHeaders(webhookId, body);
			for (let copy = 0; copy <= message.extraCopies; copy++) {
				if (this.closed || generation !== this.generation) return;
				const delivery: WebhookDelivery = {
					url: message.url,
					taskId: message.taskId,
					status: message.status,
					webhookId,
					duplicate: copy > 0,
					headers,
					body,
					at: Date.now(),
				};
				await this.send(delivery);
				if (generation === this.generation) this.deliveries.push(delivery);
			}
		});
		this.queues.set(message.taskId, next);
		void next.finally(() => {
			if (this.queues.get(message.taskId) === next) this.queues.delete(message.taskId);
		});
	}

	private signedHeaders(webhookId: string, body: string): Record<string, string> {
		const timestamp = Math.floor(Date.now() / 1000);
		const { webhookSecret, webhookSecretEncoding } = this.options;
		return {
			'content-type': 'application/json',
			'webhook-id': webhookId,
			'webhook-timestamp': String(timestamp),
			'webhook-signature': signWebhook(webhookSecret, webhookSecretEncoding, webhookId, timestamp, body),
		};
	}

	/** Resolves once every queued delivery has been attempted. */
	async settled(): Promise<void> {
		for (let round = 0; round < 100 && this.queues.size > 0; round++) {
			await Promise.all([...this.queues.values()]);
		}
	}

	reset(): void {
		this.generation += 1;
		this.deliveries.length = 0;
		this.stopPending();
	}

	close(): void {
		this.closed = true;
		this.stopPending();
	}

	private stopPending(): void {
		for (const [timer, release] of this.delayTimers) {
			clearTimeout(timer);
			release();
		}
		this.delayTimers.clear();
		for (const request of this.inFlight) request.destroy();
		this.inFlight.clear();
		this.queues.clear();
	}

	private wait(milliseconds: number): Promise<void> {
		if (milliseconds <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.delayTimers.delete(timer);
				resolve();
			}, milliseconds);
			timer.unref();
			this.delayTimers.set(timer, resolve);
		});
	}

	private send(delivery: WebhookDelivery): Promise<void> {
		const target = loopbackTarget(delivery.url);
		if ('refused' in target) {
			delivery.error = target.refused;
			return Promise.resolve();
		}
		return new Promise((resolve) => {
			const request = httpRequest({
				host: target.hostname,
				port: target.port,
				path: target.path,
				method: 'POST',
				agent: false,
				timeout: this.options.webhookTimeoutMs,
				headers: { ...delivery.headers, 'content-length': Buffer.byteLength(delivery.body), connection: 'close' },
			});
			this.inFlight.add(request);
			const done = (error?: Error): void => {
				this.inFlight.delete(request);
				if (error && delivery.error === undefined && delivery.responseStatus === undefined) delivery.error = error.message;
				resolve();
			};
			request.on('timeout', () => request.destroy(new Error(`webhook timed out after ${this.options.webhookTimeoutMs} ms`)));
			request.on('error', (error) => done(error));
			request.on('response', (response) => {
				delivery.responseStatus = response.statusCode;
				response.resume();
				response.on('end', () => done());
				response.on('error', (error) => done(error));
			});
			request.end(delivery.body);
		});
	}
}
