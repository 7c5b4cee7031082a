import type { Task } from '../../nodes/shared/providers/types';
import { forgetRenderTimes, polledRenderTime, recordRenderTime, shortestRecentRender } from '../../nodes/shared/wait/renderTimes';

const succeeded: Task = { provider: 'freepik', model: 'kling-v3-omni-std', taskId: 't', status: 'COMPLETED', state: 'succeeded', videoUrls: ['https://x/v.mp4'] };

describe('the memory of recent render times (per provider host and model row)', () => {
	afterEach(() => forgetRenderTimes());

	it('expects the shortest of the last few renders, and nothing for a row it has not seen', () => {
		const now = 1_000_000;
		expect(shortestRecentRender('http://a', 'freepik/omni/std', now)).toBeUndefined();
		recordRenderTime('http://a', 'freepik/omni/std', 27_000, now);
		recordRenderTime('http://a', 'freepik/omni/std', 25_000, now);
		recordRenderTime('http://a', 'freepik/omni/std', 31_000, now);
		expect(shortestRecentRender('http://a', 'freepik/omni/std', now)).toBe(25_000);
		expect(shortestRecentRender('http://a', 'freepik/omni/pro', now)).toBeUndefined();
		expect(shortestRecentRender('http://b', 'freepik/omni/std', now)).toBeUndefined();
	});

	it('follows the renders as they change: only the last 8 count, and none older than a day', () => {
		const now = 1_000_000;
		recordRenderTime('http://a', 'row', 10_000, now);
		for (let night = 0; night < 8; night++) recordRenderTime('http://a', 'row', 40_000, now);
		expect(shortestRecentRender('http://a', 'row', now)).toBe(40_000);
		expect(shortestRecentRender('http://a', 'row', now + 24 * 60 * 60_000)).toBeUndefined();
	});

	it('ignores ages that cannot be renders', () => {
		recordRenderTime('http://a', 'row', 0);
		recordRenderTime('http://a', 'row', Number.NaN);
		expect(shortestRecentRender('http://a', 'row')).toBeUndefined();
	});

	it('learns from a poll only when a look shortly before found the task unfinished', () => {
		// Seen running at 23 s, finished at 25 s: a render of about 25 s.
		expect(polledRenderTime({ task: succeeded, submittedAt: 0, checkedAt: 23_000, settledAt: 25_000 })).toBe(25_000);
		// Found finished at 60 s by a read that waited for the key's budget (last seen running at 5 s): no lesson.
		expect(polledRenderTime({ task: succeeded, submittedAt: 0, checkedAt: 5_000, settledAt: 60_000 })).toBeUndefined();
		// Found finished at the first look: only an upper bound, no lesson.
		expect(polledRenderTime({ task: succeeded, submittedAt: 0, settledAt: 25_000 })).toBeUndefined();
		// A failure says nothing about renders.
		expect(polledRenderTime({ task: { ...succeeded, state: 'failed' }, submittedAt: 0, checkedAt: 23_000, settledAt: 25_000 })).toBeUndefined();
	});
});
