import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationProperties } from '../shared/descriptions/operations';
import { providerCredentials, providerProperty, requestDefaults, resourceProperty } from '../shared/descriptions/provider';
import { waitProperties } from '../shared/descriptions/waiting';
import { resumeWebhook, resumeWebhookMethods } from '../shared/descriptions/webhook';
import { executeGenerate } from '../shared/generate';
import { apimartV3Request } from '../shared/mapping/apimart';
import { freepikV3Request } from '../shared/mapping/freepik';
import { resumeFromCallback } from '../shared/webhookWait';
import { v3GenerateFields } from './generateFields';

const PROVIDERS: Array<'freepik' | 'apimart'> = ['freepik', 'apimart'];

export class Kling3 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling V3',
		name: 'kling3',
		icon: { light: 'file:kling.svg', dark: 'file:kling.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter.operation + " · " + $parameter.authentication }}',
		description: 'Generate video from text or a start and end frame with Kling 3 Standard or Pro (Freepik or APIMart)',
		defaults: { name: 'Kling V3' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials(PROVIDERS),
		requestDefaults,
		webhooks: [resumeWebhook],
		properties: [
			providerProperty(PROVIDERS),
			resourceProperty,
			...operationProperties('v3', PROVIDERS),
			...v3GenerateFields,
			...waitProperties(PROVIDERS),
		],
	};

	customOperations = {
		video: {
			async generate(this: IExecuteFunctions) {
				return await executeGenerate.call(this, {
					family: 'v3',
					buildRequest: (params, provider) => (provider === 'freepik' ? freepikV3Request(params) : apimartV3Request(params)),
				});
			},
		},
	};

	webhookMethods = resumeWebhookMethods;

	webhook = resumeFromCallback;
}
