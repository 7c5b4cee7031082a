import type { FaultKind } from '../sandbox';
import { CrashWatch, LogCapture } from './support/capture';
import {
	appliesTo,
	type CellResult,
	CREATE_RESENDABLE,
	expectedOutcome,
	inBatches,
	MATRIX_KINDS,
	MATRIX_ROWS,
	type MatrixRow,
	OPERATION_ROWS,
	type OperationCellResult,
	promptOf,
	RETRY_AFTER_SECONDS,
	runCell,
	runOperationCell,
	runStrictCell,
	type StrictCellResult,
} from './support/matrix';
import { findSecrets } from './support/secrets';
import { TimeoutKnob } from './support/timeouts';

/**
 * The fault matrix: every endpoint the nodes call x every fault the sandbox can inject, each cell
 * a real n8n execution of Kling Omni (two items, Continue On Fail) in its own sandbox. A cell ends
 * in the documented behaviour:
 *  - recovered: both items end with exactly the served video, the faulted request was sent
 *    again after a backoff (Retry-After honoured), within bounds;
 *  - item error (a create the provider may have processed): never sent again, the item says the
 *    outcome is unknown and where to look, the other item still ends with its video.
 * In every cell no task id the provider handed out is lost, and nothing crashes.
 */

const TIMEOUT_APPLIED_MS = 1500;

const BACKOFF_MS = { create: 1000, read: 500 };

const OPERATION_KINDS = MATRIX_KINDS;
const OPERATION_CELLS = OPERATION_ROWS.flatMap((row) =>
	OPERATION_KINDS.filter((kind) => kind !== 'apimart-code' || row.provider === 'apimart').map((kind) => ({ row, kind })),
);
const CELLS = MATRIX_ROWS.flatMap((row) => MATRIX_KINDS.filter((kind) => appliesTo(row, kind)).map((kind) => ({ row, kind })));
const key = (row: MatrixRow, kind: FaultKind) => `${row.label} / ${kind}`;

interface Verdict {
	/** Items ending with exactly the video the provider served. */
	videos: number;
	/** Items holding a binary that is not the served video (a corrupt download taken for a video). */
	corruptVideos: number;
	/** Task ids the provider handed out that appear nowhere in the run. */
	lostTaskIds: string[];
	/** How often the faulted request was sent in all (1 = never again). */
	faultedRequestSent: number;
	/**
	 * One fault costs at most one request more than the row's control cell (the same run without
	 * a fault) sent: a count, so a loaded machine cannot make a good cell fail, nor a retry storm pass.
	 */
	withinBounds: boolean;
	/** The node itself did not fail: Continue On Fail turned failures into items. */
	nodeFailed: boolean;
	backoffRespected?: boolean;
	faultedItem?: { video: boolean; namesProvider: boolean; saysOutcomeUnknown: boolean; saysCheckTaskList: boolean };
}

function faultedEntry(result: CellResult) {
	return result.log.find((entry) => entry.fault !== undefined);
}

/** The faulted request and the requests that repeat it (same endpoint, same item), in order. */
function repeatsOfFaulted(result: CellResult) {
	const faulted = faultedEntry(result);
	if (!faulted) return [];
	const sameEndpoint = result.log.filter((entry) => entry.endpoint === faulted.endpoint);
	const { endpoint } = result.row;
	if (endpoint === 'create') return sameEndpoint.filter((entry) => promptOf(entry) === promptOf(faulted));
	// Status, download and the signed PUT carry the item in their path.
	if (endpoint === 'status' || endpoint === 'download' || faulted.endpoint === 'freepik.upload.put') {
		return sameEndpoint.filter((entry) => entry.path === faulted.path);
	}
	const later = sameEndpoint.filter((entry) => entry !== faulted && entry.at >= faulted.at);
	// One list request covers both items: the one right after the fault is its retry.
	if (endpoint === 'list') return [faulted, ...later.slice(0, 1)];
	// Upload requests of the two items look alike. The other item sends its own once, together
	// with the faulted one (the control cell shows one per item), before any retry, which waits for
	// the fault's answer and a backoff: every later request to the endpoint repeats the faulted one.
	const others = sameEndpoint.filter((entry) => entry !== faulted);
	return [faulted, ...others.slice(1)];
}

