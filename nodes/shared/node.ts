import type { IExecuteFunctions, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { operationProperties } from './descriptions/operations';
import { providerCredentials, providerProperty, requestDefaults, resourceProperty } from './descriptions/provider';
import { waitProperties } from './descriptions/waiting';
import { resumeWebhook } from './descriptions/webhook';
import { executeGenerate } from './generate';
import { executeGetTask } from './tasks';
import type { ItemParameters } from './mapping/parameters';
import type { Family, GenerationRequest, ProviderName } from './providers/types';

const PROVIDERS: ProviderName[] = ['freepik', 'apimart'];

/**
 * What the three generation nodes share in their description: both credentials, the
 * declarative request defaults, the resume webhook, and provider / operation / wait fields
 * around the node's own generation fields.
 */
export function generationDescription(
	family: Family,
	generateFields: INodeProperties[],
): Pick<INodeTypeDescription, 'credentials' | 'requestDefaults' | 'webhooks' | 'properties'> {
	return {
		credentials: providerCredentials(PROVIDERS),
		requestDefaults,
		webhooks: [resumeWebhook],
		properties: [
			providerProperty(PROVIDERS),
			resourceProperty,
			...operationProperties(family, PROVIDERS),
			...generateFields,
			...waitProperties(PROVIDERS),
		],
	};
}

type BodyMapper = (params: ItemParameters) => GenerationRequest;

/**
 * The `customOperations` of a generation node: Generate Video orchestrates all items together;
 * Get Task reads each item's task id (see executeGetTask). List Tasks stays declarative.
 */
export function generateOperation(family: Family, mappers: Record<ProviderName, BodyMapper>) {
	return {
		video: {
			async generate(this: IExecuteFunctions) {
				return await executeGenerate.call(this, {
					family,
					buildRequest: (params, provider) => mappers[provider](params),
				});
			},
			async getTask(this: IExecuteFunctions) {
				return await executeGetTask.call(this, family);
			},
		},
	};
}
