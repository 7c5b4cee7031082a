import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeType, IRunExecutionData, IWebhookData, IWebhookResponseData } from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';
import { WebhookContext } from 'n8n-core';

import { Engine, type EngineOptions, type Execution, type WorkflowJson } from './engine';
import { loadPackage } from './nodeTypes';

export interface StandInOptions extends Omit<EngineOptions, 'instanceBaseUrl'> {
	/**
	 * How many `n8n webhook` processes serve the resume URLs, in turn (round-robin): each has its
	 * own copy of the package's modules, so nothing held in a module is shared between them.
	 */
	webhookProcesses?: number;
	/**
	 * When n8n refuses a second resumer. 'atomic' (n8n 2.x): the status moves from waiting to
	 * running in one conditional update, so a second webhook that returns results resumes
	 * nothing. 'on-arrival' (n8n 1.x): only the status read when the call arrives is checked;
	 * two calls that arrived while it was waiting both resume (counted; the second is not run).
	 */
	resumeCheck?: 'atomic' | 'on-arrival';
}

export interface ResumeRecord {
	executionId: string;
	status: number;
	resumed: boolean;
	body: string;
	/** Which webhook process handled the call (0 when there is one). */
	process?: number;
}

/**
 * The part of an n8n server that parked executions need: `POST /webhook-waiting/:id/:suffix`
 * runs the waiting node's restart webhook with the execution's data, as n8n's WaitingWebhooks
 * and WebhookHelpers do, and continues the execution when the webhook returns workflow data.
 */
export class N8nStandIn {
	readonly resumes: ResumeRecord[] = [];

	private readonly active: ActiveWorkflow[] = [];

	private readonly resuming = new Set<string>();

	private readonly listeners: Array<(execution: Execution) => void> = [];

	/** Calls still being handled (their webhook, and the execution it starts or resumes). */
	private readonly inFlight = new Set<Promise<void>>();

	/** Node types of each webhook process after the first (the engine's own). */
	private readonly processes: Array<Engine['nodeTypes']> = [];

	private calls = 0;

	private constructor(
		readonly engine: Engine,
		readonly url: string,
		private readonly server: Server,
		private readonly options: StandInOptions = {},
	) {
		for (let index = 1; index < (options.webhookProcesses ?? 1); index++) {
			jest.isolateModules(() => this.processes.push(loadPackage(options.source).nodeTypes));
		}
	}