function verdict(result: CellResult, control: CellResult): Verdict {
	const { row } = result;
	const kind = result.kind!;
	const faulted = faultedEntry(result);
	const repeats = repeatsOfFaulted(result);
	const processedUnseen = (taskPrompt: string | undefined) =>
		result.log.some((entry) => entry.endpoint === row.target && entry.fault !== undefined && promptOf(entry) === taskPrompt);
	const lostTaskIds = result.tasks
		.filter((task) => !result.runText.includes(task.id))
		// A create answered with a fault after the provider made the task: the node never saw the
		// id. The item's error must say so (checked below); there is nothing else it could output.
		.filter((task) => !(row.endpoint === 'create' && processedUnseen(promptOf(task))))
		.map((task) => task.id);
	const outcome: Verdict = {
		videos: result.items.filter((item) => item.video).length,
		corruptVideos: result.items.filter((item) => item.corruptVideo).length,
		lostTaskIds,
		faultedRequestSent: repeats.length,
		withinBounds: result.log.length <= control.log.length + 1,
		nodeFailed: result.nodeFailure !== undefined,
	};
	if (expectedOutcome(row, kind) === 'recovered' && faulted && repeats.length > 1) {
		const gap = repeats[1].at - repeats[0].at;
		const base = row.endpoint === 'create' ? BACKOFF_MS.create : BACKOFF_MS.read;
		const wanted = kind === '429-retry-after' ? RETRY_AFTER_SECONDS * 1000 : base;
		outcome.backoffRespected = gap >= wanted * 0.9;
	}
	if (expectedOutcome(row, kind) === 'item-error' && faulted) {
		const index = result.prompts.indexOf(promptOf(faulted) ?? '');
		const item = result.items.find((candidate) => candidate.index === index);
		const error = item?.error ?? '';
		// What the item tells its reader: the error first, then anything the node put beside it.
		const said = item?.text ?? '';
		outcome.faultedItem = {
			video: item?.video ?? false,
			namesProvider: /^(Freepik|APIMart)\b/.test(error),
			saysOutcomeUnknown: /outcome .*unknown|may have (started|created)/i.test(said),
			saysCheckTaskList: /task list/i.test(said),
		};
	}
	return outcome;
}

function expectedVerdict(row: MatrixRow, kind: FaultKind): Verdict {
	const expected = expectedOutcome(row, kind);
	const common = { corruptVideos: 0, lostTaskIds: [], withinBounds: true, nodeFailed: false };
	if (expected === 'recovered') return { ...common, videos: 2, faultedRequestSent: 2, backoffRespected: true };
	if (expected === 'accepted' || expected === 'found') return { ...common, videos: 2, faultedRequestSent: 1 };
	return {
		...common,
		videos: 1,
		faultedRequestSent: 1,
		faultedItem: { video: false, namesProvider: true, saysOutcomeUnknown: true, saysCheckTaskList: true },
	};
}

