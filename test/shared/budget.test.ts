import { RequestBudget } from '../../nodes/shared/budget';

describe('the per-key request budget adapts to 429s', () => {
	it('halves at most once per window of 429s and gives one back per accepted request, up to the limit', () => {
		const budget = new RequestBudget(50, 60_000);
		const now = 1_000_000;
		budget.rateLimited(undefined, now);
		budget.rateLimited(undefined, now + 10);
		budget.rateLimited(undefined, now + 59_000);
		expect(budget.currentLimit).toBe(25);
		budget.rateLimited(undefined, now + 60_000);
		expect(budget.currentLimit).toBe(13);
		budget.accepted();
		expect(budget.currentLimit).toBe(14);
		for (let request = 0; request < 35; request++) budget.accepted();
		expect(budget.currentLimit).toBe(49);
		budget.accepted();
		expect(budget.currentLimit).toBe(50);
		budget.accepted();
		expect(budget.currentLimit).toBe(50);
	});

	it('never goes below a quarter of the limit (a share for four processes on one key)', () => {
		const budget = new RequestBudget(50, 60_000);
		for (let refusal = 0; refusal < 10; refusal++) budget.rateLimited(undefined, refusal * 60_000);
		expect(budget.currentLimit).toBe(13);
		const small = new RequestBudget(2, 60_000);
		small.rateLimited();
		expect(small.currentLimit).toBe(1);
	});

	it("honours the provider's Retry-After: nothing may be sent before it passes", () => {
		const budget = new RequestBudget(50, 60_000);
		const now = 1_000_000;
		budget.rateLimited(5_000, now);
		expect(budget.available(now + 4_999)).toBe(0);
		expect(budget.available(now + 5_000)).toBe(25);
	});

	it('lets requests wait for the pause, then sends them', async () => {
		const budget = new RequestBudget(10, 60_000);
		budget.rateLimited(200);
		const asked = Date.now();
		const slot = await budget.take();
		slot.answered();
		expect(Date.now() - asked).toBeGreaterThanOrEqual(150);
	});
});

/**
 * Two processes on one key, each with its own budget (what two n8n workers have), against a
 * provider that admits 50 requests per sliding minute and answers 429 + Retry-After: 1 beyond.
 * Simulated time (jest's fake clock drives Date.now and n8n's sleep).
 */
