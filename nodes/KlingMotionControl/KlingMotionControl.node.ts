import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resumeWebhookMethods } from '../shared/descriptions/webhook';
import { generationDescription, generationMethods, generationOperations, generationSubtitle } from '../shared/node';
import { resumeFromCallback } from '../shared/wait/webhook';

export class KlingMotionControl implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling Motion Control',
		name: 'klingMotionControl',
		icon: { light: 'file:kling.svg', dark: 'file:kling.dark.svg' },
		group: ['transform'],
		subtitle: generationSubtitle('motionControl'),
		description: 'Make a character image move like a reference video with Kling 3 Motion Control (Freepik or APIMart)',
		defaults: { name: 'Kling Motion Control' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		...generationDescription('motionControl'),
	};

	customOperations = generationOperations('motionControl');

	methods = generationMethods('motionControl');

	webhookMethods = resumeWebhookMethods;

	webhook = resumeFromCallback;
}
