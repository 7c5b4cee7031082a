import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resumeWebhookMethods } from '../shared/descriptions/webhook';
import { apimartOmniRequest } from '../shared/mapping/apimart';
import { freepikOmniRequest } from '../shared/mapping/freepik';
import { generateOperation, generationDescription } from '../shared/node';
import { resumeFromCallback } from '../shared/webhookWait';
import { omniGenerateFields } from './generateFields';

export class KlingOmni implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling Omni',
		name: 'klingOmni',
		icon: { light: 'file:kling.svg', dark: 'file:kling.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter.operation + " · " + $parameter.authentication }}',
		description: 'Generate video from text or images with Kling 3 Omni (Freepik or APIMart)',
		defaults: { name: 'Kling Omni' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		...generationDescription('omni', omniGenerateFields),
	};

	customOperations = generateOperation('omni', { freepik: freepikOmniRequest, apimart: apimartOmniRequest });

	webhookMethods = resumeWebhookMethods;

	webhook = resumeFromCallback;
}
