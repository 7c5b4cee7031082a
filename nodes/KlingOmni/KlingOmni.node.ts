import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationProperties } from '../shared/descriptions/operations';
import { providerCredentials, providerProperty, requestDefaults, resourceProperty } from '../shared/descriptions/provider';
import { waitProperties } from '../shared/descriptions/waiting';
import { resumeWebhook, resumeWebhookMethods } from '../shared/descriptions/webhook';
import { executeGenerate } from '../shared/generate';
import { apimartOmniRequest } from '../shared/mapping/apimart';
import { freepikOmniRequest } from '../shared/mapping/freepik';
import { resumeFromCallback } from '../shared/webhookWait';
import { omniGenerateFields } from './generateFields';

const PROVIDERS: Array<'freepik' | 'apimart'> = ['freepik', 'apimart'];

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
		credentials: providerCredentials(PROVIDERS),
		requestDefaults,
		webhooks: [resumeWebhook],
		properties: [
			providerProperty(PROVIDERS),
			resourceProperty,
			...operationProperties('omni', PROVIDERS),
			...omniGenerateFields,
			...waitProperties(PROVIDERS),
		],
	};

	customOperations = {
		video: {
			async generate(this: IExecuteFunctions) {
				return await executeGenerate.call(this, {
					family: 'omni',
					buildRequest: (params, provider) => (provider === 'freepik' ? freepikOmniRequest(params) : apimartOmniRequest(params)),
				});
			},
		},
	};

	webhookMethods = resumeWebhookMethods;

	webhook = resumeFromCallback;
}
