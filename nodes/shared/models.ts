import * as apimartMapping from './providers/apimart/mapping';
import { apimartKling3Body } from './providers/apimart/schemas/kling3';
import { apimartOmniBody } from './providers/apimart/schemas/omni';
import * as freepikMapping from './providers/freepik/mapping';
import { freepikKling3Body } from './providers/freepik/schemas/kling3';
import { freepikOmniBody } from './providers/freepik/schemas/omni';
import { freepikOmniReferenceBody } from './providers/freepik/schemas/omniReference';
import type { Endpoints, Family, ModelRow, ProviderName, QualityOption } from './providers/types';

const STANDARD: QualityOption = { name: 'Standard', description: 'Faster and cheaper' };
const PRO: QualityOption = { name: 'Pro', description: 'Higher quality' };
const STANDARD_720P: QualityOption = { name: 'Standard (720p)' };
const PRO_1080P: QualityOption = { name: 'Pro (1080p)' };
const ULTRA_4K: QualityOption = { name: '4K' };

/** Freepik: the tier is in the create path; status and list paths are tier-less. */
function freepikEndpoints(createPrefix: string, tasks: string, tier: string): Endpoints {
	return { create: `${createPrefix}-${tier}`, status: `${tasks}/{taskId}`, list: tasks };
}

/** APIMart: one create endpoint for every model, one status endpoint, no list. */
const APIMART_ENDPOINTS: Endpoints = { create: '/v1/videos/generations', status: '/v1/tasks/{taskId}' };

function row(fields: Omit<ModelRow, 'key'>): ModelRow {
	return { ...fields, key: `${fields.provider}/${fields.family}/${fields.tier}` };
}

/**
 * The model table: one row per family x provider x tier. The forms' Quality options, the
 * endpoint a create goes to, the body's contract and its mapper all come from here. Adding a
 * model is adding rows (plus its mapper and schema in each provider's folder).
 */
export const MODEL_ROWS: ModelRow[] = [
	...(['std', 'pro'] as const).map((tier) =>
		row({
			family: 'omni',
			provider: 'freepik',
			tier,
			model: `kling-v3-omni-${tier}`,
			familyModel: 'kling-v3-omni',
			endpoints: freepikEndpoints('/v1/ai/video/kling-v3-omni', '/v1/ai/video/kling-v3-omni', tier),
			contract: 'freepik.omni',
			schema: freepikOmniBody,
			map: freepikMapping.mapOmni,
			quality: tier === 'std' ? STANDARD : PRO,
		}),
	),
	// The older pro-only path /v1/ai/video/kling-v3-omni-pro/video-reference takes the same body
	// but is no longer in the current docs and has no std tier, so it is not offered.
	...(['std', 'pro'] as const).map((tier) =>
		row({
			family: 'omniReference',
			provider: 'freepik',
			tier,
			model: `kling-v3-omni-reference-${tier}`,
			familyModel: 'kling-v3-omni-reference',
			endpoints: freepikEndpoints('/v1/ai/reference-to-video/kling-v3-omni', '/v1/ai/reference-to-video/kling-v3-omni', tier),
			contract: 'freepik.omniReference',
			schema: freepikOmniReferenceBody,
			map: freepikMapping.mapOmniReference,
			quality: tier === 'std' ? STANDARD : PRO,
		}),
	),
	...(['std', 'pro'] as const).map((tier) =>
		row({
			family: 'kling3',
			provider: 'freepik',
			tier,
			model: `kling-v3-${tier}`,
			familyModel: 'kling-v3',
			endpoints: freepikEndpoints('/v1/ai/video/kling-v3', '/v1/ai/video/kling-v3', tier),
			contract: 'freepik.kling3',
			schema: freepikKling3Body,
			map: freepikMapping.mapKling3,
			quality: tier === 'std' ? STANDARD : PRO,
		}),
	),
	...apimartTiers().map(([tier, quality]) =>
		row({
			family: 'omni',
			provider: 'apimart',
			tier,
			model: 'kling-v3-omni',
			familyModel: 'kling-v3-omni',
			endpoints: APIMART_ENDPOINTS,
			contract: 'apimart.omni',
			schema: apimartOmniBody,
			map: apimartMapping.mapOmni,
			quality,
		}),
	),
	// Video to video on APIMart is the Omni model with a `video_list`.
	...apimartTiers().map(([tier, quality]) =>
		row({
			family: 'omniReference',
			provider: 'apimart',
			tier,
			model: 'kling-v3-omni',
			familyModel: 'kling-v3-omni',
			endpoints: APIMART_ENDPOINTS,
			contract: 'apimart.omni',
			schema: apimartOmniBody,
			map: apimartMapping.mapOmniReference,
			quality,
		}),
	),
	...apimartTiers().map(([tier, quality]) =>
		row({
			family: 'kling3',
			provider: 'apimart',
			tier,
			model: 'kling-v3',
			familyModel: 'kling-v3',
			endpoints: APIMART_ENDPOINTS,
			contract: 'apimart.kling3',
			schema: apimartKling3Body,
			map: apimartMapping.mapKling3,
			quality,
		}),
	),
];

function apimartTiers(): Array<[string, QualityOption]> {
	return [
		['std', STANDARD_720P],
		['pro', PRO_1080P],
		['4k', ULTRA_4K],
	];
}

/** The rows of one family on one provider, in the form's order (the first is the default). */
export function rowsFor(family: Family, provider: ProviderName): ModelRow[] {
	return MODEL_ROWS.filter((entry) => entry.family === family && entry.provider === provider);
}

/** Providers that serve a family, in the registry's order. */
export function providersFor(family: Family, providers: ProviderName[]): ProviderName[] {
	return providers.filter((provider) => rowsFor(family, provider).length > 0);
}

export function rowByKey(key: unknown): ModelRow | undefined {
	return MODEL_ROWS.find((entry) => entry.key === key);
}

/** The row a task id belongs to when only the family is known (Get Task, List Tasks): status paths are tier-less. */
export function familyRow(family: Family, provider: ProviderName): ModelRow {
	return rowsFor(family, provider)[0];
}
