import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkUploadable, downloadVideo } from './binary';
import { qualityParameterFor } from './descriptions/fields';
import { Limiter, mapWithConcurrency } from './limiter';
import { MODEL_PARAMETER, modelOptionsFor, rowsFor } from './models';
import { providerNamed } from './providers';
import { asNodeError, errorItem, taskJson } from './output';
import { ItemParameters } from './parameters';
import { type Family, isTerminal, type ModelRow, type Provider, type Task } from './providers/types';
import type { GenerationRequest, ItemRun } from './runs';
import { checkBody, describeViolations, type Violation } from './schemas';
import { type GenerateSettings, POLL_INTERVAL, readGenerateSettings } from './settings';
import { CreateGate, recoverCreate } from './recovery';
import { callProvider, type Connection, knownMark, markUnknownOutcome, openConnection, rememberTasks, unknownCreateOutcome } from './transport';
import { pollUntilSettled } from './wait/poll';
import type { TrackedTask } from './wait/tracked';
import { lookBeforeParking, parkForWebhook } from './wait/webhook';

const CREATE_CONCURRENCY = 5;
const DOWNLOAD_CONCURRENCY = 3;

/**
 * Generate Video for every item of the execution together: validate all, upload inputs, create
 * the tasks under the key's budget, wait for them in one loop (or park for the webhook), then
 * stream the videos into binary data. An accepted task's id always reaches the output or the
 * error, whatever fails around it.
 */
export async function executeGenerate(this: IExecuteFunctions, family: Family): Promise<INodeExecutionData[][]> {
	const settings = readGenerateSettings(this);
	const runs: ItemRun[] = this.getInputData().map((_, itemIndex) => ({ itemIndex }));

	for (const run of runs) await prepare(this, family, settings, run);
	const invalid = runs.find((run) => run.error);
	if (invalid?.error && !this.continueOnFail()) throw invalid.error;

	const connection = await openConnection(this, settings.provider, settings.requestsPerMinute);
	const callbackField = settings.provider.callbacks?.urlField;
	if (settings.waitMode === 'webhook' && callbackField) {
		for (const run of runs) {
			if (run.request) run.request.body[callbackField] = webhookResumeUrl(this);
		}
	}
	const gate = new CreateGate();
	await mapWithConcurrency(
		runs.filter((run) => run.request && !run.error),
		CREATE_CONCURRENCY,
		async (run) => await submit(this, connection, gate, run),
	);

	if (settings.waitMode === 'none') return [collectOutput(this, runs)];
	const finished = await waitAndDownload(this, connection, runs, settings);
	if (!finished) return await parkForWebhook(this, connection, runs, settings);
	return [collectOutput(this, runs, settings.binaryPropertyName)];
}

async function prepare(context: IExecuteFunctions, family: Family, settings: GenerateSettings, run: ItemRun): Promise<void> {
	try {
		const params = new ItemParameters(context, run.itemIndex);
		const { row, problem } = selectRow(params, family, settings.provider);
		const body = row.map(params, row);
		const problems: Violation[] = [...(problem ? [problem] : []), ...params.problems, ...checkBody(row.schema, body)];
		for (const upload of params.uploads) {
			const uploadProblem = await checkUploadable(context, settings.provider, upload, run.itemIndex);
			if (uploadProblem) problems.push({ field: upload.field, message: uploadProblem });
		}
		const callbackField = settings.provider.callbacks?.urlField;
		if (settings.waitMode === 'webhook' && callbackField && body[callbackField] !== undefined) {
			problems.push({
				field: 'Options › Webhook URL',
				message: 'Wait for Webhook sends this execution\'s resume URL as the webhook: leave Webhook URL empty, or wait by polling',
			});
		}
		if (problems.length > 0) throw invalidInput(context, run.itemIndex, problems);
		run.request = { row, body, uploads: params.uploads };
	} catch (error) {
		run.error = asNodeError(context, error, run.itemIndex);
	}
}

/**
 * The model row the item's Model (where the family has several) and Quality pick; where a model
 * has a row per input mode, the item's Start Frame picks it. An unknown model or tier is a problem
 * of its own; a row still maps the body so that every other problem is reported with it.
 */
