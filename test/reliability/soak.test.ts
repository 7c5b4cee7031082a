import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { imageBinary } from '../harness/workflows';
import { CREATE_ENDPOINTS, FaultInjector, type FaultKind, type FiredFault } from '../sandbox';
import { CrashWatch } from './support/capture';
import { itemOutcomes, type Provider, type Rig, startRig } from './support/fixture';
import { TimeoutKnob } from './support/timeouts';

/**
 * Soak: SOAK_ITEMS items (100 in `npm test`, 500 in `npm run test:soak`) through the sandbox in
 * executions of SOAK_BATCH items of Kling V3, alternating Freepik and APIMart, in SOAK_LANES
 * lanes (each its own sandbox, run side by side), every fourth item with a binary start frame to
 * upload, and 5% of all requests faulted. Creates get only the faults after which the provider certainly did not process them
 * (429, 503: the node may send those again); status, list, upload and download requests get every
 * kind. Every item must end as the served video or as an error carrying its task id; no task the
 * provider made may be missing from the output or made twice; memory stays flat from execution
 * to execution; nothing crashes.
 */

const ITEMS = Number(process.env.SOAK_ITEMS ?? 100);
const BATCH = Number(process.env.SOAK_BATCH ?? (ITEMS >= 500 ? 50 : 25));
const LANES = Number(process.env.SOAK_LANES ?? 2);
const RATE = Number(process.env.SOAK_RATE ?? 0.05);
const SEED = Number(process.env.SOAK_SEED ?? 20261122);
/**
 * Task lifecycles take 200 ms instead of 4 s; everything else keeps real time, so a signed upload
 * URL lives its 120 s and outlives any retry, however loaded the machine is.
 */
const LIFECYCLE = { queuedMs: 50, runningMs: 150 };
/**
 * Most requests one item may cost: its create, an upload, a share of the list polls, its status
 * and download requests, and the retries of its faulted ones. A retry storm or a poll loop goes
 * past it; a slow machine does not (it is a count, not a time).
 */
const REQUESTS_PER_ITEM_BOUND = 8;
/** The node's budget, and the sandbox's rate limit per key expressed per real minute. */
const REQUESTS_PER_MINUTE = 5000;
const ALL_KINDS: FaultKind[] = ['429', '429-retry-after', '500', '502', '503', '504', 'reset', 'timeout', 'malformed-json', 'html', 'empty', 'apimart-code'];
const NOT_PROCESSED_KINDS: FaultKind[] = ['429', '429-retry-after', '503'];
/** Answers lost or damaged after the provider made the task: Freepik's are found in its task list. */
const FREEPIK_AFTER_CREATE_KINDS: FaultKind[] = ['reset', 'empty', '500', '502', 'malformed-json', 'truncated'];
/** APIMart has no task list: only a damaged answer that still names the task can be recovered. */
const APIMART_AFTER_CREATE_KINDS: FaultKind[] = ['truncated'];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface BatchResult {
	lane: number;
	provider: Provider;
	items: number;
	videos: number;
	errorsWithTaskId: number;
	errorsWithoutTaskId: number;
	lostTaskIds: string[];
	duplicateCreates: number;
	faults: FiredFault[];
	/** Items without their video: what they say. */
	unfinished: Array<{ item: number; taskId?: string; error?: string }>;
	rateLimited: number;
	ms: number;
	/** Requests the sandbox received for the batch. */
	requests: number;
	heapMb: number;
}

