import { sleep } from 'n8n-workflow';

/**
 * A sliding-window request budget shared by every request of one execution (Freepik counts
 * creates, polls and lists together: 50 per minute per key). Waiting here is cheaper than a 429.
 */
export class RequestBudget {
	/** When each request of the window was sent, then answered (the later, the safer). */
	private readonly sent: Array<{ at: number }> = [];

	private queue: Promise<void> = Promise.resolve();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {}

	static perMinute(requestsPerMinute: number): RequestBudget {
		return new RequestBudget(Math.max(1, Math.floor(requestsPerMinute)), 60_000);
	}

	/**
	 * Resolves when one more request fits in the window; callers are served in order. Call the
	 * returned function when the answer arrives: the slot is then dated from the answer, since
	 * the provider counted the request when it arrived, some time after it was sent.
	 */
	async take(): Promise<() => void> {
		const turn = this.queue.then(async () => await this.waitForRoom());
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		const slot = await turn;
		return () => {
			slot.at = Math.max(slot.at, Date.now());
			this.sent.sort((first, second) => first.at - second.at);
		};
	}

	/** How many requests could be sent right now without waiting. */
	available(now = Date.now()): number {
		this.forget(now);
		return this.limit - this.sent.length;
	}

	private async waitForRoom(): Promise<{ at: number }> {
		for (;;) {
			const now = Date.now();
			this.forget(now);
			if (this.sent.length < this.limit) {
				const slot = { at: now };
				this.sent.push(slot);
				return slot;
			}
			await sleep(this.sent[0].at + this.windowMs - now + 1);
		}
	}

	private forget(now: number): void {
		while (this.sent.length > 0 && this.sent[0].at <= now - this.windowMs) this.sent.shift();
	}
}
