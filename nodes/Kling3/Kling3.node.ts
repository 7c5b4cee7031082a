import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resumeWebhookMethods } from '../shared/descriptions/webhook';
import { generationDescription, generationMethods, generationOperations, generationSubtitle } from '../shared/node';
import { resumeFromCallback } from '../shared/wait/webhook';

export class Kling3 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling V3',
		name: 'kling3',
		icon: { light: 'file:kling.svg', dark: 'file:kling.dark.svg' },
		group: ['transform'],
		subtitle: generationSubtitle('kling3'),
		description: 'Generate video from text or a start and end frame with Kling 3 Standard or Pro, or Kling 3 Turbo (Freepik or APIMart)',
		defaults: { name: 'Kling V3' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		...generationDescription('kling3'),
	};

	customOperations = generationOperations('kling3');

	methods = generationMethods('kling3');

	webhookMethods = resumeWebhookMethods;

	webhook = resumeFromCallback;
}
