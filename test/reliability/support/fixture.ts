import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { Engine, type Execution } from '../../harness/engine';
import { N8nStandIn } from '../../harness/waitingWebhooks';
import { workflowWith } from '../../harness/workflows';
import { FIXTURE_VIDEO_PATH, type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox';
import { SECRETS } from './secrets';

export type Provider = 'freepik' | 'apimart';
export type NodeType = 'klingOmni' | 'klingOmniReference' | 'kling3' | 'klingMotionControl';
export const NODE_NAME = 'Kling';
export const NODE_TYPES: NodeType[] = ['klingOmni', 'klingOmniReference', 'kling3', 'klingMotionControl'];
export const PROVIDERS: Provider[] = ['freepik', 'apimart'];

export interface CredentialOverrides {
	freepikKey?: string;
	apimartKey?: string;
	/** '' for a Freepik credential without webhook secret. */
	webhookSecret?: string;
}

/** Credentials as a user stores them, pointing at the sandbox, with the reliability secrets. */
export function credentialsFor(sandbox: Sandbox, overrides: CredentialOverrides = {}) {
	const webhookSecret = overrides.webhookSecret ?? SECRETS.webhookSecret;
	return {
		freepikApi: {
			apiKey: overrides.freepikKey ?? SECRETS.freepikKey,
			host: 'custom',
			customBaseUrl: sandbox.url,
			...(webhookSecret ? { webhookSecret } : {}),
		},
		apimartApi: { apiKey: overrides.apimartKey ?? SECRETS.apimartKey, baseUrl: sandbox.url },
	};
}

export function sandboxOptions(options: SandboxOptions = {}): SandboxOptions {
	return {
		timeScale: 0.01,
		freepikKeys: [SECRETS.freepikKey],
		apimartKeys: [SECRETS.apimartKey],
		webhookSecret: SECRETS.webhookSecret,
		...options,
	};
}

export interface RunRequest {
	type?: NodeType;
	parameters: IDataObject;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
}

/** A sandbox with the reliability keys and an n8n engine whose credentials point at it. */
export interface Rig {
	sandbox: Sandbox;
	engine: Engine;
	run(request: RunRequest): Promise<Execution>;
	close(): Promise<void>;
}

export async function startRig(options: SandboxOptions = {}, credentials: CredentialOverrides = {}): Promise<Rig> {
	const sandbox = await startSandbox(sandboxOptions(options));
	const engine = new Engine({ credentials: credentialsFor(sandbox, credentials) });
	return {
		sandbox,
		engine,
		run: async ({ type = 'klingOmni', parameters, items, continueOnFail }) => {
			const execution = await engine.run(workflowWith({ type, parameters: parameters as never, continueOnFail }, items));
			return execution;
		},
		close: async () => await sandbox.close(),
	};
}

/** A sandbox plus an n8n stand-in that serves resume URLs (Wait for Webhook) and trigger URLs. */
export interface WebhookRig {
	sandbox: Sandbox;
	n8n: N8nStandIn;
	run(request: RunRequest): Promise<Execution>;
	close(): Promise<void>;
}

export async function startWebhookRig(options: SandboxOptions = {}, credentials: CredentialOverrides = {}): Promise<WebhookRig> {
	const sandbox = await startSandbox(sandboxOptions({ timeScale: 0.05, webhookDelayMs: 50, ...options }));
	const n8n = await N8nStandIn.start({ credentials: credentialsFor(sandbox, credentials) });
	return {
		sandbox,
		n8n,
		run: async ({ type = 'klingOmni', parameters, items, continueOnFail }) =>
			await n8n.engine.run(workflowWith({ type, parameters: parameters as never, continueOnFail }, items)),
		close: async () => {
			await sandbox.close();
			await n8n.close();
		},
	};
}

// ---- reading a run

export interface NodeFailure {
	name?: string;
	message: string;
	description?: string | null;
	httpCode?: string | null;
}

export function nodeError(run: IRun): NodeFailure | undefined {
	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	return (taskData?.error ?? run.data.resultData.error) as NodeFailure | undefined;
}

export function errorText(error: NodeFailure | undefined): string {
	return error ? [error.message, error.description ?? ''].join('\n') : '';
}

export function outputItems(run: IRun): INodeExecutionData[] {
	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	return taskData?.data?.main?.[0] ?? [];
}

const FIXTURE_SHA = createHash('sha256').update(readFileSync(FIXTURE_VIDEO_PATH)).digest('hex');

/** The video bytes of an item, when they are exactly the video the provider served. */
export function hasServedVideo(item: INodeExecutionData, property = 'data'): boolean {
	const binary = item.binary?.[property];
	if (!binary?.data) return false;
	const bytes = Buffer.from(binary.data, 'base64');
	return createHash('sha256').update(bytes).digest('hex') === FIXTURE_SHA;
}

export interface ItemOutcome {
	index: number;
	taskId?: string;
	status?: string;
	error?: string;
	/** The item's whole json as text: the error and whatever the node says with it. */
	text: string;
	video: boolean;
	/** A binary is there but it is not the served video (a corrupted download). */
	corruptVideo: boolean;
}

export function itemOutcomes(run: IRun): ItemOutcome[] {
	return outputItems(run).map((item, position) => {
		const index = (item.pairedItem as { item?: number } | undefined)?.item ?? position;
		const video = hasServedVideo(item);
		return {
			index,
			taskId: typeof item.json.taskId === 'string' ? item.json.taskId : undefined,
			status: typeof item.json.status === 'string' ? item.json.status : undefined,
			error: typeof item.json.error === 'string' ? item.json.error : undefined,
			text: JSON.stringify(item.json),
			video,
			corruptVideo: !video && item.binary?.data !== undefined,
		};
	});
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor<T>(read: () => T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (let attempt = 0; attempt < 1_000_000; attempt++) {
		const value = read();
		if (value) return value;
		if (Date.now() > deadline) break;
		await sleep(5);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
