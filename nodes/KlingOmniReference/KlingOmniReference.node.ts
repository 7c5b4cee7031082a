import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationProperties } from '../shared/descriptions/operations';
import { providerCredentials, providerProperty, requestDefaults, resourceProperty } from '../shared/descriptions/provider';
import { waitProperties } from '../shared/descriptions/waiting';
import { resumeWebhook, resumeWebhookMethods } from '../shared/descriptions/webhook';
import { executeGenerate } from '../shared/generate';
import { apimartOmniRequest } from '../shared/mapping/apimart';
import { freepikOmniReferenceRequest } from '../shared/mapping/freepik';
import { resumeFromCallback } from '../shared/webhookWait';
import { omniReferenceGenerateFields } from './generateFields';

const PROVIDERS: Array<'freepik' | 'apimart'> = ['freepik', 'apimart'];

export class KlingOmniReference implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling Omni Reference',
		name: 'klingOmniReference',
		icon: { light: 'file:kling.svg', dark: 'file:kling.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter.operation + " · " + $parameter.authentication }}',
		description: 'Generate video from a reference video with Kling 3 Omni: edit it or take its motion and style (Freepik or APIMart)',
		defaults: { name: 'Kling Omni Reference' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials(PROVIDERS),
		requestDefaults,
		webhooks: [resumeWebhook],
		properties: [
			providerProperty(PROVIDERS),
			resourceProperty,
			...operationProperties('omniReference', PROVIDERS),
			...omniReferenceGenerateFields,
			...waitProperties(PROVIDERS),
		],
	};

	customOperations = {
		video: {
			async generate(this: IExecuteFunctions) {
				return await executeGenerate.call(this, {
					family: 'omniReference',
					buildRequest: (params, provider) => (provider === 'freepik' ? freepikOmniReferenceRequest(params) : apimartOmniRequest(params)),
				});
			},
		},
	};

	webhookMethods = resumeWebhookMethods;

	webhook = resumeFromCallback;
}
