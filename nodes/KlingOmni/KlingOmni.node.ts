import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationProperties } from '../shared/descriptions/operations';
import { providerCredentials, providerProperty, requestDefaults, resourceProperty } from '../shared/descriptions/provider';
import { waitProperties } from '../shared/descriptions/waiting';
import { resumeWebhook } from '../shared/descriptions/webhook';
import { executeGenerate } from '../shared/generate';
import { apimartOmniRequest } from '../shared/mapping/apimart';
import { freepikOmniRequest } from '../shared/mapping/freepik';
import { resumeFromCallback } from '../shared/webhookWait';
import { omniGenerateFields } from './generateFields';

const PROVIDERS = ['freepik', 'apimart'] as const;

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
		credentials: providerCredentials([...PROVIDERS]),
		requestDefaults,
		webhooks: [resumeWebhook],
		properties: [
			providerProperty([...PROVIDERS]),
			resourceProperty,
			...operationProperties('omni', [...PROVIDERS]),
			...omniGenerateFields,
			...waitProperties([...PROVIDERS]),
		],
	};

	customOperations = {
		video: {
			async generate(this: IExecuteFunctions) {
				return await executeGenerate.call(this, {
					family: 'omni',
					buildRequest: (params, provider) =>
						provider === 'freepik' ? freepikOmniRequest(params) : apimartOmniRequest(params),
				});
			},
		},
	};

	// The only webhook is the resume URL of a parked execution: there is nothing to register
	// with the provider, which receives the URL in each create request.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions) {
		return await resumeFromCallback.call(this);
	}
}
