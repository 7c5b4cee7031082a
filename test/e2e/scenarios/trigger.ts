import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_WEBHOOK_SECRET } from '../../sandbox/options';
import { signWebhook } from '../../sandbox/webhooks/signing';
import { check, checkEqual } from '../lib/assert';
import { type Context, findNode, importExample } from '../lib/context';
import { type ExecutionSummary, nodeItems } from '../lib/n8n';
import { sleep, waitFor } from '../lib/wait';
import { checkSavedVideo, checkVideoItem } from './checks';
import { type Scenario, SINGLE_RUN_MS } from './generate';

const MANUAL_TRIGGER = 'When clicking ‘Execute workflow’';

async function postCallback(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
		signal: AbortSignal.timeout(20_000),
	});
	return { status: response.status, text: await response.text() };
}

function signedHeaders(body: string, { secret = DEFAULT_WEBHOOK_SECRET, ageSeconds = 0 } = {}): Record<string, string> {
	const id = `msg_e2e_${randomBytes(6).toString('hex')}`;
	const timestamp = Math.floor(Date.now() / 1000) - ageSeconds;
	return {
		'webhook-id': id,
		'webhook-timestamp': String(timestamp),
		'webhook-signature': signWebhook(secret, 'standard', id, timestamp, body),
	};
}

/**
 * The fire-and-forget pair of examples: the results workflow (Kling Trigger -> Save video) is
 * activated; forged callbacks on its production URL are refused; the generate workflow starts a
 * task with Don't Wait and the trigger's URL; the sandbox's signed callback starts exactly one
 * execution with the video; a signed repeat of that callback is recognised as a duplicate.
 */
export const triggerPair: Scenario = {
	name: 'Kling Trigger on the production webhook URL (examples/fire-and-forget-*)',
	timeoutMs: 150_000,
	async run(context: Context) {
		const { api } = context.n8n;
		const results = await importExample(context, 'fire-and-forget-results.workflow.json');
		const trigger = findNode(results, 'Kling Trigger');
		const productionUrl = `${context.n8n.baseUrl}/webhook/${String(trigger.webhookId)}/kling`;
		// Probed with an empty unsigned POST, which the trigger refuses (401) without starting anything.
		await api.activate(results, productionUrl, 'POST');

		const forged = JSON.stringify({ task_id: 'forged-task', status: 'COMPLETED', generated: [`${context.sandboxUrl}/files/forged-task.mp4`] });
		const unsigned = await postCallback(productionUrl, forged, {});
		checkEqual(unsigned.status, 401, `unsigned callback (${unsigned.text})`);
		const wrongKey = await postCallback(productionUrl, forged, signedHeaders(forged, { secret: `whsec_${Buffer.from('not-the-secret').toString('base64')}` }));
		checkEqual(wrongKey.status, 401, `callback signed with another secret (${wrongKey.text})`);
		const stale = await postCallback(productionUrl, forged, signedHeaders(forged, { ageSeconds: 3600 }));
		checkEqual(stale.status, 401, `callback signed an hour ago (${stale.text})`);

		const generate = await importExample(context, 'fire-and-forget-generate.workflow.json', (json) => {
			const options = findNode(json, 'Kling Omni').parameters.options as Record<string, unknown>;
			check(
				String(options.webhookUrl).endsWith(`/webhook/${String(trigger.webhookId)}/kling`),
				'the generate example does not point at the results example\'s trigger',
			);
			options.webhookUrl = productionUrl;
		});
		const generateId = await api.runManually(generate, MANUAL_TRIGGER);
		const started = await api.waitForExecution(generateId, ['success'], 30_000);
		const [created] = nodeItems(started, 'Kling Omni');
		const taskId = String(created.json.taskId);
		check(taskId && taskId !== 'undefined', `Don't Wait returned no task id: ${JSON.stringify(created.json)}`);
		check(created.binary === undefined, 'Don\'t Wait returned a binary');
		check(['CREATED', 'IN_PROGRESS'].includes(String(created.json.status)), `Don't Wait status ${String(created.json.status)}`);

		const finished = await waitFor(
			`a successful execution of "${results.name}"`,
			async () => {
				const executions = await api.executions(results.id);
				return executions.find((execution: ExecutionSummary) => execution.status === 'success');
			},
			{ timeoutMs: 60_000, intervalMs: 500 },
		);
		const execution = await api.execution(finished.id);
		const [received] = nodeItems(execution, 'Kling Trigger');
		checkEqual(received.json.taskId, taskId, 'task id received by the trigger');
		checkEqual(received.json.status, 'COMPLETED', 'status received by the trigger');
		check(typeof received.json.webhookId === 'string', 'the trigger output has no webhookId (the callback was not verified)');
		await checkVideoItem(context, received, 'Kling Trigger output');
		await checkSavedVideo(context, taskId, 'Save video after the trigger');

		const repeat = JSON.stringify({ task_id: taskId, status: 'COMPLETED', generated: [received.json.videoUrl] });
		const duplicate = await postCallback(productionUrl, repeat, signedHeaders(repeat));
		checkEqual(duplicate.status, 200, `signed repeat of the COMPLETED callback (${duplicate.text})`);
		check(/"duplicate":true/.test(duplicate.text), `the repeat was not recognised as a duplicate: ${duplicate.text}`);
		await sleep(1500);
		const all = await api.executions(results.id);
		checkEqual(all.length, 1, `executions of "${results.name}" (forged, ignored and duplicate callbacks start none)`);
		return `3 forged callbacks → 401; task ${taskId} (Don't Wait) → 1 trigger execution ${finished.id} with the MP4, file saved; signed repeat → duplicate`;
	},
};

