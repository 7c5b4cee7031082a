import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { imageBinary } from '../../harness/workflows';
import type { EndpointName, FaultKind, RequestLogEntry, SandboxTask } from '../../sandbox';
import { serializeEverything } from './capture';
import { errorText, hasServedVideo, type ItemOutcome, itemOutcomes, type NodeType, nodeError, outputItems, type Provider, startRig } from './fixture';

/** The rows of the fault matrix: a provider endpoint the nodes call, and how a run reaches it. */
export interface MatrixRow {
	provider: Provider;
	/** What the issue calls it: create, status, list, upload, download. */
	endpoint: 'create' | 'status' | 'list' | 'upload' | 'download';
	/** The sandbox endpoint the fault is injected on. */
	target: EndpointName;
	label: string;
	/** The input items carry a binary image that must be uploaded first. */
	upload?: boolean;
	/** Another node than Kling Omni, with the parameters its mode needs (prompt and provider come from the row). */
	node?: { type: NodeType; parameters: IDataObject };
}

const MOTION_CONTROL = {
	type: 'klingMotionControl' as const,
	parameters: { quality: 'pro', characterImage: 'https://example.com/product.png', video: 'https://example.com/dance.mp4' },
};
const TURBO_IMAGE = { type: 'kling3' as const, parameters: { model: 'kling-v3-turbo', startImage: 'https://example.com/start.png' } };

/**
 * Signed upload URLs live 120 s, scaled by the sandbox's timeScale; the node's backoff is not
 * scaled. Rows that upload keep real time, so a URL outlives any retry however loaded the machine
 * is, as 120 s does in real life; only the task lifecycle is shortened (200 ms).
 */
const UPLOAD_SANDBOX = { timeScale: 1, lifecycle: { queuedMs: 50, runningMs: 150 } };

export const MATRIX_ROWS: MatrixRow[] = [
	{ provider: 'freepik', endpoint: 'create', target: 'freepik.omni.create', label: 'Freepik create' },
	{ provider: 'freepik', endpoint: 'status', target: 'freepik.omni.status', label: 'Freepik status' },
	{ provider: 'freepik', endpoint: 'list', target: 'freepik.omni.list', label: 'Freepik list' },
	{ provider: 'freepik', endpoint: 'upload', target: 'freepik.upload.requestUrl', label: 'Freepik upload (request URL)', upload: true },
	{ provider: 'freepik', endpoint: 'upload', target: 'freepik.upload.put', label: 'Freepik upload (PUT)', upload: true },
	{ provider: 'freepik', endpoint: 'download', target: 'download', label: 'Freepik download' },
	{ provider: 'apimart', endpoint: 'create', target: 'apimart.create', label: 'APIMart create' },
	{ provider: 'apimart', endpoint: 'status', target: 'apimart.status', label: 'APIMart status' },
	{ provider: 'apimart', endpoint: 'upload', target: 'apimart.upload', label: 'APIMart upload', upload: true },
	{ provider: 'apimart', endpoint: 'download', target: 'download', label: 'APIMart download' },
	// The newer modes: their own create, status and list paths (Motion Control per tier, Turbo per input mode).
	{ provider: 'freepik', endpoint: 'create', target: 'freepik.motionControl.create', label: 'Freepik Motion Control create', node: MOTION_CONTROL },
	{ provider: 'freepik', endpoint: 'status', target: 'freepik.motionControl.status', label: 'Freepik Motion Control status', node: MOTION_CONTROL },
	{ provider: 'freepik', endpoint: 'list', target: 'freepik.motionControl.list', label: 'Freepik Motion Control list', node: MOTION_CONTROL },
	{ provider: 'freepik', endpoint: 'create', target: 'freepik.turboImage.create', label: 'Freepik Turbo create', node: TURBO_IMAGE },
	{ provider: 'freepik', endpoint: 'list', target: 'freepik.turboImage.list', label: 'Freepik Turbo list', node: TURBO_IMAGE },
	{ provider: 'apimart', endpoint: 'create', target: 'apimart.create', label: 'APIMart Motion Control create', node: MOTION_CONTROL },
	{ provider: 'apimart', endpoint: 'status', target: 'apimart.status', label: 'APIMart Turbo status', node: TURBO_IMAGE },
];

export const MATRIX_KINDS: FaultKind[] = [
	'429',
	'429-retry-after',
	'500',
	'502',
	'503',
	'504',
	'reset',
	'timeout',
	'malformed-json',
	'html',
	'empty',
	'apimart-code',
];

