import type { IRunExecutionData } from 'n8n-workflow';

import { jsonItems } from '../../harness/workflows';
import { DEFAULT_WEBHOOK_SECRET } from '../../sandbox';
import { finishAll, HELD_LIFECYCLE } from '../../sandbox/testSupport';
import { awaitedInRankOrder, resumeRank, stillParkedOn } from '../../../nodes/shared/wait/webhook';
import { bytesOf, FREEPIK, isMp4, output, startWebhookFixture, type WebhookFixture } from './helpers';

describe('Wait for Webhook over several webhook processes (n8n queue mode)', () => {
	describe('resume rank: who of several processes that found the batch finished goes first', () => {
		const awaited = ['t1', 't2', 't3', 't4'];
		it('is the position of the first awaited task whose final callback this process heard', () => {
			expect(resumeRank(awaited, new Set(['t1', 't3']))).toBe(0);
			expect(resumeRank(awaited, new Set(['t2', 't4']))).toBe(1);
			expect(resumeRank(awaited, new Set(['t4']))).toBe(3);
		});
		it('differs between processes that heard different tasks, and one process alone has rank 0', () => {
			const first = new Set(['t2', 't3']);
			const second = new Set(['t1', 't4']);
			expect(resumeRank(awaited, first)).not.toBe(resumeRank(awaited, second));
			expect(resumeRank(awaited, new Set(awaited))).toBe(0);
		});
		const entry = (taskId: string, likelyDoneWhenParked = false, status = 'IN_PROGRESS') => ({
			tracked: {
				itemIndex: 0,
				row: {} as never,
				submittedAt: 0,
				task: { provider: 'freepik' as const, model: 'm', taskId, status, state: status === 'COMPLETED' ? ('succeeded' as const) : ('pending' as const), videoUrls: [] },
			},
			likelyDoneWhenParked,
		});
		it('counts first the tasks whose callbacks can reach the parked execution, then those likely done before it parked', () => {
			// 50 created at once, the 51st a minute later: the first 50 finished while the execution still ran.
			const ledger = [...Array.from({ length: 50 }, (_, index) => entry(`early-${index}`, true)), entry('late'), entry('done-before', false, 'COMPLETED')];
			const order = awaitedInRankOrder(ledger);
			expect(order).toHaveLength(51);
			expect(order[0]).toBe('late');
			expect(resumeRank(order, new Set(['late']))).toBe(0);
			expect(awaitedInRankOrder([entry('a'), entry('b')])).toEqual(['a', 'b']);
		});
		it('is read from the ledger alone: processes that heard different tasks never share a rank, whatever else each knows', () => {
			const ledger = Array.from({ length: 50 }, (_, index) => entry(`t${index}`, index < 30));
			const order = awaitedInRankOrder(ledger);
			// Callbacks alternating between two processes, the likely-done ones among them.
			const heardBy = [0, 1].map((process) => new Set(order.filter((_, index) => index % 2 === process)));
			expect(resumeRank(order, heardBy[0])).toBe(0);
			expect(resumeRank(order, heardBy[1])).toBe(1);
			// One process heard only likely-done tasks (its callbacks came after all): a later rank than the other's.
			const lateOnly = new Set(['t3']);
			expect(resumeRank(order, lateOnly)).not.toBe(resumeRank(order, new Set(['t30'])));
		});

		it('is bounded', () => {
			const many = Array.from({ length: 50 }, (_, index) => `t${index}`);
			expect(resumeRank(many, new Set(['t49']))).toBe(8);
		});
	});

	describe('still parked: the execution as n8n keeps it in its database', () => {
		const parked = (over: Partial<IRunExecutionData> = {}): IRunExecutionData =>
			({
				waitTill: new Date(Date.now() + 60_000),
				resultData: { runData: {}, lastNodeExecuted: 'Kling Omni' },
				executionData: { nodeExecutionStack: [{ node: { name: 'Kling Omni' }, data: { main: [[{ json: { taskId: 'a' } }]] } }] },
				...over,
			}) as unknown as IRunExecutionData;
		it('parked on this node with this ledger: resume', () => {
			expect(stillParkedOn(parked(), 'Kling Omni', 'a')).toBe(true);
		});
		it('resumed by another process (no waitTill), moved on, or parked on another ledger: do not', () => {
			expect(stillParkedOn(parked({ waitTill: undefined }), 'Kling Omni', 'a')).toBe(false);
			expect(stillParkedOn(parked({ resultData: { runData: {}, lastNodeExecuted: 'Save video' } }), 'Kling Omni', 'a')).toBe(false);
			expect(stillParkedOn(parked(), 'Kling Omni', 'b')).toBe(false);
		});
		it('no database to ask: n8n decides', () => {
			expect(stillParkedOn(undefined, 'Kling Omni', 'a')).toBe(true);
		});
	});

	describe.each([
		['n8n 1.x (the status is checked when a call arrives)', 'on-arrival' as const],
		['n8n 2.x (waiting -> running in one conditional update)', 'atomic' as const],
	])('two webhook processes, %s', (_label, resumeCheck) => {
		let hooks: WebhookFixture;
		beforeAll(async () => {
			hooks = await startWebhookFixture({ lifecycle: HELD_LIFECYCLE }, { webhookSecret: DEFAULT_WEBHOOK_SECRET }, { webhookProcesses: 2, resumeCheck });
		});
		afterAll(async () => await hooks.close());
		beforeEach(() => hooks.sandbox.reset());

		it('a batch of 8 whose callbacks all arrive at once, alternating between the processes, resumes exactly once', async () => {
			const texts = Array.from({ length: 8 }, (_, index) => ({ text: `shot ${index + 1}` }));
			const execution = await hooks.run({ ...FREEPIK, waitMode: 'webhook', prompt: '={{ $json.text }}' }, jsonItems(...texts));
			expect(execution.run.status).toBe('waiting');
			finishAll(hooks.sandbox);
			const done = await hooks.n8n.finished(execution.id, 40_000);
			await hooks.sandbox.webhooksSettled();
			await hooks.n8n.idle(40_000);
			const calls = hooks.n8n.resumes.filter((resume) => resume.executionId === execution.id);
			expect(new Set(calls.map((call) => call.process))).toEqual(new Set([0, 1]));
			expect(calls.filter((call) => call.resumed)).toHaveLength(1);
			const items = output(done.run);
			expect(items).toHaveLength(8);
			for (const item of items) {
				expect(item.json).toMatchObject({ status: 'COMPLETED', error: null });
				expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
			}
		}, 60_000);

		it('a process that did not hear tasks older than every render it heard of reads them directly: no list (#19)', async () => {
			const execution = await hooks.run({ ...FREEPIK, waitMode: 'webhook', prompt: '={{ $json.text }}' }, jsonItems({ text: 'one' }, { text: 'two' }, { text: 'three' }, { text: 'four' }));
			expect(execution.run.status).toBe('waiting');
			// The look before parking (one list: both tasks still running).
			const before = { lists: hooks.sandbox.log.count('freepik.omni.list'), reads: hooks.sandbox.log.count('freepik.omni.status') };
			finishAll(hooks.sandbox);
			const done = await hooks.n8n.finished(execution.id, 40_000);
			await hooks.sandbox.webhooksSettled();
			await hooks.n8n.idle(40_000);
			expect(output(done.run).map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
			// Each process heard two callbacks and read the other two tasks once each: their video URLs, no list before.
			expect(hooks.sandbox.log.count('freepik.omni.list') - before.lists).toBe(0);
			const reads = hooks.sandbox.log.count('freepik.omni.status') - before.reads;
			expect(reads).toBeGreaterThanOrEqual(2);
			expect(reads).toBeLessThanOrEqual(4);
		}, 60_000);
	});
});
