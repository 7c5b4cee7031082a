import * as apimartMapping from './providers/apimart/mapping';
import { apimartKling3Body } from './providers/apimart/schemas/kling3';
import { apimartMotionControlBody } from './providers/apimart/schemas/motionControl';
import { apimartOmniBody } from './providers/apimart/schemas/omni';
import { apimartTurboBody } from './providers/apimart/schemas/turbo';
import * as freepikMapping from './providers/freepik/mapping';
import { freepikKling3Body } from './providers/freepik/schemas/kling3';
import { freepikMotionControlBody } from './providers/freepik/schemas/motionControl';
import { freepikOmniBody } from './providers/freepik/schemas/omni';
import { freepikOmniReferenceBody } from './providers/freepik/schemas/omniReference';
import { freepikTurboImageBody, freepikTurboTextBody } from './providers/freepik/schemas/turbo';
import type { Family, ModelOption, ModelRow, ProviderName, QualityOption } from './providers/types';

// One set of Quality options for every provider: Kling 3's std and pro modes are 720p and 1080p.
const STANDARD_720P: QualityOption = { name: 'Standard (720p)', description: 'Faster and cheaper', shortName: 'Standard' };
const PRO_1080P: QualityOption = { name: 'Pro (1080p)', description: 'Higher quality', shortName: 'Pro' };
const ULTRA_4K: QualityOption = { name: '4K', description: 'Highest resolution', shortName: '4K' };
// Kling 3 Turbo's resolutions, offered as Standard and Pro like Kling 3's; the subtitle names the model.
const TURBO_720P: QualityOption = { ...STANDARD_720P, shortName: 'Turbo 720p' };
const TURBO_1080P: QualityOption = { ...PRO_1080P, shortName: 'Turbo 1080p' };
// Motion Control's tiers: neither provider documents their resolutions.
const STANDARD: QualityOption = { name: 'Standard', description: 'Faster and cheaper', shortName: 'Standard' };
const PRO: QualityOption = { name: 'Pro', description: 'Higher quality', shortName: 'Pro' };

/** How the node's subtitle names a family's model ("Omni Pro"). */
export const FAMILY_LABELS: Record<Family, string> = {
	omni: 'Omni',
	omniReference: 'Omni Reference',
	kling3: 'V3',
	motionControl: 'Motion Control',
};

/** Kling V3's Model field: Kling 3 (the rows before Turbo existed keep their keys) and Kling 3 Turbo. */
const KLING_3: ModelOption = { value: 'kling-v3', name: 'Kling 3' };
const KLING_3_TURBO: ModelOption = { value: 'kling-v3-turbo', name: 'Kling 3 Turbo', description: 'Fast, cheaper drafts' };

/**
 * The key is `<provider>/<family>/<tier>`, kept in parked executions: existing keys never change.
 * A second model of a family prefixes its tier (`turbo-std`), a row per input mode appends it.
 */
function row(fields: Omit<ModelRow, 'key'>, keyTier = fields.tier): ModelRow {
	const key = [fields.provider, fields.family, keyTier, fields.inputMode].filter(Boolean).join('/');
	return { ...fields, key };
}

type FamilyModel = Pick<ModelRow, 'family' | 'familyModel' | 'contract' | 'schema' | 'map' | 'modelOption'>;

type Tier = 'std' | 'pro';

/** Freepik: one create path per tier (`<path>-std`, `<path>-pro`), each row's paths from `endpoints`. */
function freepikTierRows(fields: FamilyModel, endpoints: (tier: Tier) => ModelRow['endpoints'], qualities: Record<Tier, QualityOption>): ModelRow[] {
	return (['std', 'pro'] as const).map((tier) =>
		row({
			...fields,
			provider: 'freepik',
			tier,
			model: `${fields.familyModel}-${tier}`,
			endpoints: endpoints(tier),
			quality: qualities[tier],
		}),
	);
}

/** Most Freepik families: status and list on `<path>`, tier-less. */
function freepikRows(path: string, fields: FamilyModel): ModelRow[] {
	return freepikTierRows(fields, (tier) => ({ create: `${path}-${tier}`, status: `${path}/{taskId}`, list: path }), { std: STANDARD_720P, pro: PRO_1080P });
}

/**
 * Freepik's Motion Control: unlike the other families, each tier has its own create, status and
 * list path (`<path>-std`, `<path>-std/{task-id}`), so Get Task and Get Many walk both.
 */
function freepikTierPathRows(path: string, fields: FamilyModel): ModelRow[] {
	return freepikTierRows(fields, (tier) => ({ create: `${path}-${tier}`, status: `${path}-${tier}/{taskId}`, list: `${path}-${tier}` }), { std: STANDARD, pro: PRO });
}