/** `apimart-code` is an APIMart API answer (HTTP 200, `code != 200`); the other hosts never send it. */
export function appliesTo(row: MatrixRow, kind: FaultKind): boolean {
	return kind !== 'apimart-code' || (row.provider === 'apimart' && row.endpoint !== 'download');
}

/** Only these tell for certain that a create was not processed (README: "429 and 503"). */
export const CREATE_RESENDABLE: FaultKind[] = ['429', '429-retry-after', '503'];

/** `found`: the create's answer was lost, and the node found the task in the provider's task list. */
export type Expected = 'recovered' | 'item-error' | 'accepted' | 'found';

/**
 * The documented behaviour of each cell. A create that may have been processed fails its item
 * (never sent again); everything else is a free, repeatable request and recovers within bounds.
 * A signed-URL PUT answered 200 stored the file, whatever the body says: nothing to repeat.
 */
export function expectedOutcome(row: MatrixRow, kind: FaultKind): Expected {
	if (row.endpoint === 'create') {
		if (CREATE_RESENDABLE.includes(kind)) return 'recovered';
		// Freepik lists tasks: a task whose create answer was lost is found there (nodes/shared/recovery.ts).
		return row.provider === 'freepik' ? 'found' : 'item-error';
	}
	if (row.target === 'freepik.upload.put' && (kind === 'malformed-json' || kind === 'empty')) return 'accepted';
	return 'recovered';
}

export const RETRY_AFTER_SECONDS = 2;

export interface CellResult {
	row: MatrixRow;
	/** Undefined for the row's control cell, run without a fault. */
	kind?: FaultKind;
	runStatus: string;
	nodeFailure?: string;
	items: ItemOutcome[];
	/** Item json as output (errors and task ids) and everything the run recorded, as text. */
	runText: string;
	log: RequestLogEntry[];
	tasks: SandboxTask[];
	faultsFired: number;
	prompts: string[];
}

const PROMPTS = ['a red fox in snow', 'a grey cat on a roof'];

function itemsFor(row: MatrixRow): INodeExecutionData[] {
	return PROMPTS.map((text) => ({ json: { text }, ...(row.upload ? { binary: { data: imageBinary() } } : {}) }));
}

function parametersFor(row: MatrixRow): IDataObject {
	const base: IDataObject = { authentication: row.provider, operation: 'generate', prompt: '={{ $json.text }}', ...row.node?.parameters };
	if (!row.upload) return base;
	return row.provider === 'freepik' ? { ...base, startImage: 'data' } : { ...base, imageUrls: { image: [{ image: 'data' }] } };
}

/**
 * Runs one cell in its own sandbox: two items, continue on fail, the fault hits the endpoint once
 * (no fault at all without `kind`: the row's control cell).
 */
export async function runCell(row: MatrixRow, kind?: FaultKind): Promise<CellResult> {
	const rig = await startRig(row.upload ? UPLOAD_SANDBOX : {});
	try {
		if (kind) {
			const processedFirst = row.endpoint === 'create' && !CREATE_RESENDABLE.includes(kind);
			rig.sandbox.faults.inject({
				endpoint: row.target,
				kind,
				times: 1,
				// A create the provider processed before the answer went wrong is the case that costs money.
				when: processedFirst ? 'after' : 'before',
				...(kind === '429-retry-after' ? { retryAfterSeconds: RETRY_AFTER_SECONDS } : {}),
			});
		}
		const execution = await rig.run({ type: row.node?.type, parameters: parametersFor(row), items: itemsFor(row), continueOnFail: true });
		const failure = nodeError(execution.run);
		return {
			row,
			kind,
			runStatus: execution.run.status,
			nodeFailure: failure ? errorText(failure) : undefined,
			items: itemOutcomes(execution.run).map((item) => ({ ...item })),
			runText: serializeEverything(execution.run),
			log: [...rig.sandbox.log.entries],
			tasks: rig.sandbox.tasks.all().map((task) => ({ ...task })),
			faultsFired: rig.sandbox.faults.fired.length,
			prompts: PROMPTS,
		};
	} finally {
		await rig.close();
	}
}

/** Runs `work` over `inputs` with at most `limit` at a time. */
export async function inBatches<T, R>(inputs: T[], limit: number, work: (input: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(inputs.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, inputs.length) }, async () => {
			while (next < inputs.length) {
				const index = next++;
				results[index] = await work(inputs[index]);
			}
		}),
	);
	return results;
}

