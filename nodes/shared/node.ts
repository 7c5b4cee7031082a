import type { IExecuteFunctions, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { QUALITY_PARAMETER, qualityField } from './descriptions/fields';
import { operationLabels, operationProperties } from './descriptions/operations';
import { credentialPlacement, providerCredentials, providerProperty, requestDefaults, resourceProperty } from './descriptions/provider';
import { DEFAULT_NODE_VERSION, fromVersionTwo, inVersionOne, NODE_VERSIONS } from './descriptions/versions';
import { waitProperties } from './descriptions/waiting';
import { resumeWebhook } from './descriptions/webhook';
import { executeGenerate } from './generate';
import { FAMILY_LABELS, providersFor, rowsFor } from './models';
import { PROVIDER_NAMES, PROVIDERS } from './providers';
import type { Family, Provider } from './providers/types';
import { executeGetTask, executeListTasks, searchTasks } from './tasks';

/**
 * What the generation nodes share in their description: versions, subtitle, the credentials of
 * every provider that serves the family, the resume webhook, and provider / operation / wait
 * fields around each provider's own generation fields (Quality first, from the model table).
 */
export function generationDescription(
	family: Family,
): Pick<INodeTypeDescription, 'version' | 'defaultVersion' | 'credentials' | 'requestDefaults' | 'webhooks' | 'properties'> {
	const providers = providersFor(family, PROVIDER_NAMES).map((name) => PROVIDERS[name]);
	return {
		version: NODE_VERSIONS,
		defaultVersion: DEFAULT_NODE_VERSION,
		credentials: providerCredentials(providers),
		requestDefaults,
		webhooks: [resumeWebhook],
		properties: [
			providerProperty(providers),
			credentialPlacement,
			resourceProperty,
			...operationProperties(family, providers),
			...providers.flatMap((provider) => generateFields(family, provider)),
			...waitProperties(providers),
		],
	};
}

function generateFields(family: Family, provider: Provider): INodeProperties[] {
	const show = { authentication: [provider.name], operation: ['generate'] };
	const rows = rowsFor(family, provider.name);
	return [
		qualityField(fromVersionTwo(show), rows),
		qualityField(inVersionOne(show), rows, provider.versionOneQualityParameter),
		...provider.generateFields(family, show),
	];
}

/**
 * "Generate · Freepik · Omni Pro": operation, provider, and for Generate Video the model and its
 * Quality (saved as `quality`, or in version 1 under the provider's own name).
 */
export function generationSubtitle(family: Family): string {
	const providers = providersFor(family, PROVIDER_NAMES).map((name) => PROVIDERS[name]);
	const providerLabels = Object.fromEntries(providers.map((provider) => [provider.name, provider.label]));
	const models = Object.fromEntries(
		providers.flatMap((provider) => rowsFor(family, provider.name)).map((row) => [row.tier, `${FAMILY_LABELS[family]} ${row.quality.shortName}`]),
	);
	const tierNames = [QUALITY_PARAMETER.name, ...new Set(providers.map((provider) => provider.versionOneQualityParameter.name))];
	const tier = `(${tierNames.map((name) => `$parameter.${name}`).join(' || ')} || ${JSON.stringify(rowsFor(family, providers[0].name)[0].tier)})`;
	const operation = `(${JSON.stringify(operationLabels())}[$parameter.operation] || $parameter.operation)`;
	const provider = `${JSON.stringify(providerLabels)}[$parameter.authentication]`;
	const model = `($parameter.operation === "generate" ? " · " + ${JSON.stringify(models)}[${tier}] : "")`;
	return `={{ ${operation} + " · " + ${provider} + ${model} }}`;
}

/**
 * The `customOperations` of a generation node: Generate Video orchestrates all items together;
 * Get Task reads each item's task id; Get Many pages through the provider's task list. Version-1
 * nodes saved the last two as `getTask` and `listTasks`.
 */
export function generationOperations(family: Family) {
	const get = async function (this: IExecuteFunctions) {
		return await executeGetTask.call(this, family);
	};
	const getAll = async function (this: IExecuteFunctions) {
		return await executeListTasks.call(this, family);
	};
	return {
		video: {
			async generate(this: IExecuteFunctions) {
				return await executeGenerate.call(this, family);
			},
			get,
			getAll,
			getTask: get,
			listTasks: getAll,
		},
	};
}

/** Task ID's From List: the provider's recent tasks. */
export function generationMethods(family: Family) {
	return {
		listSearch: {
			async searchTasks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
				return await searchTasks.call(this, family, filter);
			},
		},
	};
}
