import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nRuntime } from './install';
import { say } from './log';
import { freePort } from './net';
import { startProcess, type ManagedProcess } from './processes';
import { GiveUp, waitFor } from './wait';

/** A real n8n process (`n8n start` or `n8n worker`) on 127.0.0.1 with its own user folder. */
export interface InstanceOptions {
	name: string;
	userFolder: string;
	/** Folder the Read/Write Files node may use (N8N_RESTRICT_FILE_ACCESS_TO). */
	filesFolder: string;
	queue?: { redisPort: number };
	/** Postgres instead of SQLite (n8n supports only Postgres for queue mode with several processes). */
	postgres?: { port: number; database: string; user: string; password: string };
	/** The public base URL of webhooks (resume URLs, production webhooks); default: the instance's own. */
	webhookUrl?: string;
	/** N8N_DISABLE_PRODUCTION_MAIN_PROCESS: production and waiting webhooks only on `n8n webhook` processes. */
	mainWebhooksOff?: boolean;
	env?: NodeJS.ProcessEnv;
}

export const ENCRYPTION_KEY = 'kling-e2e-encryption-key-0123456789';

export class N8nInstance {
	readonly api: N8nApi;

	private constructor(
		readonly runtime: N8nRuntime,
		readonly name: string,
		readonly process: ManagedProcess,
		readonly port: number,
		readonly options: InstanceOptions,
	) {
		this.api = new N8nApi(this.baseUrl, runtime);
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	static async startMain(runtime: N8nRuntime, options: InstanceOptions): Promise<N8nInstance> {
		const port = await freePort();
		const env = instanceEnv(runtime, options, port, await freePort());
		const managed = startProcess(options.name, runtime.nodeBinary, [runtime.n8nScript, 'start'], {
			cwd: options.userFolder,
			env,
			logFile: join(options.userFolder, `${options.name}.log`),
		});
		const instance = new N8nInstance(runtime, options.name, managed, port, options);
		await instance.waitUntilReady('Editor is now accessible via', async () => {
			const response = await fetch(`${instance.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			return response.ok;
		});
		return instance;
	}

	/** `n8n worker` beside a queue-mode main: same user folder (database) and encryption key. */
	static async startWorker(runtime: N8nRuntime, main: N8nInstance, name: string, concurrency = 5): Promise<N8nInstance> {
		const port = await freePort();
		const env = {
			...instanceEnv(runtime, main.options, main.port, await freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(port),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		};
		const managed = startProcess(name, runtime.nodeBinary, [runtime.n8nScript, 'worker', `--concurrency=${concurrency}`], {
			cwd: main.options.userFolder,
			env,
			logFile: join(main.options.userFolder, `${name}.log`),
		});
		const worker = new N8nInstance(runtime, name, managed, port, main.options);
		await worker.waitUntilReady('n8n worker is now ready', async () => {
			const response = await fetch(`${worker.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
			return response.ok;
		});
		return worker;
	}

	/** `n8n webhook` beside a queue-mode main: serves /webhook and /webhook-waiting on its own port. */
	static async startWebhook(runtime: N8nRuntime, main: N8nInstance, name: string): Promise<N8nInstance> {
		const port = await freePort();
		const env = instanceEnv(runtime, main.options, port, await freePort());
		const managed = startProcess(name, runtime.nodeBinary, [runtime.n8nScript, 'webhook'], {
			cwd: main.options.userFolder,
			env,
			logFile: join(main.options.userFolder, `${name}.log`),
		});
		const webhook = new N8nInstance(runtime, name, managed, port, main.options);
		await webhook.waitUntilReady('Webhook listener waiting for requests', async () => {
			const response = await fetch(`${webhook.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
			return response.ok;
		});
		return webhook;
	}

	private async waitUntilReady(logLine: string, probe: () => Promise<boolean>): Promise<void> {
		const started = Date.now();
		await waitFor(
			`${this.name} to be ready`,
			async () => {
				if (this.process.hasExited()) {
					throw new GiveUp(`${this.name} exited during start-up:\n${this.process.tail(40)}`);
				}
				if (!this.process.log().includes(logLine)) return undefined;
				return (await probe()) ? true : undefined;
			},
			{ timeoutMs: 120_000, intervalMs: 300 },
		).catch((error: Error) => {
			throw error instanceof GiveUp ? error : new Error(`${error.message}\n${this.process.tail(40)}`);
		});
		say(`${this.name} ready at ${this.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s (n8n ${this.runtime.version})`);
	}

	/** The end of the log, without the start-up noise (migrations, deprecation notices). */
	logTail(lines = 60): string {
		const relevant = this.process
			.log()
			.split('\n')
			.filter((line) => !/migration|^ - [A-Z_]+ ->/i.test(line));
		return `--- last ${lines} relevant lines of ${this.process.logFile} ---\n${relevant.slice(-lines).join('\n')}`;
	}

	async stop(): Promise<void> {
		await this.process.stop(15_000);
	}
}

function instanceEnv(runtime: N8nRuntime, options: InstanceOptions, port: number, brokerPort: number): NodeJS.ProcessEnv {
	mkdirSync(options.userFolder, { recursive: true });
	mkdirSync(options.filesFolder, { recursive: true });
	const baseUrl = `http://127.0.0.1:${port}/`;
	const webhookUrl = options.webhookUrl ? `${options.webhookUrl.replace(/\/$/, '')}/` : baseUrl;
	const env: NodeJS.ProcessEnv = {
		PATH: runtime.path,
		HOME: process.env.HOME,
		LANG: 'C.UTF-8',
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: baseUrl,
		// The resume URL of parked executions and the production webhook URLs point here, on loopback.
		...(runtime.major >= 2 ? { N8N_WEBHOOK_URL: webhookUrl } : { WEBHOOK_URL: webhookUrl }),
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RESTRICT_FILE_ACCESS_TO: options.filesFolder,
		N8N_LOG_LEVEL: process.env.KLING_E2E_N8N_LOG_LEVEL ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_SQLITE_POOL_SIZE: '3',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		...(runtime.major >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		...(options.queue
			? {
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: '127.0.0.1',
					QUEUE_BULL_REDIS_PORT: String(options.queue.redisPort),
					OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				}
			: {}),
		...(options.postgres
			? {
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: '127.0.0.1',
					DB_POSTGRESDB_PORT: String(options.postgres.port),
					DB_POSTGRESDB_DATABASE: options.postgres.database,
					DB_POSTGRESDB_USER: options.postgres.user,
					DB_POSTGRESDB_PASSWORD: options.postgres.password,
					DB_POSTGRESDB_POOL_SIZE: '4',
				}
			: {}),
		...(options.mainWebhooksOff ? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } : {}),
		...options.env,
	};
	return env;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	versionId?: string;
	[key: string]: unknown;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface BinaryRef {
	data?: string;
	id?: string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
}

export interface OutputItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryRef>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	waitTill: string | null;
	workflowId: string;
}

export interface Execution extends ExecutionSummary {
	data: {
		resultData: {
			runData: Record<string, Array<{ data?: Record<string, Array<OutputItem[] | null>>; error?: { message: string } }>>;
			error?: { message: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

const OWNER = { email: 'e2e@kling.test', firstName: 'Kling', lastName: 'E2E', password: 'Kling-e2e-password-1' };

/** The REST API the editor uses, with the owner's session cookie. */
export class N8nApi {
	private cookie = '';

	private readonly parseFlatted: (text: string) => unknown;

	constructor(
		readonly baseUrl: string,
		runtime: N8nRuntime,
	) {
		// n8n stores execution data with flatted: read it with n8n's own copy.
		const requireFromN8n = createRequire(join(runtime.dir, 'node_modules', 'n8n', 'package.json'));
		this.parseFlatted = (requireFromN8n('flatted') as { parse: (text: string) => unknown }).parse;
	}

	get authCookie(): string {
		return this.cookie;
	}

	async setupOwner(): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
			signal: AbortSignal.timeout(20_000),
		});
		if (!response.ok) throw new Error(`POST /rest/owner/setup: HTTP ${response.status} ${await response.text()}`);
		this.takeCookie(response);
	}

	async login(): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }),
			signal: AbortSignal.timeout(20_000),
		});
		if (!response.ok) throw new Error(`POST /rest/login: HTTP ${response.status} ${await response.text()}`);
		this.takeCookie(response);
	}

	private takeCookie(response: Response): void {
		const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (!setCookie) throw new Error('n8n did not set the n8n-auth cookie');
		this.cookie = setCookie.split(';')[0];
	}

	async request<T>(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 800)}`);
		const parsed = JSON.parse(text) as { data?: T };
		return (parsed.data ?? parsed) as T;
	}

	async nodeTypeNames(): Promise<string[]> {
		const types = await this.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		return types.map((type) => type.name);
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string> {
		const created = await this.request<{ id: string }>('POST', '/rest/credentials', { name, type, data });
		return created.id;
	}

	/** What the editor's "Retry"/"Save" does on a credential: POST /rest/credentials/test. */
	async testCredential(credential: { id: string; name: string; type: string; data: Record<string, unknown> }): Promise<CredentialTestResult> {
		return await this.request<CredentialTestResult>('POST', '/rest/credentials/test', { credentials: credential }, 60_000);
	}

	async createWorkflow(workflow: WorkflowJson): Promise<WorkflowJson & { id: string; versionId: string }> {
		const { id: _ignored, ...body } = workflow;
		return await this.request('POST', '/rest/workflows', { ...body, active: false });
	}

	/**
	 * Activates (2.x: publishes) a workflow, then waits until `productionUrl` is served: n8n 2.x
	 * registers production webhooks a moment after the activation request has returned.
	 */
	async activate(workflow: { id: string; versionId: string }, productionUrl: string, method: 'GET' | 'POST'): Promise<void> {
		await this.request('POST', `/rest/workflows/${workflow.id}/activate`, { versionId: workflow.versionId });
		await waitFor(
			`${method} ${productionUrl} to be registered`,
			async () => {
				const response = await fetch(productionUrl, {
					method,
					headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
					body: method === 'POST' ? '{}' : undefined,
					signal: AbortSignal.timeout(5000),
				});
				await response.arrayBuffer();
				return response.status === 404 ? undefined : true;
			},
			{ timeoutMs: 30_000, intervalMs: 250 },
		);
	}

	/** As the editor's "Execute workflow" button, starting from the named trigger. */
	async runManually(workflow: WorkflowJson & { id: string }, triggerName: string): Promise<string> {
		const result = await this.request<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/rest/workflows/${workflow.id}/run`,
			{ workflowData: workflow, triggerToStartFrom: { name: triggerName } },
		);
		if (!result.executionId) throw new Error(`The manual run started no execution: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	async execution(id: string): Promise<Execution> {
		const raw = await this.request<ExecutionSummary & { data: string }>('GET', `/rest/executions/${id}`);
		return { ...raw, data: this.parseFlatted(raw.data) as Execution['data'] };
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await this.request<{ results: ExecutionSummary[] }>('GET', `/rest/executions?filter=${filter}&limit=50`);
		return page.results;
	}

	/**
	 * Polls an execution until its status is one of `statuses`, recording every status seen.
	 * Fails early when it ends in another final status.
	 */
	async waitForExecution(
		id: string,
		statuses: string[],
		timeoutMs: number,
		seen: string[] = [],
	): Promise<Execution> {
		return await waitFor(
			() => `execution ${id} to reach ${statuses.join(' or ')} (seen: ${seen.join(' → ') || 'nothing'})`,
			async () => {
				const execution = await this.execution(id);
				if (seen[seen.length - 1] !== execution.status) seen.push(execution.status);
				if (statuses.includes(execution.status)) return execution;
				if (['success', 'error', 'crashed', 'canceled'].includes(execution.status)) {
					throw new GiveUp(
						`execution ${id} ended "${execution.status}" (expected ${statuses.join(' or ')}): ${describeError(execution)}`,
					);
				}
				return undefined;
			},
			{ timeoutMs, intervalMs: 300 },
		);
	}

	/** The bytes of a binary output: inline base64 (default mode) or from n8n's binary data store. */
	async binaryBytes(binary: BinaryRef): Promise<Buffer> {
		if (binary.id) {
			const response = await fetch(
				`${this.baseUrl}/rest/binary-data?id=${encodeURIComponent(binary.id)}&action=download`,
				{ headers: { cookie: this.cookie }, signal: AbortSignal.timeout(60_000) },
			);
			if (!response.ok) throw new Error(`GET /rest/binary-data ${binary.id}: HTTP ${response.status}`);
			return Buffer.from(await response.arrayBuffer());
		}
		if (typeof binary.data === 'string') return Buffer.from(binary.data, 'base64');
		throw new Error(`binary has neither data nor id: ${JSON.stringify(binary)}`);
	}
}

export function describeError(execution: Execution): string {
	const error = execution.data?.resultData?.error;
	if (!error) return 'no error recorded';
	return [error.message, error.description].filter(Boolean).join(' — ');
}

/** The items a node output on its last run (output 0 of `connection`: main, or ai_tool for a tool). */
export function nodeItems(execution: Execution, nodeName: string, connection = 'main'): OutputItem[] {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) {
		throw new Error(`node "${nodeName}" did not run in execution ${execution.id} (ran: ${Object.keys(execution.data.resultData.runData).join(', ')})`);
	}
	const last = runs[runs.length - 1];
	if (last.error) throw new Error(`node "${nodeName}" failed in execution ${execution.id}: ${last.error.message}`);
	return last.data?.[connection]?.[0] ?? [];
}

