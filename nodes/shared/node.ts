import type { IExecuteFunctions, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { modelField, qualityField } from './descriptions/fields';
import { operationProperties } from './descriptions/operations';
import { providerCredentials, providerProperty, requestDefaults, resourceProperty } from './descriptions/provider';
import { waitProperties } from './descriptions/waiting';
import { resumeWebhook } from './descriptions/webhook';
import { executeGenerate } from './generate';
import { MODEL_PARAMETER, modelOptionsFor, providersFor, rowsFor } from './models';
import { PROVIDER_NAMES, PROVIDERS } from './providers';
import type { Family, ModelRow, Provider } from './providers/types';
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

/**
 * Quality first, from the model table. A family with several models (Kling V3: Kling 3, Kling 3
 * Turbo) gets a Model field before it and one Quality field per model, each listing that model's
 * tiers; the provider's fields then hide what a model does not take (see ModelRow.modelOption).
 */
function generateFields(family: Family, provider: Provider): INodeProperties[] {
	const show = { authentication: [provider.name], operation: ['generate'] };
	const rows = rowsFor(family, provider.name);
	const models = modelOptionsFor(family, provider.name);
	if (models.length === 0) return [qualityField(show, provider.qualityParameter, rows), ...provider.generateFields(family, show)];
	return [
		modelField(show, MODEL_PARAMETER, models),
		...models.map((model) =>
			qualityField(
				{ ...show, [MODEL_PARAMETER]: [model.value] },
				provider.qualityParameter,
				uniqueTiers(rows.filter((entry) => entry.modelOption?.value === model.value)),
			),
		),
		...provider.generateFields(family, show),
	];
}

/** A model with a row per input mode has each tier twice: the Quality field lists it once. */
function uniqueTiers(rows: ModelRow[]): ModelRow[] {
	return rows.filter((entry, index) => rows.findIndex((other) => other.tier === entry.tier) === index);
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