function selectRow(params: ItemParameters, family: Family, provider: Provider): { row: ModelRow; problem?: Violation } {
	let rows = rowsFor(family, provider.name);
	const models = modelOptionsFor(family, provider.name);
	if (models.length > 0) {
		const model = params.raw(MODEL_PARAMETER, models[0].value);
		const ofModel = rows.filter((candidate) => candidate.modelOption?.value === model);
		if (ofModel.length === 0) {
			const allowed = models.map((option) => JSON.stringify(option.value)).join(', ');
			return { row: rows[0], problem: { field: 'Model', message: `${JSON.stringify(model) ?? String(model)} is not one of ${allowed}` } };
		}
		rows = ofModel;
	}
	const quality = qualityParameterFor(provider, params.nodeVersion);
	const tier = params.raw(quality.name, rows[0].tier);
	const ofTier = rows.filter((candidate) => candidate.tier === tier);
	if (ofTier.length === 0) {
		const allowed = [...new Set(rows.map((candidate) => JSON.stringify(candidate.tier)))].join(', ');
		return {
			row: rows[0],
			problem: { field: quality.displayName, message: `${JSON.stringify(tier) ?? String(tier)} is not one of ${allowed}` },
		};
	}
	const startFrame = params.raw('startImage', '');
	const inputMode = typeof startFrame === 'string' && startFrame.trim() !== '' ? 'image' : 'text';
	return { row: ofTier.find((candidate) => candidate.inputMode === inputMode) ?? ofTier[0] };
}

export function invalidInput(context: IExecuteFunctions, itemIndex: number, problems: Violation[]): NodeOperationError {
	const text = describeViolations(problems);
	return new NodeOperationError(
		context.getNode(),
		`Invalid input in item ${itemIndex}: ${text.split('\n').join('; ')}`,
		{
			itemIndex,
			description: `Nothing was sent to the provider for this item.\n${text}`,
		},
	);
}

async function submit(context: IExecuteFunctions, connection: Connection, gate: CreateGate, run: ItemRun): Promise<void> {
	const request = run.request as GenerationRequest;
	const { provider } = connection;
	try {
		for (const upload of request.uploads) {
			const url = await provider.upload(context, connection, upload, run.itemIndex, { itemIndex: run.itemIndex });
			setAtPath(request.body, upload.path, url);
		}
		const sent = { at: Date.now(), mark: knownMark(), prompt: textOf(request.body.prompt), itemIndex: run.itemIndex };
		let task: Task | undefined;
		try {
			task = await gate.send(async () => {
				Object.assign(sent, { at: Date.now(), mark: knownMark() });
				const answer = await callProvider(
					context,
					connection,
					{ method: 'POST', url: request.row.endpoints.create, body: request.body },
					{ policy: 'create', itemIndex: run.itemIndex },
				);
				const created = provider.parseCreated(answer, request.row.model);
				// Known before the gate lets a recovery look at the task list.
				if (created) rememberTasks(connection, [created.taskId]);
				if (created) return created;
				const message = `${provider.label} accepted the request but its answer names no task id`;
				throw markUnknownOutcome(
					new NodeApiError(context.getNode(), { message } as JsonObject, { message, itemIndex: run.itemIndex }),
					typeof answer === 'string' ? answer : JSON.stringify(answer ?? ''),
				);
			});
		} catch (error) {
			if (!unknownCreateOutcome(error)) throw asNodeError(context, error, run.itemIndex);
			task = await gate.recover(async () => await recoverCreate(context, connection, request.row, error as NodeApiError, sent));
		}
		rememberTasks(connection, [task.taskId]);
		// Its age counts from the answer: a create may wait long for the key's budget before it is sent.
		run.tracked = { itemIndex: run.itemIndex, row: request.row, task, submittedAt: Date.now() };
	} catch (error) {
		run.error = asNodeError(context, error, run.itemIndex);
	}
}

