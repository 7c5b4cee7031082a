export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Sliding window per key; only admitted requests are counted, so each key holds at most `limit` stamps. */
export class RateLimiter {
	private readonly admitted = new Map<string, number[]>();

	constructor(
		private readonly limit: () => number,
		private readonly windowMs: () => number,
	) {}

	tryAcquire(key: string, now = Date.now()): RateDecision {
		const windowMs = this.windowMs();
		const stamps = (this.admitted.get(key) ?? []).filter((stamp) => stamp > now - windowMs);
		if (stamps.length >= this.limit()) {
			this.admitted.set(key, stamps);
			return { allowed: false, retryAfterMs: Math.max(0, stamps[0] + windowMs - now) };
		}
		stamps.push(now);
		this.admitted.set(key, stamps);
		return { allowed: true };
	}

	clear(): void {
		this.admitted.clear();
	}
}
