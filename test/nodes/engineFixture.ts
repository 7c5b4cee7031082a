import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { Engine, nodeOutput } from '../harness/engine';
import { N8nStandIn } from '../harness/waitingWebhooks';
import { workflowWith } from '../harness/workflows';
import { DEFAULT_APIMART_KEY, DEFAULT_FREEPIK_KEY, DEFAULT_WEBHOOK_SECRET, type Sandbox, type SandboxOptions, startSandbox } from '../sandbox';

/** A sandbox and an engine wired to it, for node tests. */
export interface EngineFixture {
	sandbox: Sandbox;
	engine: Engine;
	/** Runs `[trigger -> items -> node]` and returns the run (failed runs included). */
	run(type: string, parameters: IDataObject, items?: INodeExecutionData[], continueOnFail?: boolean): Promise<IRun>;
	close(): Promise<void>;
}

export async function engineFixture(options: SandboxOptions = { timeScale: 0.01 }): Promise<EngineFixture> {
	const sandbox = await startSandbox(options);
	const engine = new Engine({
		credentials: {
			freepikApi: { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: sandbox.url },
			apimartApi: { apiKey: DEFAULT_APIMART_KEY, baseUrl: sandbox.url },
		},
	});
	return {
		sandbox,
		engine,
		run: async (type, parameters, items, continueOnFail) =>
			(await engine.run(workflowWith({ type, parameters: parameters as never, continueOnFail }, items))).run,
		close: async () => await sandbox.close(),
	};
}

/**
 * One engine fixture for a describe block: started before its tests, a fresh sandbox state for
 * each test, closed after. Filled in by beforeAll: use it inside tests and hooks only.
 */
export function engineFixtureForEach(options?: SandboxOptions): EngineFixture {
	const fixture = {} as EngineFixture;
	beforeAll(async () => {
		Object.assign(fixture, await engineFixture(options));
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());
	return fixture;
}

/** An n8n stand-in whose Freepik credential points at `sandbox` and verifies its webhook signatures. */
export async function signedWebhookStandIn(sandbox: Sandbox): Promise<N8nStandIn> {
	return await N8nStandIn.start({
		credentials: {
			freepikApi: {
				apiKey: DEFAULT_FREEPIK_KEY,
				host: 'custom',
				customBaseUrl: sandbox.url,
				webhookSecret: DEFAULT_WEBHOOK_SECRET,
			},
		},
	});
}

export function runError(run: IRun): { message: string; description?: string } | undefined {
	const error = run.data.resultData.error as { message: string; description?: string } | undefined;
	return error;
}

export { nodeOutput };
