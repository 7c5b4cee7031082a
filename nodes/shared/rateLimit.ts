import { sleep } from 'n8n-workflow';

/**
 * A sliding-window request budget shared by every request of one execution (Freepik counts
 * creates, polls and lists together: 50 per minute per key). Waiting here is cheaper than a 429.
 */
export class RequestBudget {
	private readonly sent: number[] = [];

	private queue: Promise<void> = Promise.resolve();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {}

	static perMinute(requestsPerMinute: number): RequestBudget {
		return new RequestBudget(Math.max(1, Math.floor(requestsPerMinute)), 60_000);
	}

	/** Resolves when one more request fits in the window; callers are served in order. */
	async take(): Promise<void> {
		const turn = this.queue.then(async () => await this.waitForRoom());
		this.queue = turn.catch(() => undefined);
		await turn;
	}

	/** How many requests could be sent right now without waiting. */
	available(now = Date.now()): number {
		this.forget(now);
		return this.limit - this.sent.length;
	}

	private async waitForRoom(): Promise<void> {
		for (;;) {
			const now = Date.now();
			this.forget(now);
			if (this.sent.length < this.limit) {
				this.sent.push(now);
				return;
			}
			await sleep(this.sent[0] + this.windowMs - now + 1);
		}
	}

	private forget(now: number): void {
		while (this.sent.length > 0 && this.sent[0] <= now - this.windowMs) this.sent.shift();
	}
}