describe(`Soak: ${ITEMS} items, ${RATE * 100}% random faults`, () => {
	const crashes = new CrashWatch();
	// Only the requests the sandbox will not answer (the `timeout` fault) get it: every other
	// request keeps the node's own timeout, so a loaded machine times out nothing.
	const knob = new TimeoutKnob(1500);
	const results: BatchResult[] = [];
	const rigs: Rig[] = [];
	let started = 0;

	beforeAll(async () => {
		crashes.install();
		knob.install();
		for (let lane = 0; lane < LANES; lane++) rigs.push(await faultyRig(lane));
		const batches = Array.from({ length: Math.ceil(ITEMS / BATCH) }, (_, index) => ({
			index,
			offset: index * BATCH,
			count: Math.min(BATCH, ITEMS - index * BATCH),
			provider: (index % 2 === 0 ? 'freepik' : 'apimart') as Provider,
		}));
		started = Date.now();
		await Promise.all(
			rigs.map(async (rig, lane) => {
				for (const batch of batches.filter((candidate) => Math.floor(candidate.index / 2) % LANES === lane || LANES === 1)) {
					results.push(await runBatch(rig, lane, batch.provider, batch.offset, batch.count));
				}
			}),
		);
	}, 600_000);
	afterAll(async () => {
		for (const rig of rigs) await rig.close();
		knob.restore();
		crashes.restore();
	});

	/**
	 * A sandbox whose fault dice are three seeded injectors: creates (the not-processed kinds only),
	 * APIMart's other endpoints (every kind), and Freepik's and the result URLs (every kind but
	 * `apimart-code`, an answer only APIMart gives).
	 */
	async function faultyRig(lane: number): Promise<Rig> {
		const rig = await startRig({ timeScale: 1, lifecycle: LIFECYCLE, rateLimitPerMinute: REQUESTS_PER_MINUTE });
		const seed = SEED + lane * 10;
		const creates = new FaultInjector();
		const apimart = new FaultInjector();
		const others = new FaultInjector();
		creates.random({ rate: RATE, seed, kinds: NOT_PROCESSED_KINDS, retryAfterSeconds: 1 });
		const freepikAfterCreate = new FaultInjector();
		const apimartAfterCreate = new FaultInjector();
		freepikAfterCreate.random({ rate: RATE, seed: seed + 3, kinds: FREEPIK_AFTER_CREATE_KINDS, when: 'after' });
		apimartAfterCreate.random({ rate: RATE, seed: seed + 4, kinds: APIMART_AFTER_CREATE_KINDS, when: 'after' });
		apimart.random({ rate: RATE, seed: seed + 1, kinds: ALL_KINDS, retryAfterSeconds: 1 });
		others.random({ rate: RATE, seed: seed + 2, kinds: ALL_KINDS.filter((kind) => kind !== 'apimart-code'), retryAfterSeconds: 1 });
		const faults = rig.sandbox.faults;
		faults.take = (request) => {
			const isCreate = (CREATE_ENDPOINTS as readonly string[]).includes(request.endpoint);
			const injector = isCreate ? creates : request.endpoint.startsWith('apimart.') ? apimart : others;
			const afterCreate = request.endpoint.startsWith('apimart.') ? apimartAfterCreate : freepikAfterCreate;
			const fired = injector.take(request) ?? (isCreate ? afterCreate.take(request) : undefined);
			if (fired) faults.fired.push(fired);
			return fired;
		};
		return rig;
	}

	async function runBatch(rig: Rig, lane: number, provider: Provider, offset: number, count: number): Promise<BatchResult> {
		rig.sandbox.log.clear();
		rig.sandbox.tasks.clear();
		const firedBefore = rig.sandbox.faults.fired.length;
		const batchStarted = Date.now();
		const execution = await rig.run({
			type: 'kling3',
			parameters: {
				authentication: provider,
				operation: 'generate',
				prompt: '={{ $json.prompt }}',
				startImage: '={{ $binary.data ? "data" : "" }}',
				options: { requestsPerMinute: REQUESTS_PER_MINUTE, maxWaitMinutes: 2, maxPollIntervalSeconds: 2 },
			},
			items: Array.from({ length: count }, (_, index) => ({
				json: { prompt: `soak item ${offset + index}` },
				...((offset + index) % 4 === 0 ? { binary: { data: imageBinary() } } : {}),
			})),
			continueOnFail: true,
		});
		const ms = Date.now() - batchStarted;
		const items = itemOutcomes(execution.run);
		const output = new Set(items.flatMap((item) => (item.taskId ? [item.taskId] : [])));
		const tasks = rig.sandbox.tasks.all();
		const prompts = tasks.map((task) => (task.request as { prompt?: string }).prompt);
		const result: BatchResult = {
			lane,
			provider,
			items: items.length,
			videos: items.filter((item) => item.video && !item.error).length,
			errorsWithTaskId: items.filter((item) => item.error && item.taskId).length,
			errorsWithoutTaskId: items.filter((item) => !item.video && !item.taskId).length,
			lostTaskIds: tasks.filter((task) => !output.has(task.id)).map((task) => task.id),
			duplicateCreates: prompts.length - new Set(prompts).size,
			faults: rig.sandbox.faults.fired.slice(firedBefore),
			unfinished: items
				.filter((item) => !item.video || item.error)
				.map((item) => ({ item: offset + item.index, taskId: item.taskId, error: item.error })),
			rateLimited: rig.sandbox.log.entries.filter((entry) => entry.responseStatus === 429 && !entry.fault).length,
			ms,
			requests: rig.sandbox.log.entries.length,
			heapMb: 0,
		};
		// What stays after the execution: nothing of it should.
		rig.engine.executions.delete(execution.id);
		rig.sandbox.log.clear();
		rig.sandbox.tasks.clear();
		rig.sandbox.assets.clear();
		gc();
		gc();
		result.heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
		return result;
	}

	const total = <K extends keyof BatchResult>(key: K) => results.reduce((sum, result) => sum + (result[key] as number), 0);

	it('every item ends as its video or as an error carrying its task id', () => {
		expect(total('items')).toBe(ITEMS);
		expect(total('videos') + total('errorsWithTaskId')).toBe(ITEMS);
		expect(results.flatMap((result) => result.unfinished).filter((item) => !item.taskId)).toEqual([]);
	});

	it('a share of the faults drops or damages a create answer after the task was made, and each such task is in the output', () => {
		const afterCreate = results.flatMap((result) =>
			result.faults.filter((fault) => fault.when === 'after' && (CREATE_ENDPOINTS as readonly string[]).includes(fault.endpoint)),
		);
		expect(afterCreate.length).toBeGreaterThan(0);
	});

	it('no task lost, none created twice', () => {
		expect(results.flatMap((result) => result.lostTaskIds)).toEqual([]);
		expect(total('duplicateCreates')).toBe(0);
	});

	it('the faults really happened, and most items still got their video', () => {
		const faults = results.flatMap((result) => result.faults);
		expect(faults.length).toBeGreaterThanOrEqual(ITEMS * 0.1);
		// With retries on every free request, a 5% fault rate costs at most a few videos.
		expect(total('videos')).toBeGreaterThanOrEqual(Math.floor(ITEMS * 0.95));
	});

	it('memory is flat from execution to execution', () => {
		const heap = results.map((result) => result.heapMb);
		// The first executions warm caches up; after that the heap may wobble, not grow per batch.
		const settled = heap.slice(Math.min(2, heap.length - 1));
		const growth = settled[settled.length - 1] - settled[0];
		expect(growth).toBeLessThan(25);
	});

	it(`stays within bounds (at most ${REQUESTS_PER_ITEM_BOUND} requests per item), nothing crashed`, () => {
		expect(total('requests')).toBeLessThanOrEqual(ITEMS * REQUESTS_PER_ITEM_BOUND);
		expect(crashes.describe()).toBe('');
		if (process.env.RELIABILITY_REPORT) {
			const faults = results.flatMap((result) => result.faults);
			const count = (key: (fault: FiredFault) => string) =>
				faults.reduce<Record<string, number>>((counts, fault) => ({ ...counts, [key(fault)]: (counts[key(fault)] ?? 0) + 1 }), {});
			process.stdout.write(
				`${JSON.stringify(
					{
						items: ITEMS,
						batches: results.map(({ lane, provider, items, videos, errorsWithTaskId, ms, requests, heapMb, rateLimited }) => ({
							lane,
							provider,
							items,
							videos,
							errorsWithTaskId,
							ms,
							requests,
							heapMb: Math.round(heapMb * 10) / 10,
							rateLimited,
						})),
						videos: total('videos'),
						errorsWithTaskId: total('errorsWithTaskId'),
						unfinished: results.flatMap((result) => result.unfinished),
						tasksLost: results.flatMap((result) => result.lostTaskIds).length,
						duplicateCreates: total('duplicateCreates'),
						faultsFired: faults.length,
						faultsByKind: count((fault) => fault.kind),
						faultsByEndpoint: count((fault) => fault.endpoint),
						rateLimited429: total('rateLimited'),
						seconds: Math.round((Date.now() - started) / 100) / 10,
					},
					null,
					1,
				)}\n`,
			);
		}
	});
});
