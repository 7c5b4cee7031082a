import type { IDataObject, INode, IRun } from 'n8n-workflow';
import { LoadOptionsContext } from 'n8n-core';

import { KlingMotionControl } from '../../nodes/KlingMotionControl/KlingMotionControl.node';
import { KlingOmni } from '../../nodes/KlingOmni/KlingOmni.node';
import { Engine, nodeOutput } from '../harness/engine';
import { imageBinary, workflowWith } from '../harness/workflows';
import { DEFAULT_APIMART_KEY, DEFAULT_FREEPIK_KEY, type EndpointName, type Sandbox, startSandbox } from '../sandbox';

/**
 * Version 2 of the generation nodes (issue #16) in n8n's engine, and version-1 nodes exactly as
 * workflows saved them before: both must build the same documented bodies.
 */
describe('node versions', () => {
	let sandbox: Sandbox;
	let engine: Engine;
	beforeAll(async () => {
		sandbox = await startSandbox({ timeScale: 0.01 });
		engine = new Engine({
			credentials: {
				freepikApi: { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: sandbox.url },
				apimartApi: { apiKey: DEFAULT_APIMART_KEY, baseUrl: sandbox.url },
			},
		});
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	async function run(type: string, typeVersion: number, parameters: IDataObject, items = [{ json: {} }]) {
		return await engine.run(workflowWith({ type, typeVersion, parameters: parameters as never }, items));
	}

	function succeeded(result: IRun): IDataObject[] {
		const error = result.data.resultData.runData.Kling?.[0]?.error ?? result.data.resultData.error;
		if (error) throw new Error(`The node failed: ${error.message} ${String((error as { description?: string }).description ?? '')}`);
		return nodeOutput(result, 'Kling').map((item) => item.json);
	}

	/** A Freepik Motion Control generate that waits for nothing (add its Quality). */
	const MOTION_CONTROL = {
		authentication: 'freepik',
		operation: 'generate',
		characterImage: 'https://example.com/product.png',
		video: 'https://example.com/dance.mp4',
		waitMode: 'none',
	};

	const onlyBody = (endpoint: EndpointName) => {
		const entries = sandbox.log.byEndpoint(endpoint);
		expect(entries).toHaveLength(1);
		return { path: entries[0].path, body: entries[0].body as IDataObject };
	};

	describe('version 2', () => {
		it('picks the Freepik path from Quality', async () => {
			succeeded((await run('klingOmni', 2, { authentication: 'freepik', operation: 'generate', quality: 'pro', prompt: 'a fox', waitMode: 'none' })).run);
			expect(onlyBody('freepik.omni.create').path).toBe('/v1/ai/video/kling-v3-omni-pro');
		});

		it('sends APIMart the Quality as mode, Generate Audio as audio, frames and references as image_with_roles', async () => {
			const parameters = {
				authentication: 'apimart',
				operation: 'generate',
				quality: '4k',
				prompt: '<<<image_1>>> walks to the door',
				startImage: 'https://example.com/start.png',
				endImage: 'https://example.com/end.png',
				referenceImages: { image: [{ image: 'https://example.com/ref.png' }] },
				generateAudio: true,
				waitMode: 'none',
			};
			succeeded((await run('klingOmni', 2, parameters)).run);
			expect(onlyBody('apimart.create').body).toMatchObject({
				model: 'kling-v3-omni',
				mode: '4k',
				audio: true,
				image_with_roles: [
					{ url: 'https://example.com/ref.png', role: 'reference' },
					{ url: 'https://example.com/start.png', role: 'first_frame' },
					{ url: 'https://example.com/end.png', role: 'last_frame' },
				],
			});
			expect(onlyBody('apimart.create').body).not.toHaveProperty('image_urls');
		});

		it('sends APIMart reference images alone as image_urls, and uploads a binary Start Frame', async () => {
			succeeded(
				(
					await run('klingOmni', 2, {
						authentication: 'apimart',
						operation: 'generate',
						prompt: '<<<image_1>>> in the rain',
						referenceImages: { image: [{ image: 'https://example.com/a.png' }, { image: 'https://example.com/b.png' }] },
						waitMode: 'none',
					})
				).run,
			);
			expect(onlyBody('apimart.create').body).toMatchObject({ mode: 'std', image_urls: ['https://example.com/a.png', 'https://example.com/b.png'] });
			sandbox.reset();
			succeeded(
				(
					await run('klingOmni', 2, { authentication: 'apimart', operation: 'generate', prompt: 'it moves', startImage: 'data', waitMode: 'none' }, [
						{ json: {}, binary: { data: imageBinary() } } as never,
					])
				).run,
			);
			const [role] = onlyBody('apimart.create').body.image_with_roles as IDataObject[];
			expect(role.role).toBe('first_frame');
			expect(String(role.url)).toMatch(/^http/);
		});

		it('sends Freepik Omni shots only with Multi-Shot on', async () => {
			const shots = { shot: [{ prompt: 'wide' }, { prompt: 'close' }] };
			const base = { authentication: 'freepik', operation: 'generate', prompt: 'a fox', duration: 6, waitMode: 'none', shots };
			succeeded((await run('klingOmni', 2, base)).run);
			expect(onlyBody('freepik.omni.create').body).not.toHaveProperty('multi_prompt');
			sandbox.reset();
			succeeded((await run('klingOmni', 2, { ...base, prompt: '', multiShot: true })).run);
			expect(onlyBody('freepik.omni.create').body).toMatchObject({ multi_prompt: ['wide', 'close'], shot_type: 'customize' });
		});

		it('refuses an unknown Quality, naming the field, before any request', async () => {
			const result = await run('kling3', 2, { authentication: 'apimart', operation: 'generate', quality: 'ultra', prompt: 'a fox', waitMode: 'none' });
			const error = result.run.data.resultData.runData.Kling?.[0]?.error;
			expect(`${error?.message} ${String((error as { description?: string })?.description)}`).toMatch(/Quality/);
			expect(sandbox.log.count()).toBe(0);
		});

		it('gets a task by a resource-locator Task ID, and lists tasks with Get Many', async () => {
			const task = sandbox.tasks.complete(
				sandbox.tasks.create({ provider: 'freepik', family: 'omni', tier: 'std', apiKey: DEFAULT_FREEPIK_KEY, request: { prompt: 'a fox [sandbox:stuck]' } }).id,
			);
			const [got] = succeeded(
				(
					await run('klingOmni', 2, {
						authentication: 'freepik',
						operation: 'get',
						taskId: { __rl: true, mode: 'list', value: task.id },
						downloadVideo: false,
					})
				).run,
			);
			expect(got).toMatchObject({ taskId: task.id, status: 'COMPLETED' });
			const listed = succeeded((await run('klingOmni', 2, { authentication: 'freepik', operation: 'getAll', limit: 10 })).run);
			expect(listed.map((item) => item.taskId)).toContain(task.id);
		});

		it("lists Freepik's tasks for Task ID's From List", async () => {
			const created = sandbox.tasks.create({
				provider: 'freepik',
				family: 'omni',
				tier: 'std',
				apiKey: DEFAULT_FREEPIK_KEY,
				request: { prompt: 'a fox [sandbox:stuck]' },
			});
			const execution = await run('klingOmni', 2, { authentication: 'freepik', operation: 'getAll', limit: 1 });
			const node = execution.workflow.getNode('Kling') as INode;
			const context = new LoadOptionsContext(execution.workflow, node, execution.additionalData, 'parameters.taskId');
			const search = new KlingOmni().methods.listSearch.searchTasks;
			const all = await search.call(context);
			expect(all.results).toContainEqual({ name: `${created.id} (${created.status})`, value: created.id });
			const filtered = await search.call(context, created.id.slice(0, 8));
			expect(filtered.results.map((result) => result.value)).toEqual([created.id]);
		});
	});

	describe('version 2: Kling V3 with Kling 3 Turbo, and Kling Motion Control', () => {
		it('sends a Turbo item by Quality to its resolution, on the path of its input mode', async () => {
			const turbo = { authentication: 'freepik', operation: 'generate', model: 'kling-v3-turbo', quality: 'pro', prompt: 'a fox', waitMode: 'none' };
			succeeded((await run('kling3', 2, { ...turbo, startImage: 'https://example.com/start.png' })).run);
			expect(onlyBody('freepik.turboImage.create').path).toBe('/v1/ai/image-to-video/kling-v3-turbo-1080p');
			sandbox.reset();
			succeeded((await run('kling3', 2, { ...turbo, authentication: 'apimart', quality: 'std' })).run);
			expect(onlyBody('apimart.create').body).toMatchObject({ model: 'kling-3.0-turbo', resolution: '720p' });
		});

		it('is only version 2 for Kling Motion Control, and sends its Quality to the tier path', async () => {
			expect(new KlingMotionControl().description.version).toEqual([2]);
			succeeded((await run('klingMotionControl', 2, { ...MOTION_CONTROL, quality: 'pro' })).run);
			expect(onlyBody('freepik.motionControl.create').path).toBe('/v1/ai/video/kling-v3-motion-control-pro');
		});

		it("finds Motion Control tasks of both tiers with Get Many, Get Task and Task ID's From List", async () => {
			const [std] = succeeded((await run('klingMotionControl', 2, { ...MOTION_CONTROL, quality: 'std' })).run);
			const [pro] = succeeded((await run('klingMotionControl', 2, { ...MOTION_CONTROL, quality: 'pro' })).run);
			const listed = succeeded((await run('klingMotionControl', 2, { authentication: 'freepik', operation: 'getAll', returnAll: true })).run);
			expect(listed.map((item) => item.taskId)).toEqual(expect.arrayContaining([std.taskId, pro.taskId]));
			const got = succeeded(
				(
					await run('klingMotionControl', 2, {
						authentication: 'freepik',
						operation: 'get',
						taskId: { __rl: true, mode: 'id', value: pro.taskId },
						downloadVideo: false,
					})
				).run,
			);
			expect(got[0].taskId).toBe(pro.taskId);
			const execution = await run('klingMotionControl', 2, { authentication: 'freepik', operation: 'getAll', limit: 1 });
			const node = execution.workflow.getNode('Kling') as INode;
			const context = new LoadOptionsContext(execution.workflow, node, execution.additionalData, 'parameters.taskId');
			const found = await new KlingMotionControl().methods.listSearch.searchTasks.call(context);
			expect(found.results.map((result) => result.value)).toEqual(expect.arrayContaining([std.taskId, pro.taskId]));
		});
	});

	describe('version 1 workflows, as saved before version 2', () => {
		it('Freepik Omni: tier, Shots without a switch, resource and getTask/listTasks', async () => {
			const [created] = succeeded(
				(
					await run('klingOmni', 1, {
						authentication: 'freepik',
						resource: 'video',
						operation: 'generate',
						tier: 'pro',
						prompt: '',
						shots: { shot: [{ prompt: 'wide' }, { prompt: 'close' }] },
						duration: 6,
						waitMode: 'none',
					})
				).run,
			);
			const create = onlyBody('freepik.omni.create');
			expect(create.path).toBe('/v1/ai/video/kling-v3-omni-pro');
			expect(create.body).toMatchObject({ multi_prompt: ['wide', 'close'], shot_type: 'customize', duration: '6' });
			const taskId = String(created.taskId);
			const [got] = succeeded((await run('klingOmni', 1, { authentication: 'freepik', operation: 'getTask', taskId, downloadVideo: false })).run);
			expect(got.taskId).toBe(taskId);
			const listed = succeeded((await run('klingOmni', 1, { authentication: 'freepik', operation: 'listTasks', returnAll: true })).run);
			expect(listed.map((item) => item.taskId)).toContain(taskId);
		});

		it('APIMart Omni: mode, Image URLs, Images With Roles and Audio', async () => {
			succeeded(
				(
					await run('klingOmni', 1, {
						authentication: 'apimart',
						operation: 'generate',
						mode: 'pro',
						prompt: '<<<image_1>>> waves',
						imageUrls: { image: [{ image: 'https://example.com/a.png' }] },
						audio: true,
						waitMode: 'none',
					})
				).run,
			);
			expect(onlyBody('apimart.create').body).toMatchObject({ mode: 'pro', image_urls: ['https://example.com/a.png'], audio: true });
			sandbox.reset();
			succeeded(
				(
					await run('klingOmni', 1, {
						authentication: 'apimart',
						operation: 'generate',
						mode: '4k',
						prompt: 'it moves',
						imagesWithRoles: { image: [{ image: 'https://example.com/s.png', role: 'first_frame' }] },
						waitMode: 'none',
					})
				).run,
			);
			expect(onlyBody('apimart.create').body).toMatchObject({ mode: '4k', image_with_roles: [{ url: 'https://example.com/s.png', role: 'first_frame' }] });
		});

		it('APIMart Kling V3: mode and Audio', async () => {
			succeeded(
				(await run('kling3', 1, { authentication: 'apimart', operation: 'generate', mode: 'pro', prompt: 'a fox', audio: true, waitMode: 'none' })).run,
			);
			expect(onlyBody('apimart.create').body).toMatchObject({ model: 'kling-v3', mode: 'pro', audio: true });
		});

		it('Freepik Kling V3: tier, no Model saved (Kling 3), or Kling 3 Turbo picked in the version-1 form', async () => {
			succeeded((await run('kling3', 1, { authentication: 'freepik', operation: 'generate', tier: 'pro', prompt: 'a fox', waitMode: 'none' })).run);
			expect(onlyBody('freepik.v3.create').path).toBe('/v1/ai/video/kling-v3-pro');
			sandbox.reset();
			const turbo = { authentication: 'freepik', operation: 'generate', model: 'kling-v3-turbo', tier: 'std', prompt: 'a fox', waitMode: 'none' };
			succeeded((await run('kling3', 1, turbo)).run);
			expect(onlyBody('freepik.turboText.create').path).toBe('/v1/ai/text-to-video/kling-v3-turbo-720p');
		});
	});
});
