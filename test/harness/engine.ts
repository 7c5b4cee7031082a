import type {
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
	staticData?: Record<string, unknown>;
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

/** Runs a workflow that starts at a Manual Trigger in n8n-core's WorkflowExecute, as `n8n execute` does. */
export async function runWorkflow(workflowJson: WorkflowJson, options: EngineOptions = {}): Promise<IRun> {
	const pkg = loadPackage(options.source);
	const helper = new TestCredentialsHelper(pkg.credentialTypes, options.credentials ?? {});
	const workflow = new Workflow({
		id: workflowJson.id ?? 'test-workflow',
		name: workflowJson.name ?? 'test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes: pkg.nodeTypes,
		staticData: workflowJson.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const additionalData = createAdditionalData(
		helper,
		hooks,
		options.instanceBaseUrl ?? 'http://127.0.0.1:5678',
		executionId,
	);

	const trigger = workflowJson.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error('The workflow needs a Manual Trigger to start from');
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runData);
	return await execution.processRunExecutionData(workflow);
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
