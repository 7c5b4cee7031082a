import { RequestBudget } from '../../nodes/shared/budget';

describe('the per-key request budget adapts to 429s (AIMD)', () => {
	it('halves on each burst of 429s and gives one back per window of accepted requests, up to the limit', () => {
		const budget = new RequestBudget(50, 60_000);
		const now = 1_000_000;
		budget.rateLimited(undefined, now);
		budget.rateLimited(undefined, now + 10);
		expect(budget.currentLimit).toBe(25);
		budget.rateLimited(undefined, now + 2_000);
		expect(budget.currentLimit).toBe(13);
		for (let request = 0; request < 13; request++) budget.accepted();
		expect(budget.currentLimit).toBe(14);
		for (let request = 0; request < 2_000; request++) budget.accepted();
		expect(budget.currentLimit).toBe(50);
		budget.accepted();
		expect(budget.currentLimit).toBe(50);
	});

	it('never goes below a quarter of the limit (a share for four processes on one key)', () => {
		const budget = new RequestBudget(50, 60_000);
		for (let refusal = 0; refusal < 10; refusal++) budget.rateLimited(undefined, refusal * 5_000);
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
		const answered = await budget.take();
		answered();
		expect(Date.now() - asked).toBeGreaterThanOrEqual(150);
	});
});
