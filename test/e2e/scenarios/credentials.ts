import { DEFAULT_APIMART_KEY, DEFAULT_FREEPIK_KEY, DEFAULT_WEBHOOK_SECRET } from '../../sandbox/options';
import { check, checkEqual } from '../lib/assert';
import type { Context } from '../lib/context';
import type { N8nApi } from '../lib/n8n';
import type { Scenario } from './generate';

export const KLING_NODE_TYPES = [
	'n8n-nodes-kling.klingOmni',
	'n8n-nodes-kling.klingOmniReference',
	'n8n-nodes-kling.kling3',
	'n8n-nodes-kling.klingMotionControl',
	'n8n-nodes-kling.klingTrigger',
];

/** The credentials the examples reference by name, created through the REST API as the editor does. */
export async function createCredentials(api: N8nApi, sandboxUrl: string, openAiUrl?: string): Promise<Context['credentials']> {
	const credentials: Context['credentials'] = {};
	const create = async (name: string, type: string, data: Record<string, unknown>): Promise<void> => {
		credentials[name] = { id: await api.createCredential(name, type, data), type };
	};
	await create('Freepik account', 'freepikApi', freepikData(sandboxUrl, DEFAULT_FREEPIK_KEY));
	await create('APIMart account', 'apimartApi', { apiKey: DEFAULT_APIMART_KEY, baseUrl: sandboxUrl });
	if (openAiUrl) await create('OpenAI account', 'openAiApi', { apiKey: 'sk-e2e-fake', url: openAiUrl });
	return credentials;
}

function freepikData(sandboxUrl: string, apiKey: string): Record<string, unknown> {
	return { apiKey, host: 'custom', customBaseUrl: sandboxUrl, webhookSecret: DEFAULT_WEBHOOK_SECRET };
}

/** n8n loaded our package: the five nodes and the AI-tool variants n8n derives from usableAsTool. */
export const nodesLoaded: Scenario = {
	name: 'the package is loaded: node types and tool variants',
	timeoutMs: 30_000,
	async run(context) {
		const names = new Set(await context.n8n.api.nodeTypeNames());
		const expected = [
			...KLING_NODE_TYPES,
			'n8n-nodes-kling.klingOmniTool',
			'n8n-nodes-kling.klingOmniReferenceTool',
			'n8n-nodes-kling.kling3Tool',
			'n8n-nodes-kling.klingMotionControlTool',
		];
		const missing = expected.filter((name) => !names.has(name));
		check(missing.length === 0, `n8n does not list ${missing.join(', ')}`);
		return `${expected.length} node types listed by /types/nodes.json`;
	},
};

/**
 * POST /rest/credentials/test (the editor's credential test) with the stored credential and
 * with a wrong key: each provider's test request runs inside n8n against the sandbox.
 */
export const credentialTests: Scenario = {
	name: 'credential tests through n8n\'s REST API (POST /rest/credentials/test)',
	timeoutMs: 60_000,
	async run(context) {
		const { api } = context.n8n;
		const freepik = context.credentials['Freepik account'];
		const apimart = context.credentials['APIMart account'];
		const test = async (name: string, type: string, id: string, data: Record<string, unknown>) =>
			await api.testCredential({ id, name, type, data });

		const freepikOk = await test('Freepik account', 'freepikApi', freepik.id, freepikData(context.sandboxUrl, DEFAULT_FREEPIK_KEY));
		checkEqual(freepikOk.status, 'OK', `Freepik credential test (${freepikOk.message})`);
		const freepikBad = await test('Freepik account', 'freepikApi', freepik.id, freepikData(context.sandboxUrl, 'fp-wrong-key'));
		checkEqual(freepikBad.status, 'Error', 'Freepik credential test with a wrong key');
		// The test request ignores HTTP status errors and its rules read the 401 body, so 1.x shows
		// our text too (1.x loses the status before `responseCode` rules are read).
		check(/refused this API key/.test(freepikBad.message), `Freepik wrong-key message: ${freepikBad.message}`);

		const apimartOk = await test('APIMart account', 'apimartApi', apimart.id, { apiKey: DEFAULT_APIMART_KEY, baseUrl: context.sandboxUrl });
		checkEqual(apimartOk.status, 'OK', `APIMart credential test (${apimartOk.message})`);
		const apimartBad = await test('APIMart account', 'apimartApi', apimart.id, { apiKey: 'am-wrong-key', baseUrl: context.sandboxUrl });
		checkEqual(apimartBad.status, 'Error', 'APIMart credential test with an unknown key (HTTP 200, success: false)');
		check(/does not know this API key/.test(apimartBad.message), `APIMart unknown-key message: ${apimartBad.message}`);

		return `Freepik OK / wrong key "${freepikBad.message}"; APIMart OK / unknown key "${apimartBad.message}"`;
	},
};