/**
 * Freepik's Kling 3 Turbo: the resolution is in the create path (`-720p`, `-1080p`, offered as
 * Standard and Pro like Kling 3's 720p and 1080p), and text to video and image to video are two
 * task namespaces, each with its own status and list path (shared by both resolutions). So a row
 * per resolution and input mode; the item's Start Frame picks the mode.
 */
function freepikTurboRows(): ModelRow[] {
	const resolutions: Array<[string, string, QualityOption]> = [
		['std', '720p', TURBO_720P],
		['pro', '1080p', TURBO_1080P],
	];
	const modes = [
		{ inputMode: 'text' as const, path: '/v1/ai/text-to-video/kling-v3-turbo', schema: freepikTurboTextBody, contract: 'freepik.turboText' },
		{ inputMode: 'image' as const, path: '/v1/ai/image-to-video/kling-v3-turbo', schema: freepikTurboImageBody, contract: 'freepik.turboImage' },
	];
	return resolutions.flatMap(([tier, resolution, quality]) =>
		modes.map((mode) =>
			row(
				{
					family: 'kling3',
					provider: 'freepik',
					tier,
					modelOption: KLING_3_TURBO,
					inputMode: mode.inputMode,
					model: `kling-v3-turbo-${resolution}`,
					familyModel: 'kling-v3-turbo',
					endpoints: { create: `${mode.path}-${resolution}`, status: `${mode.path}/{taskId}`, list: mode.path },
					contract: mode.contract,
					schema: mode.schema,
					map: freepikMapping.mapTurbo,
					quality,
				},
				`turbo-${tier}`,
			),
		),
	);
}

const APIMART_TIERS: Array<[string, QualityOption]> = [
	['std', STANDARD_720P],
	['pro', PRO_1080P],
	['4k', ULTRA_4K],
];

/**
 * APIMart: one create and one status endpoint for every model, the tier in the body (`mode`, or
 * Turbo's `resolution`), no list. `keyPrefix` keeps a second model's keys apart from the first's.
 */
function apimartRows(fields: FamilyModel, tiers = APIMART_TIERS, keyPrefix = ''): ModelRow[] {
	return tiers.map(([tier, quality]) =>
		row({
			...fields,
			provider: 'apimart',
			tier,
			model: fields.familyModel,
			endpoints: { create: '/v1/videos/generations', status: '/v1/tasks/{taskId}' },
			quality,
		}, `${keyPrefix}${tier}`),
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
		modelOption: KLING_3,
	}),
	...freepikTurboRows(),
	...freepikTierPathRows('/v1/ai/video/kling-v3-motion-control', {
		family: 'motionControl',
		familyModel: 'kling-v3-motion-control',
		contract: 'freepik.motionControl',
		schema: freepikMotionControlBody,
		map: freepikMapping.mapMotionControl,
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
	...apimartRows({
		family: 'kling3',
		familyModel: 'kling-v3',
		contract: 'apimart.kling3',
		schema: apimartKling3Body,
		map: apimartMapping.mapKling3,
		modelOption: KLING_3,
	}),
	// Turbo's `resolution` (720p, 1080p) is offered as Standard and Pro, like Kling 3's `mode`; no 4K.
	...apimartRows(
		{
			family: 'kling3',
			familyModel: 'kling-3.0-turbo',
			contract: 'apimart.turbo',
			schema: apimartTurboBody,
			map: apimartMapping.mapTurbo,
			modelOption: KLING_3_TURBO,
		},
		[
			['std', TURBO_720P],
			['pro', TURBO_1080P],
		],
		'turbo-',
	),
	...apimartRows(
		{
			family: 'motionControl',
			familyModel: 'kling-v3-motion-control',
			contract: 'apimart.motionControl',
			schema: apimartMotionControlBody,
			map: apimartMapping.mapMotionControl,
		},
		[
			['std', STANDARD],
			['pro', PRO],
		],
	),
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

/** The node parameter of a family's Model field, where it has one (see ModelRow.modelOption). */
export const MODEL_PARAMETER = 'model';

/** The Model options of a family on a provider, in the table's order; empty when it has one model. */
export function modelOptionsFor(family: Family, provider: ProviderName): ModelOption[] {
	const options = new Map<string, ModelOption>();
	for (const entry of rowsFor(family, provider)) if (entry.modelOption) options.set(entry.modelOption.value, entry.modelOption);
	return options.size > 1 ? [...options.values()] : [];
}

/**
 * The rows a task id of a family may belong to when only the family is known (Get Task, List
 * Tasks): one per distinct status path (or list path), in the table's order. Most families have
 * one; Motion Control (a path per tier) and Kling 3 Turbo (a path per input mode) have more.
 */
export function distinctRows(family: Family, provider: ProviderName, endpoint: 'status' | 'list'): ModelRow[] {
	const seen = new Set<string>();
	return rowsFor(family, provider).filter((entry) => {
		const path = entry.endpoints[endpoint];
		if (path === undefined || seen.has(path)) return false;
		seen.add(path);
		return true;
	});
}
