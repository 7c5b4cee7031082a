import { jsonItems } from '../../harness/workflows';
import { bytesOf, expectSuccess, FREEPIK, type Fixture, isMp4, startFixture } from './helpers';

/**
 * Ten items in one execution on Freepik, polled: the sandbox keeps Freepik's real rate limit
 * (50 requests per minute per key, timeScale 1) and tasks take about 1.6 s, so the node polls
 * for a couple of rounds while several tasks are pending.
 */
describe('Kling Omni batch of 10 on Freepik (poll)', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		fixture = await startFixture({ timeScale: 1, lifecycle: { queuedMs: 100, runningMs: 1500 } });
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());

	const prompts = Array.from({ length: 10 }, (_, index) => ({ text: `fox number ${index + 1}` }));

	it.each([
		['list items without URLs (the documented minimum)', false],
		['list items with URLs', true],
	] as const)('all 10 succeed, polled through the list endpoint: %s', async (_name, listIncludesGenerated) => {
		fixture.sandbox.options.listIncludesGenerated = listIncludesGenerated;
		try {
			const execution = await fixture.run({ ...FREEPIK, prompt: '={{ $json.text }}' }, jsonItems(...prompts));
			const items = expectSuccess(execution.run);
			const log = fixture.sandbox.log;

			expect(items).toHaveLength(10);
			const promptOf = new Map(fixture.sandbox.tasks.all().map((task) => [task.id, (task.request as { prompt: string }).prompt]));
			expect(items.map((item) => promptOf.get(String(item.json.taskId)))).toEqual(prompts.map((entry) => entry.text));
			expect(items.map((item) => item.pairedItem)).toEqual(prompts.map((_, item) => ({ item })));
			for (const item of items) {
				expect(item.json).toMatchObject({ status: 'COMPLETED', error: null });
				expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
			}

			expect(log.count('freepik.omni.create')).toBe(10);
			expect(fixture.sandbox.tasks.all()).toHaveLength(10);
			const lists = log.byEndpoint('freepik.omni.list');
			const statuses = log.byEndpoint('freepik.omni.status');
			// One list request per round looks at every pending task.
			expect(lists.length).toBeGreaterThanOrEqual(1);
			for (const list of lists) expect(list.query).toMatchObject({ page: '1', page_size: '100' });
			// Status requests only where the list lacks details: once per finished task at most.
			const statusPerTask = new Map<string, number>();
			for (const entry of statuses) statusPerTask.set(entry.path, (statusPerTask.get(entry.path) ?? 0) + 1);
			expect([...statusPerTask.values()].every((count) => count === 1)).toBe(true);
			expect(statuses.length).toBeLessThanOrEqual(listIncludesGenerated ? 0 : 10);
			// The renders are over before the first look: one list finds all 10 finished, and only
			// the reads it cannot replace follow (the fewest requests that give every video URL).
			expect(lists).toHaveLength(1);

			expect(log.entries.filter((entry) => entry.responseStatus === 429)).toHaveLength(0);
			expect(log.count(['freepik.*'])).toBeLessThanOrEqual(50);
			expect(log.count('download')).toBe(10);
		} finally {
			fixture.sandbox.options.listIncludesGenerated = false;
		}
	});
});