describe('two processes sharing one key converge on their shares', () => {
	beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
	afterEach(() => jest.useRealTimers());

	async function simulate(minutes: number, processes = 2) {
		const admitted: number[] = [];
		let refused = 0;
		const perProcess = Array.from({ length: processes }, () => 0);
		const provider = (): boolean => {
			const now = Date.now();
			while (admitted.length > 0 && admitted[0] <= now - 60_000) admitted.shift();
			if (admitted.length >= 50) return false;
			admitted.push(now);
			return true;
		};
		const end = Date.now() + minutes * 60_000;
		const workers = Array.from({ length: processes }, async (_, index) => {
			const budget = RequestBudget.perMinute(50);
			for (let request = 0; request < 10_000 && Date.now() < end; request++) {
				const slot = await budget.take();
				if (Date.now() >= end) break;
				// the answer arrives 50 ms later
				await new Promise((resolve) => setTimeout(resolve, 50));
				if (provider()) {
					slot.answered();
					perProcess[index]++;
				} else {
					refused++;
					slot.refused(1_000);
				}
			}
		});
		for (let step = 0; step < minutes * 60 * 20 + 100 && Date.now() < end + 120_000; step++) await jest.advanceTimersByTimeAsync(50);
		await Promise.all(workers);
		return { refused, perProcess, total: perProcess.reduce((sum, count) => sum + count, 0) };
	}

	it('over 20 minutes: few 429s, the key used well, the two shares alike', async () => {
		const { refused, perProcess, total } = await simulate(20);
		const capacity = 20 * 50;
		// Bounded: a burst of 429s per cut, not a storm (without back-off each process would be refused as often as admitted).
		expect(refused).toBeLessThanOrEqual(total / 10);
		expect(total).toBeGreaterThanOrEqual(capacity * 0.7);
		expect(total).toBeLessThanOrEqual(capacity + 50);
		expect(Math.min(...perProcess) / Math.max(...perProcess)).toBeGreaterThanOrEqual(0.75);
	}, 60_000);

	it('a batch: two workers with 50 requests each (25 creates + 25 reads) finish within 1.2x of the 60 s floor: one cut per window, not one per 429', async () => {
		const admitted: number[] = [];
		let refused = 0;
		const provider = (): boolean => {
			const now = Date.now();
			while (admitted.length > 0 && admitted[0] <= now - 60_000) admitted.shift();
			if (admitted.length >= 50) return false;
			admitted.push(now);
			return true;
		};
		const started = Date.now();
		const finished: number[] = [];
		const workers = [0, 1].map(async () => {
			const budget = RequestBudget.perMinute(50);
			// Each request is tried until the provider takes it (a refused read or create is sent again).
			const one = async () => {
				for (let attempt = 0; attempt < 100; attempt++) {
					const slot = await budget.take();
					await new Promise((resolve) => setTimeout(resolve, 50));
					if (provider()) return slot.answered();
					refused++;
					slot.refused(1_000);
				}
				throw new Error('never admitted');
			};
			await Promise.all(Array.from({ length: 25 }, one));
			// The renders take 20 s; then a poller's looks, one after the other, each retried after a 429.
			await new Promise((resolve) => setTimeout(resolve, 20_000));
			for (let read = 0; read < 25; read++) await one();
			finished.push(Date.now());
		});
		for (let step = 0; step < 20 * 60 * 5 && finished.length < 2; step++) await jest.advanceTimersByTimeAsync(200);
		await Promise.all(workers);
		const wall = Math.max(...finished) - started;
		// 100 requests at 50 per sliding minute: the second 50 go out a minute after the first.
		expect(wall).toBeGreaterThanOrEqual(60_000);
		expect(wall).toBeLessThanOrEqual(72_000);
		expect(refused).toBeLessThanOrEqual(50);
	}, 60_000);

	/**
	 * Queue-mode workers pick their jobs up at different moments. The later one meets a key the
	 * first has filled, is cut, and must not keep that cut once the first has finished: its creates
	 * go out when the window turns over, and its reads right after the renders, not a minute later
	 * (82 s against the 60 s floor in a real n8n 2.41.1 before; each cut then came back one request
	 * per window's worth of accepted requests).
	 */
	it.each([0, 5_000, 20_000, 40_000])(
		'a batch on a key another worker filled first (second worker %i ms later): within 1.2x of the floor, 429s bounded',
		async (laterMs) => {
			const admitted: number[] = [];
			let refused = 0;
			// The sandbox's limiter: 50 per sliding minute, Retry-After = seconds until the oldest ages out.
			const provider = (): { ok: true } | { ok: false; retryAfterMs: number } => {
				const now = Date.now();
				while (admitted.length > 0 && admitted[0] <= now - 60_000) admitted.shift();
				if (admitted.length >= 50) return { ok: false, retryAfterMs: Math.max(1, Math.ceil((admitted[0] + 60_000 - now) / 1000)) * 1000 };
				admitted.push(now);
				return { ok: true };
			};
			const started = Date.now();
			const finished: number[] = [];
			const renderMs = 3_500;
			const workers = [0, laterMs].map(async (delayMs) => {
				await new Promise((resolve) => setTimeout(resolve, delayMs));
				const budget = RequestBudget.perMinute(50);
				const one = async () => {
					for (let attempt = 0; attempt < 100; attempt++) {
						const slot = await budget.take();
						await new Promise((resolve) => setTimeout(resolve, 50));
						const answer = provider();
						if (answer.ok) return slot.answered();
						refused++;
						slot.refused(answer.retryAfterMs);
					}
					throw new Error('never admitted');
				};
				await Promise.all(Array.from({ length: 25 }, one));
				await new Promise((resolve) => setTimeout(resolve, renderMs));
				await Promise.all(Array.from({ length: 25 }, one));
				finished.push(Date.now());
			});
			for (let step = 0; step < 20 * 60 * 5 && finished.length < 2; step++) await jest.advanceTimersByTimeAsync(200);
			await Promise.all(workers);
			const wall = Math.max(...finished) - started;
			// 100 requests at 50 per sliding minute: at least a minute; the renders add their 3.5 s.
			const floor = 60_000 + renderMs;
			expect(wall).toBeGreaterThanOrEqual(60_000);
			expect(wall).toBeLessThanOrEqual(floor * 1.2);
			expect(refused).toBeLessThanOrEqual(100);
		},
		60_000,
	);
});