function textOf(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/**
 * Polls until every task is finished (poll mode), or looks once (webhook mode: tasks that
 * finished before the execution could park would have their callback refused as "running").
 * Downloads start as each task finishes. Returns false when webhook mode must park.
 */
async function waitAndDownload(
	context: IExecuteFunctions,
	connection: Connection,
	runs: ItemRun[],
	settings: GenerateSettings,
): Promise<boolean> {
	const tracked = runs.flatMap((run) => (run.tracked ? [run.tracked] : []));
	const downloads = new Limiter(DOWNLOAD_CONCURRENCY);
	const pollOptions = {
		callOptions: {},
		onSettled: (entry: TrackedTask) => {
			const run = runs[entry.itemIndex];
			if (settings.downloadVideo && entry.task.state === 'succeeded') {
				run.download = downloads.run(async () => await downloadInto(context, run, settings, connection.baseUrl));
			}
		},
	};
	if (settings.waitMode === 'webhook') {
		await lookBeforeParking(context, connection, tracked, pollOptions.onSettled);
		if (tracked.some((entry) => !isTerminal(entry.task.state))) return false;
	} else {
		await pollUntilSettled(context, connection, tracked, {
			...pollOptions,
			deadline: Date.now() + settings.maxWaitMs,
			minIntervalMs: POLL_INTERVAL.minMs,
			maxIntervalMs: settings.maxPollIntervalMs,
		});
	}
	await Promise.all(runs.map(async (run) => await run.download));
	for (const run of runs) {
		if (run.tracked && !run.error) run.error = taskFailure(context, run.tracked, settings);
	}
	return true;
}

export async function downloadInto(
	context: IExecuteFunctions,
	run: ItemRun,
	settings: Pick<GenerateSettings, 'maxVideoBytes'>,
	trustedBaseUrl: string,
): Promise<void> {
	const task = run.tracked!.task;
	const url = task.videoUrls[0];
	if (!url) return;
	try {
		run.binary = await downloadVideo(context, url, {
			maxBytes: settings.maxVideoBytes,
			fileName: `${task.model}-${task.taskId}.mp4`,
			trustedBaseUrl,
		});
	} catch (error) {
		run.error = new NodeOperationError(
			context.getNode(),
			`Task ${task.taskId} finished but its video could not be downloaded: ${(error as Error).message}`,
			{ itemIndex: run.itemIndex, description: `Video URL (valid for about 24 h): ${url}` },
		);
	}
}

/** Failed, or still unfinished at the deadline: an error that keeps the task id. */
export function taskFailure(
	context: IExecuteFunctions,
	tracked: TrackedTask,
	settings: Pick<GenerateSettings, 'maxWaitMs'>,
): NodeApiError | NodeOperationError | undefined {
	const { task } = tracked;
	const { label } = providerNamed(tracked.row.provider);
	if (task.state === 'failed') {
		const message = `${label} task ${task.taskId} ${task.status.toLowerCase()}: ${task.error ?? 'no reason given'}`;
		return new NodeApiError(context.getNode(), { message, taskId: task.taskId, status: task.status } as JsonObject, {
			message,
			itemIndex: tracked.itemIndex,
		});
	}
	if (task.state !== 'succeeded') {
		const minutes = Math.round((settings.maxWaitMs / 60_000) * 100) / 100;
		return new NodeOperationError(
			context.getNode(),
			`Max wait of ${minutes} min reached: ${label} task ${task.taskId} is still ${task.status}`,
			{
				itemIndex: tracked.itemIndex,
				description: `The task keeps running at ${label}. Fetch it later with the Get Task operation (task id ${task.taskId}), or raise Options › Max Wait.${
					tracked.lastPollError ? `\nLast poll error: ${tracked.lastPollError}` : ''
				}`,
			},
		);
	}
	return undefined;
}

export function collectOutput(context: IExecuteFunctions, runs: ItemRun[], binaryPropertyName?: string): INodeExecutionData[] {
	const failed = runs.find((run) => run.error);
	if (failed?.error && !context.continueOnFail()) {
		throw withBatchSummary(failed.error, runs);
	}
	return runs.map((run) => {
		const json: IDataObject = run.tracked ? taskJson(run.tracked) : {};
		if (run.error) {
			const { description } = run.error;
			return errorItem(run.itemIndex, run.error.message, { ...json, ...(description ? { errorDescription: description } : {}) });
		}
		return {
			json,
			...(run.binary && binaryPropertyName ? { binary: { [binaryPropertyName]: run.binary } } : {}),
			pairedItem: { item: run.itemIndex },
		};
	});
}


/** The node fails for one item, but the tasks of the others were paid for: name them all. */
function withBatchSummary<E extends NodeApiError | NodeOperationError>(error: E, runs: ItemRun[]): E {
	const created = runs.filter((run) => run.tracked);
	if (created.length === 0) return error;
	const lines = created.map(
		(run) => `item ${run.itemIndex}: task ${run.tracked!.task.taskId} ${run.tracked!.task.status}${run.tracked!.task.videoUrls[0] ? ` ${run.tracked!.task.videoUrls[0]}` : ''}`,
	);
	error.description = [error.description, 'Tasks created in this execution:', ...lines].filter(Boolean).join('\n');
	return error;
}

/**
 * `{resumeUrl}/{nodeId}`, concatenated as n8n's own nodes do: n8n 2.x puts a resume token in the
 * resume URL's query and reads a suffix appended after it (`?signature=<token>/<nodeId>`); n8n 1.x
 * has no query, so the suffix is a path segment.
 */
function webhookResumeUrl(context: IExecuteFunctions): string {
	return `${String(context.evaluateExpression('{{ $execution.resumeUrl }}', 0))}/${context.getNode().id}`;
}

/** Sets `value` at a body path like `elements[0].reference_image_urls[1]`. */
export function setAtPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
	let cursor = target as Record<string, unknown>;
	for (const key of keys.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
	cursor[keys[keys.length - 1]] = value;
}
