import { rowsFor } from '../../nodes/shared/models';
import { RequestBudget } from '../../nodes/shared/budget';
import { planLook, type PollState } from '../../nodes/shared/wait/poll';
import type { TrackedTask } from '../../nodes/shared/wait/tracked';

const INTERVALS = { minIntervalMs: 1_000, maxIntervalMs: 15_000 };
const SHAPE = { limit: 50, windowMs: 60_000 };
const NOW = 10_000_000;

function tasks(count: number, ageMs: number, provider: 'freepik' | 'apimart' = 'freepik'): TrackedTask[] {
	const row = rowsFor('omni', provider)[0];
	return Array.from({ length: count }, (_, index) => ({
		itemIndex: index,
		row,
		task: { provider, model: row.model, taskId: `task-${index}`, state: 'running', status: 'IN_PROGRESS', videoUrls: [] },
		// 10 ms apart, the first the oldest.
		submittedAt: NOW - ageMs + index * 10,
	}));
}

describe('each poll look is planned against the key budget (#15)', () => {
	it('lists when a read for every pending task still fits beside the list', () => {
		const plan = planLook(tasks(10, 30_000), NOW, {}, INTERVALS, SHAPE, 40, true);
		expect(plan.kind).toBe('list');
	});

	it('reads the oldest status instead when a list would take a slot the reads need (50 pending, 50 left)', () => {
		const pending = tasks(50, 60_000);
		const plan = planLook(pending, NOW, {}, INTERVALS, SHAPE, 50, true);
		expect(plan).toEqual({ kind: 'read', entries: [pending[0]] });
	});

	it('reads the tasks directly once they are as old as one found finished, as many as the budget has room for', () => {
		const pending = tasks(49, 60_000);
		const state: PollState = { doneAgeMs: 59_000, lastLookAt: NOW - 100, lastLookAge: 60_000 };
		const plan = planLook(pending, NOW, state, INTERVALS, SHAPE, 20, true);
		expect(plan.kind).toBe('read');
		expect(plan.kind === 'read' && plan.entries).toEqual(pending.slice(0, 20));
		// Not before they are as old as the one found finished.
		const younger = planLook(pending, NOW, { ...state, doneAgeMs: 60_000 - 5 }, INTERVALS, SHAPE, 49, true);
		expect(younger.kind === 'read' && younger.entries).toEqual([pending[0]]);
	});

	it('looks at nothing while the budget is spent, and not before the first look age', () => {
		expect(planLook(tasks(5, 60_000), NOW, {}, INTERVALS, SHAPE, 0, true).kind).toBe('none');
		expect(planLook(tasks(5, 2_000), NOW, {}, INTERVALS, SHAPE, 50, true).kind).toBe('none');
	});

	it('makes no first look before the shortest render earlier executions saw for the row', () => {
		const state: PollState = { recentRenderMs: 25_000 };
		expect(planLook(tasks(1, 24_000), NOW, state, INTERVALS, SHAPE, 50, true).kind).toBe('none');
		expect(planLook(tasks(1, 25_000), NOW, state, INTERVALS, SHAPE, 50, true).kind).toBe('read');
		// A short memory never makes a look earlier than the first look age.
		expect(planLook(tasks(1, 3_000), NOW, { recentRenderMs: 1_000 }, INTERVALS, SHAPE, 50, true).kind).toBe('none');
	});

	it('spreads probes to one per window when the pending tasks need the whole window', () => {
		const pending = tasks(50, 100_000);
		const state: PollState = { lastLookAt: NOW - 30_000, lastLookAge: 70_000 };
		expect(planLook(pending, NOW, state, INTERVALS, SHAPE, 50, true).kind).toBe('none');
		expect(planLook(pending, NOW + 30_001, state, INTERVALS, SHAPE, 50, true).kind).toBe('read');
	});

	it("times a task's read from APIMart's progress (at p% after a seconds, done at about a x 100 / p)", () => {
		const [task] = tasks(1, 40_000, 'apimart');
		task.task.progress = 50;
		task.checkedAt = NOW - 20_000; // 50% at 20 s: done at about 40 s, i.e. now
		const state: PollState = { lastLookAt: NOW - 1, lastLookAge: 39_999 };
		expect(planLook([task], NOW, state, INTERVALS, SHAPE, 50, false)).toEqual({ kind: 'read', entries: [task] });
	});

	it('the budget tells how long until one more request fits', () => {
		const budget = new RequestBudget(2, 60_000);
		expect(budget.msUntilAvailable()).toBe(0);
		void budget.take();
		void budget.take();
		return new Promise<void>((resolve) =>
			setImmediate(() => {
				expect(budget.msUntilAvailable()).toBeGreaterThan(59_000);
				resolve();
			}),
		);
	});
});
