import { jsonItems } from '../../harness/workflows';
import { DEFAULT_APIMART_KEY, DEFAULT_FREEPIK_KEY, type SandboxTask } from '../../sandbox';
import { bytesOf, errorText, expectSuccess, type Fixture, isMp4, nodeError, startFixture } from './helpers';

const freepikGet = { authentication: 'freepik', operation: 'getTask' };
const apimartGet = { authentication: 'apimart', operation: 'getTask' };
const freepikList = { authentication: 'freepik', operation: 'listTasks' };

describe('Kling Omni Get Task and List Tasks', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		fixture = await startFixture();
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());

	const freepikTask = (prompt = 'a fox', apiKey = DEFAULT_FREEPIK_KEY, family: 'omni' | 'v3' = 'omni'): SandboxTask =>
		fixture.sandbox.tasks.create({ provider: 'freepik', family, tier: 'std', apiKey, request: { prompt: `${prompt} [sandbox:stuck]` } });
	const apimartTask = (): SandboxTask =>
		fixture.sandbox.tasks.create({
			provider: 'apimart',
			family: 'kling-v3-omni',
			tier: 'std',
			apiKey: DEFAULT_APIMART_KEY,
			request: { model: 'kling-v3-omni', prompt: 'a fox [sandbox:stuck]' },
		});

	describe('Get Task on Freepik', () => {
		it('returns a finished task with its video downloaded', async () => {
			const task = fixture.sandbox.tasks.complete(freepikTask().id);
			const execution = await fixture.run({ ...freepikGet, taskId: task.id });
			const [item] = expectSuccess(execution.run);
			expect(fixture.sandbox.log.entries.map((entry) => [entry.endpoint, entry.path])).toEqual([
				['freepik.omni.status', `/v1/ai/video/kling-v3-omni/${task.id}`],
				['download', `/files/${task.id}.mp4`],
			]);
			expect(item.json).toMatchObject({
				taskId: task.id,
				status: 'COMPLETED',
				provider: 'freepik',
				videoUrl: fixture.sandbox.videoUrl(task.id),
				videoUrls: [fixture.sandbox.videoUrl(task.id)],
				error: null,
			});
			expect(String(item.json.model)).toMatch(/^kling-v3-omni/);
			expect(item.binary!.data.mimeType).toBe('video/mp4');
			expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
		});

		it('returns the task without download when Download Video is off', async () => {
			const task = fixture.sandbox.tasks.complete(freepikTask().id);
			const execution = await fixture.run({ ...freepikGet, taskId: task.id, downloadVideo: false });
			const [item] = expectSuccess(execution.run);
			expect(item.json).toMatchObject({ taskId: task.id, status: 'COMPLETED', videoUrl: fixture.sandbox.videoUrl(task.id) });
			expect(item.binary).toBeUndefined();
			expect(fixture.sandbox.log.count('download')).toBe(0);
			expect(fixture.sandbox.log.count()).toBe(1);
		});

		it('returns a running task as it is, without download', async () => {
			const task = freepikTask();
			const execution = await fixture.run({ ...freepikGet, taskId: ` ${task.id} ` });
			const [item] = expectSuccess(execution.run);
			expect(item.json).toMatchObject({ taskId: task.id, videoUrl: null });
			expect(['CREATED', 'IN_PROGRESS']).toContain(item.json.status);
			expect(item.binary).toBeUndefined();
			expect(fixture.sandbox.log.count()).toBe(1);
		});

		it('returns a failed task with the reason', async () => {
			const task = fixture.sandbox.tasks.fail(freepikTask().id, 'Face not allowed (sandbox)');
			const execution = await fixture.run({ ...freepikGet, taskId: task.id });
			const [item] = expectSuccess(execution.run);
			expect(item.json).toMatchObject({ taskId: task.id, status: 'FAILED', error: 'Face not allowed (sandbox)', videoUrl: null });
			expect(item.binary).toBeUndefined();
		});

		it('fetches one task per item, the task id taken from the input item', async () => {
			const tasks = [freepikTask('one'), freepikTask('two')].map((task) => fixture.sandbox.tasks.complete(task.id));
			const execution = await fixture.run(
				{ ...freepikGet, taskId: '={{ $json.id }}', downloadVideo: false },
				jsonItems(...tasks.map((task) => ({ id: task.id }))),
			);
			const items = expectSuccess(execution.run);
			expect(items.map((item) => item.json.taskId)).toEqual(tasks.map((task) => task.id));
			expect(fixture.sandbox.log.count('freepik.omni.status')).toBe(2);
		});

		it('fails clearly for an unknown task id', async () => {
			const execution = await fixture.run({ ...freepikGet, taskId: '00000000-0000-4000-8000-000000000000' });
			const error = nodeError(execution.run);
			expect(error?.message).toMatch(/^Freepik: Not found/);
			expect(errorText(error)).toContain('00000000-0000-4000-8000-000000000000');
		});
	});

	describe('Get Task on APIMart', () => {
		it('returns a finished task with progress and its video downloaded', async () => {
			const task = fixture.sandbox.tasks.complete(apimartTask().id);
			const execution = await fixture.run({ ...apimartGet, taskId: task.id });
			const [item] = expectSuccess(execution.run);
			expect(fixture.sandbox.log.byEndpoint('apimart.status')[0].path).toBe(`/v1/tasks/${task.id}`);
			expect(item.json).toMatchObject({
				taskId: task.id,
				status: 'completed',
				provider: 'apimart',
				model: 'kling-v3-omni',
				videoUrl: fixture.sandbox.videoUrl(task.id),
				error: null,
				progress: 100,
			});
			expect(isMp4(bytesOf(item.binary!.data))).toBe(true);
		});

		it('returns the task without download when Download Video is off', async () => {
			const task = fixture.sandbox.tasks.complete(apimartTask().id);
			const execution = await fixture.run({ ...apimartGet, taskId: task.id, downloadVideo: false });
			const [item] = expectSuccess(execution.run);
			expect(item.json).toMatchObject({ taskId: task.id, status: 'completed' });
			expect(item.binary).toBeUndefined();
			expect(fixture.sandbox.log.count()).toBe(1);
		});

		it('fetches one task per item, the task id taken from the input item', async () => {
			const tasks = [apimartTask(), apimartTask()].map((task) => fixture.sandbox.tasks.complete(task.id));
			const execution = await fixture.run(
				{ ...apimartGet, taskId: '={{ $json.taskId }}', downloadVideo: false },
				jsonItems(...tasks.map((task) => ({ taskId: task.id }))),
			);
			const items = expectSuccess(execution.run);
			expect(items.map((item) => item.json.taskId)).toEqual(tasks.map((task) => task.id));
			expect(fixture.sandbox.log.count('apimart.status')).toBe(2);
		});

		it('returns a cancelled task with an error', async () => {
			const task = fixture.sandbox.tasks.cancel(apimartTask().id);
			const execution = await fixture.run({ ...apimartGet, taskId: task.id });
			const [item] = expectSuccess(execution.run);
			expect(item.json).toMatchObject({ taskId: task.id, status: 'cancelled', videoUrl: null });
			expect(String(item.json.error)).toMatch(/cancel/i);
		});

		it('fails clearly for an unknown task id', async () => {
			const execution = await fixture.run({ ...apimartGet, taskId: 'task_doesnotexist' });
			const error = nodeError(execution.run);
			expect(error?.message).toMatch(/^APIMart: task not found/);
			expect(errorText(error)).toContain('task_doesnotexist');
		});
	});

	describe('List Tasks on Freepik', () => {
		const createTasks = (count: number): SandboxTask[] => Array.from({ length: count }, (_, index) => freepikTask(`task ${index}`));

		it('Return All pages through more than 100 tasks, newest first', async () => {
			const tasks = createTasks(130);
			// Tasks of another family and of another key are not listed.
			freepikTask('a Kling 3 task', DEFAULT_FREEPIK_KEY, 'v3');
			freepikTask('another key', 'someone-elses-key');
			const execution = await fixture.run({ ...freepikList, returnAll: true });
			const items = expectSuccess(execution.run);
			expect(items).toHaveLength(130);
			expect(items.map((item) => item.json.taskId)).toEqual([...tasks].reverse().map((task) => task.id));
			expect(items[0].json).toMatchObject({ provider: 'freepik', status: expect.stringMatching(/^(CREATED|IN_PROGRESS)$/) });
			const lists = fixture.sandbox.log.byEndpoint('freepik.omni.list');
			expect(lists.map((entry) => entry.query)).toEqual([
				{ page: '1', page_size: '100' },
				{ page: '2', page_size: '100' },
			]);
			expect(lists.every((entry) => entry.path === '/v1/ai/video/kling-v3-omni' && entry.responseStatus === 200)).toBe(true);
		});

		it('Return All stops after a full last page with one more (empty) request', async () => {
			createTasks(100);
			const execution = await fixture.run({ ...freepikList, returnAll: true });
			expect(expectSuccess(execution.run)).toHaveLength(100);
			expect(fixture.sandbox.log.count('freepik.omni.list')).toBe(2);
		});

		it('Limit returns that many, newest first, in one request', async () => {
			const tasks = createTasks(30);
			const execution = await fixture.run({ ...freepikList, returnAll: false, limit: 7 });
			const items = expectSuccess(execution.run);
			expect(items.map((item) => item.json.taskId)).toEqual([...tasks].reverse().slice(0, 7).map((task) => task.id));
			const lists = fixture.sandbox.log.byEndpoint('freepik.omni.list');
			expect(lists).toHaveLength(1);
			expect(lists[0].query.page_size).toBe('7');
		});

		it('Limit defaults to 50', async () => {
			createTasks(60);
			const execution = await fixture.run({ ...freepikList });
			expect(expectSuccess(execution.run)).toHaveLength(50);
		});

		it('shows finished tasks with their status', async () => {
			const [done, failed, running] = createTasks(3);
			fixture.sandbox.tasks.complete(done.id);
			fixture.sandbox.tasks.fail(failed.id);
			const execution = await fixture.run({ ...freepikList, returnAll: true });
			const statusOf = new Map(expectSuccess(execution.run).map((item) => [item.json.taskId, item.json.status]));
			expect(statusOf.get(done.id)).toBe('COMPLETED');
			expect(statusOf.get(failed.id)).toBe('FAILED');
			expect(['CREATED', 'IN_PROGRESS']).toContain(statusOf.get(running.id));
		});

		it('returns nothing (no items) when there are no tasks', async () => {
			const execution = await fixture.run({ ...freepikList, returnAll: true });
			expect(expectSuccess(execution.run)).toHaveLength(0);
			expect(fixture.sandbox.log.count('freepik.omni.list')).toBe(1);
		});
	});
});
