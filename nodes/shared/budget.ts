import { sleep } from 'n8n-workflow';

/**
 * A sliding-window request budget shared by every request to one key in this process (Freepik
 * counts creates, polls and lists together: 50 per minute per key). Waiting here is cheaper than
 * a 429. Other processes on the same key (queue-mode workers, other n8n instances) are invisible
 * to it, so it also adapts: a 429 halves the requests it allows per window and honours the
 * provider's Retry-After; each request the provider then accepts gives one back, up to the
 * configured limit, so processes sharing a key settle on their shares while they compete and a
 * process gets the whole key back as soon as the others stop.
 *
 * At most one cut per window: a cut only shows its effect as the requests of the window age out,
 * so the 429s met meanwhile (retries after Retry-After, other requests of the batch) are the
 * same signal. Cutting on each of them sent two workers on one key to a quarter of the limit
 * each, half the key unused.
 *
 * One back per accepted request, not per window's worth of them: a worker that met a key another
 * had filled kept half the key for minutes after the other finished, and its reads waited a whole
 * window behind its own creates (82 s for a 60 s pair in n8n 2.41.1's queue mode).
 */

/** One request's place in the window, told how the request ended. */
export interface BudgetSlot {
	/**
	 * The provider answered (anything but a 429): the slot is dated from the answer, since the
	 * provider counted the request when it arrived, some time after it was sent.
	 */
	answered(): void;
	/**
	 * Refused for the rate (429): the slot is given back (the provider counts only what it
	 * admits), the allowance is cut and the provider's Retry-After honoured.
	 */
	refused(retryAfterMs?: number): void;
	/** No answer (network error, timeout): the provider may have counted it; dated from now. */
	unanswered(): void;
}

export class RequestBudget {
	/** When each request of the window was sent, then answered (the later, the safer). */
	private readonly sent: Array<{ at: number }> = [];

	private queue: Promise<void> = Promise.resolve();

	/** How many requests per window are allowed now: `limit`, lowered after 429s. */
	private allowed: number;

	/** No request before this time (a Retry-After). */
	private pausedUntil = 0;

	/** When the allowance was last cut: 429s within a window of it are the same signal. */
	private lastCutAt = -Infinity;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {
		this.allowed = limit;
	}

	/** The provider refused a request for its rate: back off. */
	rateLimited(retryAfterMs?: number, now = Date.now()): void {
		if (now - this.lastCutAt >= this.windowMs) {
			// Down to a quarter of the limit at most: a share for up to four processes on one key.
			this.allowed = Math.max(Math.ceil(this.limit / 4), Math.floor(this.allowed / 2), 1);
			this.lastCutAt = now;
		}
		if (retryAfterMs !== undefined && retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
	}

	/** The provider took a request: allow one more, up to the limit. */
	accepted(): void {
		if (this.allowed < this.limit) this.allowed++;
	}

	/** Requests per window allowed now (tests, benchmarks). */
	get currentLimit(): number {
		return this.allowed;
	}

	static perMinute(requestsPerMinute: number): RequestBudget {
		return new RequestBudget(Math.max(1, Math.floor(requestsPerMinute)), 60_000);
	}

	/**
	 * Resolves when one more request fits in the window; callers are served in order. Tell the
	 * returned slot how the request ended, once its answer (or its failure) is in.
	 */
	async take(): Promise<BudgetSlot> {
		const turn = this.queue.then(async () => await this.waitForRoom());
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		const slot = await turn;
		const dateFromNow = (): void => {
			slot.at = Math.max(slot.at, Date.now());
			this.sent.sort((first, second) => first.at - second.at);
		};
		return {
			answered: () => {
				dateFromNow();
				this.accepted();
			},
			refused: (retryAfterMs?: number) => {
				const index = this.sent.indexOf(slot);
				if (index >= 0) this.sent.splice(index, 1);
				this.rateLimited(retryAfterMs);
			},
			unanswered: dateFromNow,
		};
	}

	/** How many requests could be sent right now without waiting. */
	available(now = Date.now()): number {
		this.forget(now);
		if (now < this.pausedUntil) return 0;
		return Math.max(0, this.allowed - this.sent.length);
	}

	/** How long until one more request could be sent (0: now). */
	msUntilAvailable(now = Date.now()): number {
		this.forget(now);
		if (now < this.pausedUntil) return this.pausedUntil - now;
		if (this.sent.length < this.allowed) return 0;
		return Math.max(0, this.sent[this.sent.length - this.allowed].at + this.windowMs - now + 1);
	}

	private async waitForRoom(): Promise<{ at: number }> {
		for (;;) {
			const now = Date.now();
			this.forget(now);
			if (now < this.pausedUntil) {
				await sleep(this.pausedUntil - now);
				continue;
			}
			if (this.sent.length < this.allowed) {
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
