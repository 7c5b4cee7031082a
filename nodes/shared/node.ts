import type { IExecuteFunctions, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { modelField, QUALITY_PARAMETER, qualityField } from './descriptions/fields';
import { operationLabels, operationProperties } from './descriptions/operations';
import { credentialPlacement, providerCredentials, providerProperty, requestDefaults, resourceProperty } from './descriptions/provider';
import { DEFAULT_NODE_VERSION, forVersions, fromVersionTwo, inVersionOne, nodeVersions } from './descriptions/versions';
import { waitProperties } from './descriptions/waiting';
import { resumeWebhook } from './descriptions/webhook';
import { executeGenerate } from './generate';
import { FAMILY_LABELS, MODEL_PARAMETER, modelOptionsFor, providersFor, rowsFor } from './models';
import { PROVIDER_NAMES, PROVIDERS } from './providers';
import type { Family, ModelRow, Provider } from './providers/types';
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
	const versions = nodeVersions(family);
	return {
		version: versions,
		defaultVersion: DEFAULT_NODE_VERSION,
		credentials: providerCredentials(providers),
		requestDefaults,
		webhooks: [resumeWebhook],
		properties: forVersions(versions, [
			providerProperty(providers),
			credentialPlacement,
			resourceProperty,
			...operationProperties(family, providers),
			...providers.flatMap((provider) => generateFields(family, provider)),
			...waitProperties(providers),
		]),
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
	// One Quality field per model (a single one where the family has one model), in each form.
	const qualities =
		models.length === 0
			? [{ show, rows }]
			: models.map((model) => ({
					show: { ...show, [MODEL_PARAMETER]: [model.value] },
					rows: uniqueTiers(rows.filter((entry) => entry.modelOption?.value === model.value)),
				}));
	return [
		...(models.length === 0 ? [] : [modelField(show, MODEL_PARAMETER, models)]),
		...qualities.flatMap((quality) => [
			qualityField(fromVersionTwo(quality.show), quality.rows),
			qualityField(inVersionOne(quality.show), quality.rows, provider.versionOneQualityParameter),
		]),
		...provider.generateFields(family, show),
	];
}

/** A model with a row per input mode has each tier twice: the Quality field lists it once. */
function uniqueTiers(rows: ModelRow[]): ModelRow[] {
	return rows.filter((entry, index) => rows.findIndex((other) => other.tier === entry.tier) === index);
}

/**
 * "Generate · Freepik · Omni Pro": operation, provider, and for Generate Video the model and its
 * Quality (saved as `quality`, or in version 1 under the provider's own name). Where the family
 * has a Model field (Kling V3), the chosen model is part of the key: "V3 Turbo 720p".
 */
export function generationSubtitle(family: Family): string {
	const providers = providersFor(family, PROVIDER_NAMES).map((name) => PROVIDERS[name]);
	const providerLabels = Object.fromEntries(providers.map((provider) => [provider.name, provider.label]));
	const defaultModel = modelOptionsFor(family, providers[0].name)[0]?.value;
	const rowKey = (row: ModelRow) => (defaultModel === undefined ? row.tier : `${row.modelOption?.value}/${row.tier}`);
	const models = Object.fromEntries(
		providers.flatMap((provider) => rowsFor(family, provider.name)).map((row) => [rowKey(row), `${FAMILY_LABELS[family]} ${row.quality.shortName}`]),
	);
	const tierNames = [QUALITY_PARAMETER.name, ...new Set(providers.map((provider) => provider.versionOneQualityParameter.name))];
	const tier = `(${tierNames.map((name) => `$parameter.${name}`).join(' || ')} || ${JSON.stringify(rowsFor(family, providers[0].name)[0].tier)})`;
	const key = defaultModel === undefined ? tier : `($parameter.${MODEL_PARAMETER} || ${JSON.stringify(defaultModel)}) + "/" + ${tier}`;
	const operation = `(${JSON.stringify(operationLabels())}[$parameter.operation] || $parameter.operation)`;
	const provider = `${JSON.stringify(providerLabels)}[$parameter.authentication]`;
	const model = `($parameter.operation === "generate" ? " · " + ${JSON.stringify(models)}[${key}] : "")`;
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
