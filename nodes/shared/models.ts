import * as apimartMapping from './providers/apimart/mapping';
import { apimartKling3Body } from './providers/apimart/schemas/kling3';
import { apimartOmniBody } from './providers/apimart/schemas/omni';
import * as freepikMapping from './providers/freepik/mapping';
import { freepikKling3Body } from './providers/freepik/schemas/kling3';
import { freepikOmniBody } from './providers/freepik/schemas/omni';
import { freepikOmniReferenceBody } from './providers/freepik/schemas/omniReference';
import type { Family, ModelRow, ProviderName, QualityOption } from './providers/types';

// One set of Quality options for every provider: Kling 3's std and pro modes are 720p and 1080p.
const STANDARD_720P: QualityOption = { name: 'Standard (720p)', description: 'Faster and cheaper', shortName: 'Standard' };
const PRO_1080P: QualityOption = { name: 'Pro (1080p)', description: 'Higher quality', shortName: 'Pro' };
const ULTRA_4K: QualityOption = { name: '4K', description: 'Highest resolution', shortName: '4K' };

/** How the node's subtitle names a family's model ("Omni Pro"). */
export const FAMILY_LABELS: Record<Family, string> = { omni: 'Omni', omniReference: 'Omni Reference', kling3: 'V3' };

function row(fields: Omit<ModelRow, 'key'>): ModelRow {
	return { ...fields, key: `${fields.provider}/${fields.family}/${fields.tier}` };
}

type FamilyModel = Pick<ModelRow, 'family' | 'familyModel' | 'contract' | 'schema' | 'map'>;

/** Freepik: one create path per tier (`<path>-std`, `<path>-pro`); status and list on `<path>`, tier-less. */
function freepikRows(path: string, fields: FamilyModel): ModelRow[] {
	return (['std', 'pro'] as const).map((tier) =>
		row({
			...fields,
			provider: 'freepik',
			tier,
			model: `${fields.familyModel}-${tier}`,
			endpoints: { create: `${path}-${tier}`, status: `${path}/{taskId}`, list: path },
			quality: tier === 'std' ? STANDARD_720P : PRO_1080P,
		}),
	);
}

/** APIMart: one create and one status endpoint for every model, the tier (`mode`) in the body, no list. */
function apimartRows(fields: FamilyModel): ModelRow[] {
	const tiers: Array<[string, QualityOption]> = [
		['std', STANDARD_720P],
		['pro', PRO_1080P],
		['4k', ULTRA_4K],
	];
	return tiers.map(([tier, quality]) =>
		row({
			...fields,
			provider: 'apimart',
			tier,
			model: fields.familyModel,
			endpoints: { create: '/v1/videos/generations', status: '/v1/tasks/{taskId}' },
			quality,
		}),
	);
}

/**
 * The model table: one row per family x provider x tier. The forms' Quality options, the
 * endpoint a create goes to, the body's contract and its mapper all come from here. Adding a
 * model is adding rows (plus its mapper and schema in each provider's folder).
 */
export const MODEL_ROWS: ModelRow[] = [
	...freepikRows('/v1/ai/video/kling-v3-omni', {
		family: 'omni',
		familyModel: 'kling-v3-omni',
		contract: 'freepik.omni',
		schema: freepikOmniBody,
		map: freepikMapping.mapOmni,
	}),
	// The older pro-only path /v1/ai/video/kling-v3-omni-pro/video-reference takes the same body
	// but is no longer in the current docs and has no std tier, so it is not offered.
	...freepikRows('/v1/ai/reference-to-video/kling-v3-omni', {
		family: 'omniReference',
		familyModel: 'kling-v3-omni-reference',
		contract: 'freepik.omniReference',
		schema: freepikOmniReferenceBody,
		map: freepikMapping.mapOmniReference,
	}),
	...freepikRows('/v1/ai/video/kling-v3', {
		family: 'kling3',
		familyModel: 'kling-v3',
		contract: 'freepik.kling3',
		schema: freepikKling3Body,
		map: freepikMapping.mapKling3,
	}),
	...apimartRows({ family: 'omni', familyModel: 'kling-v3-omni', contract: 'apimart.omni', schema: apimartOmniBody, map: apimartMapping.mapOmni }),
	// Video to video on APIMart is the Omni model with a `video_list`.
	...apimartRows({
		family: 'omniReference',
		familyModel: 'kling-v3-omni',
		contract: 'apimart.omni',
		schema: apimartOmniBody,
		map: apimartMapping.mapOmniReference,
	}),
	...apimartRows({ family: 'kling3', familyModel: 'kling-v3', contract: 'apimart.kling3', schema: apimartKling3Body, map: apimartMapping.mapKling3 }),
];

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
