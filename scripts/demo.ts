/**
 * The main job: runs examples/text-to-video.workflow.json in n8n's engine with the built
 * package and writes the MP4 to demo-output/. Against the local sandbox provider unless
 * FREEPIK_API_KEY or APIMART_API_KEY is set.
 */
import '../test/harness/userFolder';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { nodeOutput, runWorkflow, testCredential, type WorkflowJson } from '../test/harness/engine';
import { DEFAULT_APIMART_KEY, DEFAULT_FREEPIK_KEY, startSandbox } from '../test/sandbox';

const ROOT = join(__dirname, '..');

async function main(): Promise<void> {
	const freepikKey = process.env.FREEPIK_API_KEY;
	const apimartKey = process.env.APIMART_API_KEY;
	const useSandbox = !freepikKey && !apimartKey;
	const sandbox = useSandbox ? await startSandbox({ timeScale: 0.5 }) : undefined;
	try {
		const credentials: Record<string, ICredentialDataDecryptedObject> = sandbox
			? {
					freepikApi: { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: sandbox.url },
					apimartApi: { apiKey: DEFAULT_APIMART_KEY, baseUrl: sandbox.url },
				}
			: {
					...(freepikKey ? { freepikApi: { apiKey: freepikKey, host: process.env.FREEPIK_HOST ?? 'https://api.freepik.com' } } : {}),
					...(apimartKey ? { apimartApi: { apiKey: apimartKey } } : {}),
				};
		const provider = freepikKey || useSandbox ? 'freepik' : 'apimart';
		console.log(sandbox ? `Provider: local sandbox at ${sandbox.url} (no API key set)` : `Provider: real ${provider} API`);

		for (const type of Object.keys(credentials)) {
			const result = await testCredential(type, credentials[type], { source: 'dist' });
			console.log(`Credential test ${type}: ${result.status} (${result.message})`);
			if (result.status !== 'OK') process.exitCode = 1;
		}

		const workflow = JSON.parse(
			readFileSync(join(ROOT, 'examples', 'text-to-video.workflow.json'), 'utf8'),
		) as WorkflowJson;
		const kling = workflow.nodes.find((node) => node.type === 'n8n-nodes-kling.klingOmni') as INode;
		if (provider === 'apimart') {
			kling.parameters.authentication = 'apimart';
			kling.credentials = { apimartApi: { id: 'kling-apimart', name: 'APIMart account' } };
		}
		console.log(`Running "${workflow.name}" in n8n's engine…`);
		const started = Date.now();
		const run = await runWorkflow(workflow, { credentials, source: 'dist' });
		const error = run.data.resultData.error;
		if (error) throw error;
		const [item] = nodeOutput(run, kling.name);
		const binary = item.binary?.data;
		if (!binary?.data) throw new Error(`No video in the output: ${JSON.stringify(item.json)}`);
		const outputDir = join(ROOT, 'demo-output');
		mkdirSync(outputDir, { recursive: true });
		const file = join(outputDir, binary.fileName ?? `${String(item.json.taskId)}.mp4`);
		writeFileSync(file, Buffer.from(binary.data, 'base64'));
		console.log(`Task id:  ${String(item.json.taskId)} (${String(item.json.status)}, model ${String(item.json.model)})`);
		console.log(`Video:    ${relative(process.cwd(), file)} (${Buffer.from(binary.data, 'base64').length} bytes)`);
		console.log(`Elapsed:  ${((Date.now() - started) / 1000).toFixed(1)} s in the workflow, ${String(item.json.elapsedSeconds)} s from create to finished`);
	} finally {
		await sandbox?.close();
	}
}

main().catch((error: unknown) => {
	console.error('Demo failed:', error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