export function promptOf(entry: RequestLogEntry | SandboxTask): string | undefined {
	const body = ('body' in entry ? entry.body : entry.request) as { prompt?: unknown } | undefined;
	return typeof body?.prompt === 'string' ? body.prompt : undefined;
}

/** Get Task and List Tasks read a provider too: each fault once, on the request they send. */
export interface OperationRow {
	provider: Provider;
	operation: 'getTask' | 'listTasks';
	target: EndpointName;
	label: string;
}

export const OPERATION_ROWS: OperationRow[] = [
	{ provider: 'freepik', operation: 'getTask', target: 'freepik.omni.status', label: 'Get Task (Freepik)' },
	{ provider: 'apimart', operation: 'getTask', target: 'apimart.status', label: 'Get Task (APIMart)' },
	{ provider: 'freepik', operation: 'listTasks', target: 'freepik.omni.list', label: 'List Tasks (Freepik)' },
];

export interface OperationCellResult {
	row: OperationRow;
	kind: FaultKind;
	runStatus: string;
	failure?: string;
	/** Get Task: the item got the served video; List Tasks: every task was listed. */
	complete: boolean;
	faultedRequestSent: number;
	gapMs?: number;
}

export async function runOperationCell(row: OperationRow, kind: FaultKind): Promise<OperationCellResult> {
	const rig = await startRig();
	try {
		const key = row.provider === 'freepik' ? rig.sandbox.options.freepikKeys[0] : rig.sandbox.options.apimartKeys[0];
		const tasks = Array.from({ length: 3 }, (_, index) =>
			rig.sandbox.tasks.complete(
				rig.sandbox.tasks.create({
					provider: row.provider,
					family: row.provider === 'freepik' ? 'omni' : 'kling-v3-omni',
					tier: 'std',
					apiKey: key,
					request: { prompt: `task ${index} [sandbox:stuck]` },
				}).id,
			),
		);
		rig.sandbox.faults.inject({ endpoint: row.target, kind, ...(kind === '429-retry-after' ? { retryAfterSeconds: RETRY_AFTER_SECONDS } : {}) });
		const parameters: IDataObject =
			row.operation === 'getTask'
				? { authentication: row.provider, operation: 'getTask', taskId: tasks[0].id }
				: { authentication: row.provider, operation: 'listTasks', returnAll: true };
		const execution = await rig.run({ parameters });
		const failure = nodeError(execution.run);
		const items = outputItems(execution.run);
		const complete =
			row.operation === 'getTask'
				? items.length === 1 && hasServedVideo(items[0])
				: items.map((item) => item.json.taskId).sort().join() === tasks.map((task) => task.id).sort().join();
		const sent = rig.sandbox.log.byEndpoint(row.target);
		return {
			row,
			kind,
			runStatus: execution.run.status,
			failure: failure ? errorText(failure) : undefined,
			complete,
			faultedRequestSent: sent.length,
			gapMs: sent.length > 1 ? sent[1].at - sent[0].at : undefined,
		};
	} finally {
		await rig.close();
	}
}

export interface StrictCellResult {
	row: MatrixRow;
	runStatus: string;
	/** Message and description of the node's error. */
	errorText: string;
	/** Task ids the provider handed out to the node (creates answered normally). */
	knownTaskIds: string[];
}

/**
 * Without Continue On Fail, the fault on every request of the endpoint (a create: the first one,
 * after the provider made the task): the node fails, and its error must name every task the
 * provider handed out, so none is lost.
 */
export async function runStrictCell(row: MatrixRow): Promise<StrictCellResult> {
	const rig = await startRig(row.upload ? UPLOAD_SANDBOX : {});
	try {
		rig.sandbox.faults.inject(
			row.endpoint === 'create'
				? { endpoint: row.target, kind: '502', when: 'after' }
				: { endpoint: row.target, kind: '502', times: Infinity },
		);
		const parameters = { ...parametersFor(row), options: { maxWaitMinutes: 0.03 } };
		const execution = await rig.run({ type: row.node?.type, parameters, items: itemsFor(row) });
		const failure = nodeError(execution.run);
		const faultedPrompts = new Set(rig.sandbox.log.entries.filter((entry) => entry.fault && entry.endpoint === row.target).map(promptOf));
		return {
			row,
			runStatus: execution.run.status,
			errorText: failure ? errorText(failure) : '',
			knownTaskIds: rig.sandbox.tasks
				.all()
				.filter((task) => !(row.endpoint === 'create' && faultedPrompts.has(promptOf(task))))
				.map((task) => task.id),
		};
	} finally {
		await rig.close();
	}
}