describe('Fault matrix: each endpoint x each fault, through n8n', () => {
	const results = new Map<string, CellResult>();
	const controls = new Map<string, CellResult>();
	const operationResults = new Map<string, OperationCellResult>();
	const strictResults = new Map<string, StrictCellResult>();
	const crashes = new CrashWatch();
	const logs = new LogCapture();
	const knob = new TimeoutKnob(TIMEOUT_APPLIED_MS);

	beforeAll(async () => {
		crashes.install();
		logs.install();
		knob.install();
		try {
			const [done, control, operations, strict] = await Promise.all([
				inBatches(CELLS, 30, async ({ row, kind }) => await runCell(row, kind)),
				inBatches(MATRIX_ROWS, 10, async (row) => await runCell(row)),
				inBatches(OPERATION_CELLS, 10, async ({ row, kind }) => await runOperationCell(row, kind)),
				inBatches(MATRIX_ROWS, 10, async (row) => await runStrictCell(row)),
			]);
			for (const result of strict) strictResults.set(result.row.label, result);
			for (const result of done) results.set(key(result.row, result.kind!), result);
			for (const result of control) controls.set(result.row.label, result);
			for (const result of operations) operationResults.set(`${result.row.label} / ${result.kind}`, result);
		} finally {
			knob.restore();
			logs.restore();
		}
	}, 180_000);
	afterAll(() => crashes.restore());

	it(`covers ${CELLS.length + OPERATION_CELLS.length} cells: 10 endpoint rows and 3 operation rows x up to 12 faults`, () => {
		expect(CELLS.length).toBeGreaterThanOrEqual(100);
		expect(results.size).toBe(CELLS.length);
		expect(operationResults.size).toBe(OPERATION_CELLS.length);
		// The control cells: without a fault, every row ends with both videos.
		expect(MATRIX_ROWS.map((row) => controls.get(row.label)!.items.filter((item) => item.video).length)).toEqual(MATRIX_ROWS.map(() => 2));
	});

	describe.each(MATRIX_ROWS.map((row) => [row.label, row] as const))('%s', (_label, row) => {
		for (const kind of MATRIX_KINDS.filter((candidate) => appliesTo(row, candidate))) {
			it(`${kind} -> ${expectedOutcome(row, kind)}`, () => {
				const result = results.get(key(row, kind))!;
				expect(result.faultsFired).toBe(1);
				expect(verdict(result, controls.get(row.label)!)).toEqual(expectedVerdict(row, kind));
			});
		}
	});

	describe.each(OPERATION_ROWS.map((row) => [row.label, row] as const))('%s (operation)', (_label, row) => {
		for (const kind of OPERATION_CELLS.filter((cell) => cell.row === row).map((cell) => cell.kind)) {
			it(`${kind} -> recovered`, () => {
				const result = operationResults.get(`${row.label} / ${kind}`)!;
				const wanted = kind === '429-retry-after' ? RETRY_AFTER_SECONDS * 1000 : BACKOFF_MS.read;
				expect({
					status: result.runStatus,
					failure: result.failure,
					complete: result.complete,
					sentTwice: result.faultedRequestSent === 2,
					backoffRespected: (result.gapMs ?? 0) >= wanted * 0.9,
				}).toEqual({ status: 'success', failure: undefined, complete: true, sentTwice: true, backoffRespected: true });
			});
		}
	});

	describe('without Continue On Fail, 502 on every request of the endpoint (a create: once, after the task was made)', () => {
		it.each(MATRIX_ROWS.map((row) => [row.label, row] as const))('%s: the node fails naming every task the provider handed out', (_label, row) => {
			const result = strictResults.get(row.label)!;
			if (row.endpoint === 'create' && expectedOutcome(row, '502') === 'found') {
				// The lost create is found in the task list: nothing fails, every task is in the output.
				expect(result.runStatus).toBe('success');
				return;
			}
			expect(result.runStatus).toBe('error');
			expect(result.errorText).not.toBe('');
			expect(result.knownTaskIds.filter((id) => !result.errorText.includes(id))).toEqual([]);
			if (row.endpoint !== 'upload') expect(result.knownTaskIds.length).toBeGreaterThan(0);
		});
	});

	it('a create is sent twice only after 429 or 503, and never after an answer that may follow a processed create', () => {
		const creates = [...results.values()].filter((result) => result.row.endpoint === 'create');
		const resent = creates.filter((result) => repeatsOfFaulted(result).length > 1).map((result) => result.kind);
		expect([...new Set(resent)].sort()).toEqual([...CREATE_RESENDABLE].sort());
		// Where the provider made the task and the answer was lost, exactly that one task exists.
		for (const result of creates.filter((candidate) => !CREATE_RESENDABLE.includes(candidate.kind!))) {
			expect(result.tasks).toHaveLength(2);
		}
	});

	it('no unhandled rejection and no uncaught exception while the matrix ran', () => {
		expect(crashes.describe()).toBe('');
	});

	it('no key or webhook secret in any run, item, error or log line of the matrix', () => {
		const leaks = [...results.values()].flatMap((result) =>
			findSecrets(result.runText).map((name) => `${key(result.row, result.kind!)}: ${name}`),
		);
		expect(leaks).toEqual([]);
		expect(findSecrets(logs.text())).toEqual([]);
	});

	it('the timeouts the node asks for are the documented ones (create 120 s, reads 60 s, downloads 10 min)', () => {
		const asked = (pattern: RegExp, method: string) =>
			new Set(knob.requests.filter((request) => request.method === method && pattern.test(request.url)).map((request) => request.requested));
		expect(asked(/\/v1\/ai\/video\/kling-v3-omni-(std|pro)$|\/v1\/videos\/generations$/, 'POST')).toEqual(new Set([120_000]));
		expect(asked(/\/v1\/ai\/video\/kling-v3-omni(\/[^/]+)?$|\/v1\/tasks\//, 'GET')).toEqual(new Set([60_000]));
		expect(asked(/\/files\/.+\.mp4$/, 'GET')).toEqual(new Set([600_000]));
	});
});
