import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resumeWebhookMethods } from '../shared/descriptions/webhook';
import { generationDescription, generationMethods, generationOperations, generationSubtitle } from '../shared/node';
import { resumeFromCallback } from '../shared/wait/webhook';

export class KlingOmniReference implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling Omni Reference',
		name: 'klingOmniReference',
		icon: { light: 'file:kling.svg', dark: 'file:kling.dark.svg' },
		group: ['transform'],
		subtitle: generationSubtitle('omniReference'),
		description: 'Generate video from a reference video with Kling 3 Omni: edit it or take its motion and style (Freepik or APIMart)',
		defaults: { name: 'Kling Omni Reference' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		...generationDescription('omniReference'),
	};

	customOperations = generationOperations('omniReference');

	methods = generationMethods('omniReference');

	webhookMethods = resumeWebhookMethods;

	webhook = resumeFromCallback;
}