/** examples/form-image-to-video: a multipart form post with an image becomes a video from that start frame. */
export const formUpload: Scenario = {
	name: 'n8n Form Trigger upload -> Kling Omni Start Frame (examples/form-image-to-video)',
	timeoutMs: 120_000,
	async run(context: Context) {
		const { api } = context.n8n;
		const workflow = await importExample(context, 'form-image-to-video.workflow.json');
		const form = findNode(workflow, 'Image upload form');
		const formUrl = `${context.n8n.baseUrl}/form/${String((form.parameters.options as { path?: string }).path)}`;
		await api.activate(workflow, formUrl, 'GET');
		const page = await fetch(formUrl, { signal: AbortSignal.timeout(20_000) });
		checkEqual(page.status, 200, `GET ${formUrl}`);
		const image = readFileSync(join(context.repoRoot, 'test', 'fixtures', 'image.png'));
		const body = new FormData();
		body.append('field-0', new Blob([image], { type: 'image/png' }), 'product.png');
		body.append('field-1', 'The camera slowly orbits the product while soft light sweeps across it');
		const submitted = await fetch(formUrl, { method: 'POST', body, signal: AbortSignal.timeout(30_000) });
		const answer = await submitted.text();
		checkEqual(submitted.status, 200, `POST ${formUrl} (${answer.slice(0, 200)})`);

		const run = await waitFor(
			'the form execution',
			async () => (await api.executions(workflow.id))[0],
			{ timeoutMs: 20_000, intervalMs: 300 },
		);
		const execution = await api.waitForExecution(run.id, ['success'], SINGLE_RUN_MS);
		const [submission] = nodeItems(execution, 'Image upload form');
		const photo = submission.binary?.Photo;
		check(photo, `the form output has no binary "Photo" (has: ${Object.keys(submission.binary ?? {}).join(', ') || 'none'})`);
		checkEqual(photo.mimeType, 'image/png', 'uploaded photo MIME type');
		const uploaded = await api.binaryBytes(photo);
		check(uploaded.equals(image), 'the form stored other bytes than the uploaded image');
		const [item] = nodeItems(execution, 'Kling Omni');
		const taskId = await checkVideoItem(context, item, 'Kling Omni output');
		await checkSavedVideo(context, taskId, 'Save video after the form');
		return `form post → execution ${run.id}: image (${image.length} bytes) uploaded as Start Frame, task ${taskId}, MP4 saved`;
	},
};
