import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resumeWebhookMethods } from '../shared/descriptions/webhook';
import { generationDescription, generationMethods, generationOperations, generationSubtitle } from '../shared/node';
import { resumeFromCallback } from '../shared/wait/webhook';

export class KlingOmni implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling Omni',
		name: 'klingOmni',
		icon: { light: 'file:kling.svg', dark: 'file:kling.dark.svg' },
		group: ['transform'],
		subtitle: generationSubtitle('omni'),
		description: 'Generate video from text or images with Kling 3 Omni (Freepik or APIMart)',
		defaults: { name: 'Kling Omni' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		...generationDescription('omni'),
	};

	customOperations = generationOperations('omni');

	methods = generationMethods('omni');

	webhookMethods = resumeWebhookMethods;

	webhook = resumeFromCallback;
}
