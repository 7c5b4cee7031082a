import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { syntheticVideo } from '../../harness/media';
import { checkEqual } from '../lib/assert';
import { findNode } from '../lib/context';
import { nodeItems } from '../lib/n8n';
import { checkSavedVideo, checkVideoItem } from './checks';
import { runExampleOnce, type Scenario } from './generate';

/**
 * examples/motion-control-product-dance.workflow.json as it is: Read/Write Files loads an 8 s
 * portrait MP4 (the dance reference) as binary "dance"; Kling Motion Control checks its header,
 * uploads it through Freepik's signed upload, creates the task on the Standard tier's own path,
 * polls that tier's status path, downloads the clip; "Save video" writes it.
 */
export const motionControlExample: Scenario = {
	name: 'Kling Motion Control: a product photo and a dance reference -> a clip on disk (examples/motion-control-product-dance)',
	timeoutMs: 120_000,
	async run(context) {
		writeFileSync(join(context.filesDir, 'dance-reference.mp4'), syntheticVideo({ seconds: 8, width: 720, height: 1280, fps: 30 }));
		const { executionId, execution, item } = await runExampleOnce(context, 'motion-control-product-dance.workflow.json', 'Kling Motion Control');
		checkEqual(item.json.status, 'COMPLETED', 'Freepik task status');
		checkEqual(item.json.model, 'kling-v3-motion-control-std', 'model');
		const taskId = await checkVideoItem(context, item, 'Kling Motion Control output');
		checkEqual(nodeItems(execution, 'Save video').length, 1, '"Save video" output items');
		await checkSavedVideo(context, taskId, 'the saved clip');
		return `execution ${executionId}: binary dance reference checked and uploaded, task ${taskId} COMPLETED, MP4 identical to the provider's, file written`;
	},
};

/** Kling V3 with Model "Kling 3 Turbo" on APIMart (kling-3.0-turbo, resolution in the body), polling to the MP4. */
export const turboApimart: Scenario = {
	name: 'Kling V3 with Kling 3 Turbo on APIMart, polling',
	timeoutMs: 120_000,
	async run(context) {
		const { executionId, item } = await runExampleOnce(context, 'text-to-video.workflow.json', 'Kling Omni', (json) => {
			const kling = findNode(json, 'Kling Omni');
			kling.type = 'n8n-nodes-kling.kling3';
			kling.parameters = { ...kling.parameters, authentication: 'apimart', model: 'kling-v3-turbo', quality: 'pro' };
			kling.credentials = { apimartApi: { id: context.credentials['APIMart account'].id, name: 'APIMart account' } };
		});
		checkEqual(item.json.model, 'kling-3.0-turbo', 'model');
		const taskId = await checkVideoItem(context, item, 'Kling V3 Turbo (APIMart) output');
		return `execution ${executionId}: APIMart kling-3.0-turbo task ${taskId} ${String(item.json.status)}, MP4 downloaded`;
	},
};
