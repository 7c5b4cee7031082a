import { DEFAULT_FREEPIK_KEY } from '../../sandbox';
import { Engine } from '../../harness/engine';
import { jsonItems, workflowWith } from '../../harness/workflows';
import { APIMART, bytesOf, errorText, expectSuccess, FREEPIK, type Fixture, isMp4, nodeError, startFixture } from './helpers';

/**
 * The delays the node asks n8n-workflow's sleep for (its backoff), in order: a test judges the
 * backoff the node chose, not how long a loaded machine took to send the retry. n8n-workflow's
 * `sleep` export is a getter that reads `@n8n/utils/sleep`'s `sleep` on every call.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workflowUtils = require('@n8n/utils/sleep') as { sleep: (ms: number, signal?: AbortSignal) => Promise<void> };
const asked: number[] = [];
const sleepsAsked = (): number[] => asked;
const realSleep = workflowUtils.sleep;
beforeAll(() => {
	workflowUtils.sleep = async (ms: number, signal?: AbortSignal) => {
		asked.push(ms);
		await realSleep(ms, signal);
	};
});
afterAll(() => {
	workflowUtils.sleep = realSleep;
});

/** Retries by policy: a paid create only when the provider certainly did not process it; reads on any transient failure. */
describe('Kling Omni retries', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		fixture = await startFixture();
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());

	describe('create requests the provider refuses', () => {
		it.each([
			['Freepik 429 without Retry-After', '429', 'freepik.omni.create', FREEPIK],
			['Freepik 429 with Retry-After', '429-retry-after', 'freepik.omni.create', FREEPIK],
			['Freepik 503', '503', 'freepik.omni.create', FREEPIK],
			['APIMart 429', '429', 'apimart.create', APIMART],
			['APIMart 503', '503', 'apimart.create', APIMART],
		] as const)('%s: retried, the item succeeds, exactly one task is created', async (_name, kind, endpoint, provider) => {
			fixture.sandbox.faults.inject({ endpoint, kind, times: 1, when: 'before', ...(kind === '429-retry-after' ? { retryAfterSeconds: 0 } : {}) });
			const execution = await fixture.run({ ...provider, prompt: 'a fox', waitMode: 'none' });
			const [item] = expectSuccess(execution.run);
			const creates = fixture.sandbox.log.byEndpoint(endpoint);
			expect(creates.map((entry) => entry.responseStatus)).toEqual([kind === '503' ? 503 : 429, 200]);
			expect(fixture.sandbox.tasks.all()).toHaveLength(1);
			expect(item.json).toMatchObject({ taskId: fixture.sandbox.tasks.all()[0].id, error: null });
		});

		it('a retried create still ends in the downloaded video (poll mode)', async () => {
			fixture.sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: '429-retry-after', retryAfterSeconds: 0, times: 2 });
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox' });
			const [item] = expectSuccess(execution.run);
			expect(fixture.sandbox.log.count('freepik.omni.create')).toBe(3);
			expect(fixture.sandbox.tasks.all()).toHaveLength(1);
			expect(item.json.status).toBe('COMPLETED');
			expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
		});

		it('gives up after a bounded number of 429s, saying no task was made', async () => {
			fixture.sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: '429-retry-after', retryAfterSeconds: 0, times: Infinity });
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox' });
			const error = nodeError(execution.run);
			const attempts = fixture.sandbox.log.count('freepik.omni.create');
			expect(attempts).toBeGreaterThan(1);
			expect(attempts).toBeLessThanOrEqual(10);
			expect(fixture.sandbox.tasks.all()).toHaveLength(0);
			expect(error?.message).toMatch(/^Freepik: Rate limit exceeded/);
			expect(error?.httpCode).toBe('429');
			expect(errorText(error)).not.toMatch(/outcome of this create request is unknown/);
		});

		it('honours Retry-After: 0 s means no backoff, where the default backoff is 1 s', async () => {
			fixture.sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: '429-retry-after', retryAfterSeconds: 0 });
			sleepsAsked().length = 0;
			await fixture.run({ ...FREEPIK, prompt: 'a fox', waitMode: 'none' });
			expect(fixture.sandbox.log.byEndpoint('freepik.omni.create').map((entry) => entry.responseStatus)).toEqual([429, 200]);
			expect(sleepsAsked()).toEqual([0]);

			fixture.sandbox.reset();
			fixture.sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: '429' });
			sleepsAsked().length = 0;
			await fixture.run({ ...FREEPIK, prompt: 'a fox', waitMode: 'none' });
			const [first, second] = fixture.sandbox.log.byEndpoint('freepik.omni.create');
			expect(sleepsAsked()).toEqual([1000]);
			expect(second.at - first.at).toBeGreaterThanOrEqual(900);
		});

		it('APIMart 500 after the task was made: not retried, the error says the outcome is unknown and what was sent', async () => {
			fixture.sandbox.faults.inject({ endpoint: 'apimart.create', kind: '500', when: 'after' });
			const execution = await fixture.run({ ...APIMART, prompt: 'a fox' });
			const error = nodeError(execution.run);
			// The provider did make (and will charge for) the task: sending again would pay twice.
			expect(fixture.sandbox.tasks.all()).toHaveLength(1);
			expect(error?.message).toMatch(/Internal server error/);
			expect(errorText(error)).toMatch(/outcome of this create request is unknown/);
			expect(errorText(error)).toMatch(/not sent again/);
			expect(errorText(error)).toMatch(/APIMart has no task list .*model kling-v3-omni, prompt "a fox"/);
			expect(fixture.sandbox.log.count()).toBe(1);
		});

		it('Freepik 500 after the task was made: not sent again, the task is found in the task list and waited for', async () => {
			fixture.sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: '500', when: 'after' });
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox' });
			const [item] = expectSuccess(execution.run);
			const [task] = fixture.sandbox.tasks.all();
			expect(fixture.sandbox.tasks.all()).toHaveLength(1);
			expect(fixture.sandbox.log.count('freepik.omni.create')).toBe(1);
			expect(fixture.sandbox.log.count('freepik.omni.list')).toBeGreaterThanOrEqual(1);
			expect(item.json).toMatchObject({ taskId: task.id, status: 'COMPLETED' });
			expect(item.binary?.data.mimeType).toBe('video/mp4');
		});

		it.each([
			['Freepik', FREEPIK, 'freepik.omni.create'],
			['APIMart', APIMART, 'apimart.create'],
		] as const)('%s: a 200 whose JSON is damaged but names the task: the task id is taken from it, no list needed', async (_name, provider, endpoint) => {
			fixture.sandbox.faults.inject({ endpoint, kind: 'truncated', when: 'after' });
			const execution = await fixture.run({ ...provider, prompt: 'a fox' });
			const [item] = expectSuccess(execution.run);
			const [task] = fixture.sandbox.tasks.all();
			expect(fixture.sandbox.tasks.all()).toHaveLength(1);
			expect(fixture.sandbox.log.count(endpoint)).toBe(1);
			expect(fixture.sandbox.log.count('freepik.omni.list')).toBe(0);
			expect(item.json).toMatchObject({ taskId: task.id });
			expect(item.binary?.data.mimeType).toBe('video/mp4');
		});

		it('Freepik: when the lost create leaves several unknown tasks in the list, the error names every candidate', async () => {
			const foreign = fixture.sandbox.tasks.create({
				provider: 'freepik',
				family: 'omni',
				tier: 'std',
				apiKey: DEFAULT_FREEPIK_KEY,
				request: { prompt: 'another workflow [sandbox:stuck]' },
			});
			fixture.sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: 'reset', when: 'after' });
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox [sandbox:stuck]' });
			const error = nodeError(execution.run);
			const ours = fixture.sandbox.tasks.all().find((task) => task.id !== foreign.id)!;
			expect(fixture.sandbox.log.count('freepik.omni.create')).toBe(1);
			expect(error?.message).toMatch(/2 tasks in Freepik's task list could be this item's/);
			expect(error?.message).toContain(ours.id);
			expect(error?.message).toContain(foreign.id);
		});

		it('Continue on fail: the item of an APIMart create that ended in 500 still says the outcome is unknown', async () => {
			fixture.sandbox.faults.inject({ endpoint: 'apimart.create', kind: '500', when: 'after' });
			const execution = await fixture.run(
				{ ...APIMART, prompt: '={{ $json.text }}', waitMode: 'none' },
				jsonItems({ text: 'first' }, { text: 'second' }),
				true,
			);
			const items = expectSuccess(execution.run);
			expect(fixture.sandbox.log.count('apimart.create')).toBe(2);
			const failed = items.filter((item) => item.json.error);
			expect(failed).toHaveLength(1);
			expect(failed[0].json.error).toMatch(/Internal server error/);
			// The task may exist and be charged: the item must say so, not only "Internal server error".
			expect(JSON.stringify(failed[0].json)).toMatch(/outcome of this create request is unknown/);
		});

		it('APIMart HTTP 200 with code 500 on create: an error, not retried', async () => {
			fixture.sandbox.faults.inject({ endpoint: 'apimart.create', kind: 'apimart-code', when: 'after' });
			const execution = await fixture.run({ ...APIMART, prompt: 'a fox' });
			const error = nodeError(execution.run);
			expect(fixture.sandbox.log.count('apimart.create')).toBe(1);
			expect(error?.message).toMatch(/Upstream service error \(sandbox\)/);
			expect(errorText(error)).toMatch(/outcome of this create request is unknown/);
		});

		it('a 502 on create is not retried either (the gateway may have passed it on)', async () => {
			fixture.sandbox.faults.inject({ endpoint: 'freepik.omni.create', kind: '502', when: 'before' });
			const execution = await fixture.run({ ...FREEPIK, prompt: 'a fox' });
			expect(fixture.sandbox.log.count('freepik.omni.create')).toBe(1);
			// The task list is checked: no new task, so none was made.
			expect(fixture.sandbox.log.count('freepik.omni.list')).toBe(1);
			expect(nodeError(execution.run)?.message).toMatch(/no new task .*probably not created/);
			expect(errorText(nodeError(execution.run))).toMatch(/Bad Gateway/);
			expect(fixture.sandbox.tasks.all()).toHaveLength(0);
		});
	});

	it('a refused API key: the create is not retried and the error points at the credential', async () => {
		const engine = new Engine({
			credentials: { freepikApi: { apiKey: 'fp-wrong-key', host: 'custom', customBaseUrl: fixture.sandbox.url } },
		});
		const execution = await engine.run(workflowWith({ type: 'klingOmni', parameters: { ...FREEPIK, prompt: 'a fox' } }));
		const error = nodeError(execution.run);
		expect(fixture.sandbox.log.count('freepik.omni.create')).toBe(1);
		expect(fixture.sandbox.log.entries[0].responseStatus).toBe(401);
		expect(error?.message).toMatch(/^Freepik: Invalid API key/);
		expect(errorText(error)).toMatch(/Check the Freepik credential/);
		expect(error?.httpCode).toBe('401');
		// The key never travels into the error.
		expect(JSON.stringify(execution.run.data.resultData)).not.toContain('fp-wrong-key');
	});

	describe('status polls', () => {
		it.each([
			['Freepik', '503', FREEPIK, 'freepik.omni.status'],
			['Freepik', '500', FREEPIK, 'freepik.omni.status'],
			['APIMart', '503', APIMART, 'apimart.status'],
		] as const)('%s: a transient %s on a status poll is retried and the item succeeds', async (_name, kind, provider, endpoint) => {
			fixture.sandbox.faults.inject({ endpoint, kind: kind === '500' ? '500' : '503', times: 1 });
			const execution = await fixture.run({ ...provider, prompt: 'a fox' });
			const [item] = expectSuccess(execution.run);
			expect(fixture.sandbox.faults.firedCount()).toBe(1);
			const polls = fixture.sandbox.log.byEndpoint(endpoint);
			expect(polls.length).toBeGreaterThanOrEqual(2);
			expect(polls[0].responseStatus).toBe(Number(kind));
			expect(polls[polls.length - 1].responseStatus).toBe(200);
			expect(fixture.sandbox.tasks.all()).toHaveLength(1);
			expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
		});
	});
});