	static async start(options: StandInOptions = {}): Promise<N8nStandIn> {
		let standIn: N8nStandIn | undefined;
		const server = createServer((request, response) => {
			const handling = standIn!.handle(request, response).catch((error: Error) => {
				if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ error: error.message }));
			});
			standIn!.inFlight.add(handling);
			void handling.finally(() => standIn!.inFlight.delete(handling));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		standIn = new N8nStandIn(new Engine({ ...options, instanceBaseUrl: url }), url, server, options);
		return standIn;
	}

	async close(): Promise<void> {
		const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
		// Idle keep-alive connections would hold the server (and jest) open.
		this.server.closeAllConnections();
		await closing;
	}

	/**
	 * Resolves once every call received so far has been handled to the end, the executions they
	 * started or resumed included: what a test waits for before saying "nothing else started".
	 */
	async idle(timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (let round = 0; round < 1000 && this.inFlight.size > 0; round++) {
			if (Date.now() > deadline) throw new Error(`n8n stand-in still handling ${this.inFlight.size} call(s) after ${timeoutMs} ms`);
			await Promise.race([Promise.all([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, 100))]);
		}
	}

	/** Resolves when the execution has left the waiting state (or after `timeoutMs`). */
	async finished(executionId: string, timeoutMs = 20_000): Promise<Execution> {
		const current = this.engine.executions.get(executionId);
		if (current && current.run.status !== 'waiting') return current;
		return await new Promise<Execution>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`Execution ${executionId} still waiting after ${timeoutMs} ms`)), timeoutMs);
			this.listeners.push((execution) => {
				if (execution.id !== executionId || execution.run.status === 'waiting') return;
				clearTimeout(timer);
				resolve(execution);
			});
		});
	}

	/**
	 * Activates a workflow that starts with a webhook trigger: its production URL is
	 * `${url}/webhook/<path>`, and each call that returns workflow data starts an execution.
	 */
	activate(workflowJson: WorkflowJson): ActiveWorkflow {
		const active: ActiveWorkflow = { workflowJson, staticData: {}, executions: [], responses: [] };
		// n8n lets one active workflow own a webhook path: the newest activation takes it over.
		this.active.unshift(active);
		return active;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const rawBody = await readBody(request);
		if ((request.url ?? '').startsWith('/webhook/')) {
			await this.handleProductionWebhook(request, response, rawBody);
			return;
		}
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const match = /^\/webhook-waiting\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
		if (!match || request.method !== 'POST') {
			response.writeHead(404).end();
			return;
		}
		const executionId = match[1];
		// n8n 2.x: the resume URL carries a token, `?signature=<token>`, and a suffix appended to
		// the URL lands after it (`<token>/<suffix>`); the token must match the execution's.
		const [token, suffixInQuery] = (url.searchParams.get('signature') ?? '').split(/\/(.*)/s);
		const suffix = match[2] ?? suffixInQuery ?? '';
		const execution = this.engine.executions.get(executionId);
		const expectedToken = (execution?.run.data as { resumeToken?: string } | undefined)?.resumeToken;
		if (expectedToken && token !== expectedToken) {
			response.writeHead(401, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ error: 'Invalid token' }));
			return;
		}
		if (!execution || execution.run.status !== 'waiting' || this.resuming.has(executionId)) {
			response.writeHead(409, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ message: `The execution "${executionId}" is not waiting` }));
			return;
		}
		// n8n reads the execution from its database for every call: a copy keeps calls independent.
		const runData = JSON.parse(JSON.stringify(execution.run.data)) as IRunExecutionData;
		const nodeName = runData.resultData.lastNodeExecuted!;
		// As n8n's WaitingWebhooks: the parked node's own run is removed before its webhook runs.
		runData.resultData.runData[nodeName].pop();
		const node = execution.workflow.getNode(nodeName)!;
		const process = this.calls++ % (this.processes.length + 1);
		const nodeTypes = process === 0 ? this.engine.nodeTypes : this.processes[process - 1];
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
		const description = nodeType.description.webhooks?.find(
			(webhook) =>
				webhook.restartWebhook === true &&
				webhook.httpMethod === 'POST' &&
				execution.workflow.expression.getSimpleParameterValue(node, webhook.path, 'manual', {}) === suffix,
		);
		if (!description || !nodeType.webhook) {
			response.writeHead(404).end();
			return;
		}
		const additionalData = this.engine.createAdditionalData(execution.workflowJson, executionId);
		const responseProxy = new ExpressLikeResponse(response);
		Object.assign(additionalData, {
			httpRequest: expressLikeRequest(request, rawBody),
			httpResponse: responseProxy,
			// As n8n's: the execution as its database holds it now (a resumed one is no longer waiting).
			getRunExecutionData: async (id: string) => {
				const current = this.engine.executions.get(id);
				if (!current) return undefined;
				const data = JSON.parse(JSON.stringify(current.run.data)) as IRunExecutionData;
				if (this.resuming.has(id)) data.waitTill = undefined;
				return data;
			},
		});
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: nodeName,
			path: suffix,
			webhookDescription: description,
			workflowId: execution.workflow.id,
			workflowExecuteAdditionalData: additionalData,
		};
		const context = new WebhookContext(execution.workflow, node, additionalData, 'webhook', webhookData, [], runData);
		const result: IWebhookResponseData = await nodeType.webhook.call(context);
		if (!result.noWebhookResponse && !response.headersSent) {
			responseProxy.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
		}
		const alreadyResuming = this.resuming.has(executionId) || this.engine.executions.get(executionId)?.run.status !== 'waiting';
		const resumed = result.workflowData !== undefined && (!alreadyResuming || this.options.resumeCheck === 'on-arrival');
		this.resumes.push({ executionId, status: response.statusCode, resumed, body: rawBody.toString('utf8'), process });
		// n8n 1.x would run the execution a second time: counted above, not run twice here.
		if (!resumed || alreadyResuming) return;
		// From here n8n marks the execution running: further calls are refused with 409.
		this.resuming.add(executionId);

		const stackEntry = runData.executionData!.nodeExecutionStack[0];
		stackEntry.data.main = result.workflowData!;
		stackEntry.node.disabled = true;
		runData.waitTill = undefined;
		const continued = await this.engine.continueExecution(execution, runData);
		this.resuming.delete(executionId);
		for (const listener of this.listeners) listener(continued);
	}

	/** As n8n's LiveWebhooks: find the trigger by path, run its webhook, start an execution with its data. */
	private async handleProductionWebhook(request: IncomingMessage, response: ServerResponse, rawBody: Buffer): Promise<void> {
		const path = (request.url ?? '').slice('/webhook/'.length).split('?')[0];
		for (const active of this.active) {
			// n8n loads the workflow with its saved static data for every call, and saves it after.
			const workflowJson = { ...active.workflowJson, staticData: JSON.parse(JSON.stringify(active.staticData)) as IDataObject };
			const workflow = this.engine.createWorkflow(workflowJson);
			for (const node of Object.values(workflow.nodes)) {
				const nodeType = this.engine.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
				const description = nodeType.description.webhooks?.find(
					(webhook) => !webhook.restartWebhook && webhook.httpMethod === request.method && webhook.path === path,
				);
				if (!description || !nodeType.webhook) continue;
				const additionalData = this.engine.createAdditionalData(workflowJson, 'webhook');
				const responseProxy = new ExpressLikeResponse(response);
				Object.assign(additionalData, { httpRequest: expressLikeRequest(request, rawBody), httpResponse: responseProxy });
				const webhookData: IWebhookData = {
					httpMethod: request.method as 'POST',
					node: node.name,
					path,
					webhookDescription: description,
					workflowId: workflow.id,
					workflowExecuteAdditionalData: additionalData,
				};
				const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
				const result: IWebhookResponseData = await nodeType.webhook.call(context);
				active.staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
				if (!result.noWebhookResponse && !response.headersSent) {
					responseProxy.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
				}
				active.responses.push({ status: response.statusCode, body: rawBody.toString('utf8') });
				if (result.workflowData) {
					const runData = createRunExecutionData({
						executionData: { nodeExecutionStack: [{ node, data: { main: result.workflowData }, source: null }] },
					});
					active.executions.push(await this.engine.runFrom(workflowJson, runData));
				}
				return;
			}
		}
		response.writeHead(404, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ message: `The requested webhook "POST ${path}" is not registered.` }));
	}
}

export interface ActiveWorkflow {
	workflowJson: WorkflowJson;
	/** What n8n persists between calls (the trigger's memory of seen deliveries lives here). */
	staticData: IDataObject;
	executions: Execution[];
	responses: Array<{ status: number; body: string }>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function expressLikeRequest(request: IncomingMessage, rawBody: Buffer) {
	let body: unknown = {};
	try {
		body = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : {};
	} catch {
		body = {};
	}
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	return {
		method: request.method,
		url: request.url,
		headers: request.headers,
		query: Object.fromEntries(url.searchParams),
		params: {},
		body,
		rawBody,
	};
}

class ExpressLikeResponse {
	constructor(private readonly response: ServerResponse) {}

	get headersSent(): boolean {
		return this.response.headersSent;
	}

	status(code: number): this {
		this.response.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		this.response.setHeader('content-type', 'application/json');
		this.response.end(JSON.stringify(body));
		return this;
	}

	end(body?: string): this {
		this.response.end(body);
		return this;
	}
}
