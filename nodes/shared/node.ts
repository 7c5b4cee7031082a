import type { IExecuteFunctions, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { qualityField } from './descriptions/fields';
import { operationProperties } from './descriptions/operations';
import { providerCredentials, providerProperty, requestDefaults, resourceProperty } from './descriptions/provider';
import { waitProperties } from './descriptions/waiting';
import { resumeWebhook } from './descriptions/webhook';
import { executeGenerate } from './generate';
import { providersFor, rowsFor } from './models';
import { PROVIDER_NAMES, PROVIDERS } from './providers';
import type { Family, Provider } from './providers/types';
import { executeGetTask, executeListTasks } from './tasks';

/**
 * What the generation nodes share in their description: the credentials of every provider that
 * serves the family, the resume webhook, and provider / operation / wait fields around each
 * provider's own generation fields (Quality first, from the model table).
 */
export function generationDescription(
	family: Family,
): Pick<INodeTypeDescription, 'credentials' | 'requestDefaults' | 'webhooks' | 'properties'> {
	const providers = providersFor(family, PROVIDER_NAMES).map((name) => PROVIDERS[name]);
	return {
		credentials: providerCredentials(providers),
		requestDefaults,
		webhooks: [resumeWebhook],
		properties: [
			providerProperty(providers),
			resourceProperty,
			...operationProperties(family, providers),
			...providers.flatMap((provider) => generateFields(family, provider)),
			...waitProperties(providers),
		],
	};
}

function generateFields(family: Family, provider: Provider): INodeProperties[] {
	const show = { authentication: [provider.name], operation: ['generate'] };
	return [qualityField(show, provider.qualityParameter, rowsFor(family, provider.name)), ...provider.generateFields(family, show)];
}

/**
 * The `customOperations` of a generation node: Generate Video orchestrates all items together;
 * Get Task reads each item's task id; Get Many pages through the provider's task list.
 */
export function generationOperations(family: Family) {
	return {
		video: {
			async generate(this: IExecuteFunctions) {
				return await executeGenerate.call(this, family);
			},
			async getTask(this: IExecuteFunctions) {
				return await executeGetTask.call(this, family);
			},
			async listTasks(this: IExecuteFunctions) {
				return await executeListTasks.call(this, family);
			},
		},
	};
}
