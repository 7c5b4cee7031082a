import type { IBinaryData, IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { Engine, type Execution, nodeOutput } from '../../harness/engine';
import { N8nStandIn, type StandInOptions } from '../../harness/waitingWebhooks';
import { workflowWith } from '../../harness/workflows';
import {
	DEFAULT_APIMART_KEY,
	DEFAULT_FREEPIK_KEY,
	type RequestLogEntry,
	type Sandbox,
	type SandboxOptions,
	startSandbox,
} from '../../sandbox';

export const NODE = 'Kling';
export const FREEPIK = { authentication: 'freepik', operation: 'generate' } as const;
export const APIMART = { authentication: 'apimart', operation: 'generate' } as const;

export interface CredentialExtras {
	webhookSecret?: string;
}

export function credentialsFor(sandbox: Sandbox, extras: CredentialExtras = {}) {
	return {
		freepikApi: {
			apiKey: DEFAULT_FREEPIK_KEY,
			host: 'custom',
			customBaseUrl: sandbox.url,
			...(extras.webhookSecret ? { webhookSecret: extras.webhookSecret } : {}),
		},
		apimartApi: { apiKey: DEFAULT_APIMART_KEY, baseUrl: sandbox.url },
	};
}

/** A sandbox and an engine whose credentials point at it. */
export interface Fixture {
	sandbox: Sandbox;
	engine: Engine;
	run(parameters: IDataObject, items?: INodeExecutionData[], continueOnFail?: boolean): Promise<Execution>;
	close(): Promise<void>;
}

export async function startFixture(options: SandboxOptions = {}, extras: CredentialExtras = {}): Promise<Fixture> {
	const sandbox = await startSandbox({ timeScale: 0.01, ...options });
	const engine = new Engine({ credentials: credentialsFor(sandbox, extras) });
	return {
		sandbox,
		engine,
		run: async (parameters, items, continueOnFail) =>
			await engine.run(workflowWith({ type: 'klingOmni', parameters: parameters as never, continueOnFail }, items)),
		close: async () => await sandbox.close(),
	};
}

export interface NodeFailure {
	name?: string;
	message: string;
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
}

/** The error the Kling node failed with, or undefined when it succeeded. */
export function nodeError(run: IRun): NodeFailure | undefined {
	const taskData = run.data.resultData.runData[NODE]?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as NodeFailure | undefined;
	return error;
}

/** Everything the error says: message, then description. */
export function errorText(error: NodeFailure | undefined): string {
	if (!error) return '';
	return [error.message, error.description ?? ''].join('\n');
}

export function output(run: IRun): INodeExecutionData[] {
	return nodeOutput(run, NODE);
}

export function expectSuccess(run: IRun): INodeExecutionData[] {
	const error = nodeError(run);
	if (error) throw new Error(`The node failed: ${errorText(error)}`);
	return output(run);
}

export const CREATE_ENDPOINT = ['freepik.omni.create', 'apimart.create'] as const;

export function createEntries(sandbox: Sandbox): RequestLogEntry[] {
	return sandbox.log.byEndpoint([...CREATE_ENDPOINT]);
}

/** The one create request the run sent (fails when there is not exactly one). */
export function onlyCreate(sandbox: Sandbox): RequestLogEntry {
	const entries = createEntries(sandbox);
	if (entries.length !== 1) throw new Error(`Expected exactly one create request, got ${entries.length}`);
	return entries[0];
}

export function bytesOf(binary: IBinaryData): Buffer {
	return Buffer.from(binary.data, 'base64');
}

/** True when the bytes start with an ISO-BMFF `ftyp` box, as every MP4 does. */
export function isMp4(bytes: Buffer): boolean {
	return bytes.length >= 12 && bytes.subarray(4, 8).toString('latin1') === 'ftyp' && bytes.readUInt32BE(0) >= 8;
}

export function prompt(length: number, fill = 'a'): string {
	return fill.repeat(length);
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

/** Webhook tests: a sandbox plus an n8n stand-in that serves the resume URLs of parked executions. */
export interface WebhookFixture {
	sandbox: Sandbox;
	n8n: N8nStandIn;
	run(parameters: IDataObject, items?: INodeExecutionData[], continueOnFail?: boolean): Promise<Execution>;
	close(): Promise<void>;
}

export async function startWebhookFixture(
	options: SandboxOptions = {},
	extras: CredentialExtras = {},
	standIn: Omit<StandInOptions, 'credentials'> = {},
): Promise<WebhookFixture> {
	const sandbox = await startSandbox({ timeScale: 0.05, webhookDelayMs: 100, ...options });
	const n8n = await N8nStandIn.start({ ...standIn, credentials: credentialsFor(sandbox, extras) });
	return {
		sandbox,
		n8n,
		run: async (parameters, items, continueOnFail) =>
			await n8n.engine.run(workflowWith({ type: 'klingOmni', parameters: parameters as never, continueOnFail }, items)),
		close: async () => {
			await sandbox.close();
			await n8n.close();
		},
	};
}
