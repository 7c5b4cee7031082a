import type {
	IDataObject,
	IRunExecutionData,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IConnections,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode, WorkflowExecute } from 'n8n-core';

import { type CredentialStore, TestCredentialsHelper } from './credentialsHelper';
import { loadPackage, type PackageSource } from './nodeTypes';

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	staticData?: IDataObject;
}

export interface EngineOptions {
	credentials?: CredentialStore;
	source?: PackageSource;
	/** Base of n8n's own URLs (resume URLs of waiting executions are built from it). */
	instanceBaseUrl?: string;
}

export function createAdditionalData(
	helper: TestCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	instanceBaseUrl: string,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	const base = instanceBaseUrl.replace(/\/$/, '');
	const notInTests = async () => {
		throw new Error('Not available in the test engine');
	};
	return {
		credentialsHelper: helper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		executeWorkflow: notInTests,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notInTests,
	} as unknown as IWorkflowExecuteAdditionalData;
}

let executionCounter = 0;

/** A run the engine finished or parked (status "waiting"), kept so a webhook can resume it. */
export interface Execution {
	id: string;
	workflow: Workflow;
	workflowJson: WorkflowJson;
	run: IRun;
	additionalData: IWorkflowExecuteAdditionalData;
}

/**
 * n8n's engine as `n8n execute` and the waiting-webhook layer drive it: runs workflows from a
 * Manual Trigger, keeps parked executions, resumes them from a webhook call (see
 * waitingWebhooks.ts) or when their wait time passes.
 */
export class Engine {
	readonly executions = new Map<string, Execution>();

	private readonly pkg: ReturnType<typeof loadPackage>;

	constructor(private readonly options: EngineOptions = {}) {
		this.pkg = loadPackage(options.source);
	}

	get nodeTypes() {
		return this.pkg.nodeTypes;
	}

	async run(workflowJson: WorkflowJson): Promise<Execution> {
		const workflow = this.createWorkflow(workflowJson);
		const id = String(++executionCounter);
		const additionalData = this.createAdditionalData(workflowJson, id);
		const trigger = workflowJson.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		if (!trigger) throw new Error('The workflow needs a Manual Trigger to start from');
		const runData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }],
			},
		});
		const run = await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
		const execution = { id, workflow, workflowJson, run, additionalData };
		this.executions.set(id, execution);
		return execution;
	}

	/** Runs a workflow from prepared execution data (a trigger's output, as n8n does for webhooks). */
	async runFrom(workflowJson: WorkflowJson, runData: IRunExecutionData): Promise<Execution> {
		const workflow = this.createWorkflow(workflowJson);
		const id = String(++executionCounter);
		const additionalData = this.createAdditionalData(workflowJson, id);
		const run = await new WorkflowExecute(additionalData, 'webhook', runData).processRunExecutionData(workflow);
		const execution = { id, workflow, workflowJson, run, additionalData };
		this.executions.set(id, execution);
		return execution;
	}

	/** Continues a parked execution the way n8n does once its wait time has passed. */
	async expireWait(executionId: string): Promise<Execution> {
		const execution = this.waiting(executionId);
		const runData = execution.run.data;
		return await this.continueExecution(execution, runData);
	}

	/** Continues a parked execution with data its resume webhook produced. */
	async continueExecution(execution: Execution, runData: IRunExecutionData): Promise<Execution> {
		const run = await new WorkflowExecute(execution.additionalData, 'manual', runData).processRunExecutionData(
			execution.workflow,
		);
		execution.run = run;
		return execution;
	}

	waiting(executionId: string): Execution {
		const execution = this.executions.get(executionId);
		if (!execution) throw new Error(`No execution ${executionId}`);
		if (execution.run.status !== 'waiting') throw new Error(`Execution ${executionId} is ${execution.run.status}, not waiting`);
		return execution;
	}

	createWorkflow(workflowJson: WorkflowJson): Workflow {
		return new Workflow({
			id: workflowJson.id ?? 'test-workflow',
			name: workflowJson.name ?? 'test',
			nodes: workflowJson.nodes,
			connections: workflowJson.connections,
			active: false,
			nodeTypes: this.pkg.nodeTypes,
			staticData: workflowJson.staticData ?? {},
			settings: { executionOrder: 'v1' },
		});
	}

	createAdditionalData(workflowJson: WorkflowJson, executionId: string): IWorkflowExecuteAdditionalData {
		const helper = new TestCredentialsHelper(this.pkg.credentialTypes, this.options.credentials ?? {});
		const hooks = new ExecutionLifecycleHooks('manual', executionId, {
			id: workflowJson.id ?? 'test-workflow',
			name: workflowJson.name ?? 'test',
			active: false,
			isArchived: false,
			nodes: workflowJson.nodes,
			connections: workflowJson.connections,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as never);
		return createAdditionalData(helper, hooks, this.options.instanceBaseUrl ?? 'http://127.0.0.1:5678', executionId);
	}
}

/** Runs a workflow that starts at a Manual Trigger in n8n-core's WorkflowExecute, as `n8n execute` does. */
export async function runWorkflow(workflowJson: WorkflowJson, options: EngineOptions = {}): Promise<IRun> {
	return (await new Engine(options).run(workflowJson)).run;
}

/** The output items of a node in a finished run (first run, first output unless told). */
export function nodeOutput(run: IRun, nodeName: string, outputIndex = 0): INodeExecutionData[] {
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	if (!taskData) throw new Error(`Node "${nodeName}" did not run`);
	if (taskData.error) throw taskData.error;
	return taskData.data?.main?.[outputIndex] ?? [];
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Tests a credential the way n8n's CredentialsTester does: its `test` request runs through the
 * engine's RoutingNode inside a temporary node, then the test's rules judge the answer.
 */
export async function testCredential(
	credentialType: string,
	data: ICredentialDataDecryptedObject,
	options: Pick<EngineOptions, 'source'> = {},
): Promise<CredentialTestResult> {
	const pkg = loadPackage(options.source);
	const type = pkg.credentialTypes.get(credentialType);
	if (!type?.test) throw new Error(`Credential type ${credentialType} has no test request`);
	const testRequest: ICredentialTestRequest = type.test;
	const helper = new TestCredentialsHelper(pkg.credentialTypes, { [credentialType]: data });
	const decrypted = helper.withDefaults(credentialType, data);

	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: 'test', name: 'test' } },
	};
	const tempNodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: testRequest.request } },
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => tempNodeType,
			getByNameAndVersion: () => tempNodeType,
			getKnownTypes: () => ({}),
		},
	});
	const mode: WorkflowExecuteMode = 'internal';
	const hooks = new ExecutionLifecycleHooks(mode, 'credential-test', { id: 'temp', nodes: [node] } as never);
	const additionalData = createAdditionalData(helper, hooks, 'http://127.0.0.1:5678', 'credential-test');
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, tempNodeType, {
		id: 'test',
		name: 'test',
		type: credentialType,
		data: decrypted,
	});

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === cause.response.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return {
				status: 'Error',
				message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}`,
			};
		}
		return { status: 'Error', message: cause?.code ?? (error as Error).message };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && valueAtPath(response?.[0]?.[0]?.json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function valueAtPath(value: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], value);
}
