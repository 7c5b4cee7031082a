import { jsonItems } from '../../harness/workflows';
import {
	APIMART,
	bytesOf,
	createEntries,
	errorText,
	expectSuccess,
	FREEPIK,
	type Fixture,
	isMp4,
	nodeError,
	prompt,
	startFixture,
} from './helpers';

const POLICY = 'Content policy violation (sandbox)';

describe('Kling Omni failures', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		fixture = await startFixture();
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());

	describe('a task the provider fails', () => {
		it('Freepik FAILED: the node fails with the reason and the task id', async () => {
			const execution = await fixture.run({ ...FREEPIK, prompt: 'something forbidden [sandbox:fail]' });
			const error = nodeError(execution.run);
			const [task] = fixture.sandbox.tasks.all();
			expect(task.status).toBe('FAILED');
			expect(execution.run.status).toBe('error');
			expect(error?.message).toContain(task.id);
			expect(error?.message).toContain(POLICY);
			expect(error?.message).toMatch(/^Freepik task [0-9a-f-]{36} failed: /);
			expect(fixture.sandbox.log.count('download')).toBe(0);
		});

		it('APIMart failed: the node fails with the reason and the task id', async () => {
			const execution = await fixture.run({ ...APIMART, prompt: 'something forbidden [sandbox:fail]' });
			const error = nodeError(execution.run);
			const [task] = fixture.sandbox.tasks.all();
			expect(error?.message).toContain(task.id);
			expect(error?.message).toContain(POLICY);
		});

		it('APIMart cancelled: the node fails naming the task and the cancellation', async () => {
			const execution = await fixture.run({ ...APIMART, prompt: 'a fox [sandbox:cancel]' });
			const error = nodeError(execution.run);
			const [task] = fixture.sandbox.tasks.all();
			expect(task.status).toBe('cancelled');
			expect(error?.message).toContain(task.id);
			expect(error?.message).toMatch(/cancel/i);
		});

		it('Freepik FAILED within a batch (polled through the list): the reason is still reported', async () => {
			// List items are {task_id, status} only: the reason is in the task's status answer.
			const execution = await fixture.run(
				{ ...FREEPIK, prompt: '={{ $json.text }}' },
				jsonItems({ text: 'fine' }, { text: 'bad [sandbox:fail]' }),
			);
			const failed = fixture.sandbox.tasks.all().find((task) => task.magic.has('fail'))!;
			expect(fixture.sandbox.log.count('freepik.omni.list')).toBeGreaterThanOrEqual(1);
			const error = nodeError(execution.run);
			expect(error?.message).toBe(`Freepik task ${failed.id} failed: ${POLICY}`);
		});

		it('names the tasks of the other items, which were paid for, in the error', async () => {
			const execution = await fixture.run(
				{ ...FREEPIK, prompt: '={{ $json.text }}' },
				jsonItems({ text: 'fine' }, { text: 'bad [sandbox:fail]' }),
			);
			const error = nodeError(execution.run);
			const byPrompt = new Map(fixture.sandbox.tasks.all().map((task) => [(task.request as { prompt: string }).prompt, task]));
			expect(error?.message).toContain(byPrompt.get('bad [sandbox:fail]')!.id);
			expect(errorText(error)).toContain(byPrompt.get('fine')!.id);
		});
	});

	it('Continue on fail: a mix of good and bad items comes out in order, each with pairedItem, bad ones with error', async () => {
		const execution = await fixture.run(
			{ ...FREEPIK, prompt: '={{ $json.text }}' },
			jsonItems({ text: 'a good fox' }, { text: 'a bad fox [sandbox:fail]' }, { text: prompt(2501) }, { text: 'another good fox' }),
			true,
		);
		const items = expectSuccess(execution.run);
		expect(execution.run.status).toBe('success');
		expect(items).toHaveLength(4);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const byPrompt = new Map(fixture.sandbox.tasks.all().map((task) => [(task.request as { prompt: string }).prompt, task]));
		// The invalid item was never sent; the three others were created once each.
		expect(createEntries(fixture.sandbox)).toHaveLength(3);

		const [good, failed, invalid, good2] = items;
		expect(good.json).toMatchObject({ taskId: byPrompt.get('a good fox')!.id, status: 'COMPLETED', error: null });
		expect(isMp4(bytesOf(good.binary!.data))).toBe(true);
		expect(good2.json).toMatchObject({ taskId: byPrompt.get('another good fox')!.id, status: 'COMPLETED', error: null });
		expect(isMp4(bytesOf(good2.binary!.data))).toBe(true);

		const failedId = byPrompt.get('a bad fox [sandbox:fail]')!.id;
		expect(failed.json).toMatchObject({ taskId: failedId, status: 'FAILED' });
		expect(failed.json.error).toEqual(expect.stringContaining(POLICY));
		expect(failed.json.error).toEqual(expect.stringContaining(failedId));
		expect(failed.binary).toBeUndefined();

		expect(invalid.json.taskId).toBeUndefined();
		expect(invalid.json.error).toMatch(/Invalid input in item 2: prompt: 2501 characters, at most 2500 allowed/);
		expect(invalid.binary).toBeUndefined();
	});

	describe('max wait', () => {
		it('fails with the task id and its last status when the task is still running', async () => {
			const started = Date.now();
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox [sandbox:stuck]', options: { maxWaitMinutes: 0.02 } });
			const elapsed = Date.now() - started;
			const [task] = fixture.sandbox.tasks.all();
			const error = nodeError(execution.run);
			expect(error?.message).toBe(`Max wait of 0.02 min reached: Freepik task ${task.id} is still IN_PROGRESS`);
			expect(errorText(error)).toMatch(/Get Task/);
			// It waited the whole Max Wait (1.2 s), and gave up there: polls start after 1 s, the
			// last one is at the deadline, however late a loaded machine sends them.
			expect(elapsed).toBeGreaterThanOrEqual(1100);
			expect(fixture.sandbox.log.count('freepik.omni.status')).toBeGreaterThanOrEqual(1);
			expect(fixture.sandbox.log.count('freepik.omni.status')).toBeLessThanOrEqual(2);
			expect(fixture.sandbox.log.count('download')).toBe(0);
		});

		it('with Continue on fail, the timed-out item keeps its task id and status', async () => {
			const execution = await fixture.run(
				{ ...APIMART, prompt: '={{ $json.text }}', options: { maxWaitMinutes: 0.02 } },
				jsonItems({ text: 'a fox' }, { text: 'a slow fox [sandbox:stuck]' }),
				true,
			);
			const [done, stuck] = expectSuccess(execution.run);
			const stuckTask = fixture.sandbox.tasks.all().find((task) => task.magic.has('stuck'))!;
			expect(done.json.status).toBe('completed');
			expect(isMp4(bytesOf(done.binary!.data))).toBe(true);
			expect(stuck.json).toMatchObject({ taskId: stuckTask.id, status: 'processing' });
			expect(stuck.json.error).toBe(`Max wait of 0.02 min reached: APIMart task ${stuckTask.id} is still processing`);
		});
	});
});
