import type { ZodTypeAny } from 'zod';
import type { EndpointName } from '../endpoints';
import type { TaskFamily } from '../tasks/taskStore';
import { freepikMotionControlSchema } from './motionControlSchema';
import { freepikOmniReferenceSchema } from './omniReferenceSchema';
import { freepikOmniSchema } from './omniSchema';
import { freepikTurboImageSchema, freepikTurboTextSchema } from './turboSchema';
import { freepikV3Schema } from './v3Schema';

export interface FreepikFamily {
	family: TaskFamily;
	/**
	 * List path; a task's status is at `<listPath>/<task-id>`. Most families have no -std/-pro tier
	 * in GET paths; Motion Control has a family entry per tier (`onlyTier`), each with its own paths.
	 */
	listPath: string;
	/** The tier (or Turbo's resolution) a create path records on its tasks. */
	createPaths: ReadonlyArray<{ path: string; tier: string }>;
	/** List and status show only tasks of this tier (Motion Control's per-tier paths). */
	onlyTier?: string;
	schema: ZodTypeAny;
	endpoints: { create: EndpointName; status: EndpointName; list: EndpointName };
}

type FreepikTaskFamily = 'omni' | 'omniReference' | 'v3' | 'turboText' | 'turboImage' | 'motionControl';

/** A family whose create paths are `<listPath>-<tier>`; `more` adds to or changes the entry. */
function family(name: FreepikTaskFamily, listPath: string, tiers: readonly string[], schema: ZodTypeAny, more: Partial<FreepikFamily> = {}): FreepikFamily {
	return {
		family: name,
		listPath,
		createPaths: tiers.map((tier) => ({ path: `${listPath}-${tier}`, tier })),
		schema,
		endpoints: { create: `freepik.${name}.create`, status: `freepik.${name}.status`, list: `freepik.${name}.list` },
		...more,
	};
}

export const FREEPIK_FAMILIES: readonly FreepikFamily[] = [
	family('omni', '/v1/ai/video/kling-v3-omni', ['std', 'pro'], freepikOmniSchema),
	family('omniReference', '/v1/ai/reference-to-video/kling-v3-omni', [], freepikOmniReferenceSchema, {
		createPaths: [
			{ path: '/v1/ai/reference-to-video/kling-v3-omni-std', tier: 'std' },
			{ path: '/v1/ai/reference-to-video/kling-v3-omni-pro', tier: 'pro' },
			// Legacy path from the older docs (pro only); its tasks belong to the reference family.
			{ path: '/v1/ai/video/kling-v3-omni-pro/video-reference', tier: 'pro' },
		],
	}),
	family('v3', '/v1/ai/video/kling-v3', ['std', 'pro'], freepikV3Schema),
	// Turbo: the resolution is in the create path; status and list are per mode, for both resolutions.
	family('turboText', '/v1/ai/text-to-video/kling-v3-turbo', ['720p', '1080p'], freepikTurboTextSchema),
	family('turboImage', '/v1/ai/image-to-video/kling-v3-turbo', ['720p', '1080p'], freepikTurboImageSchema),
	// Motion Control: each tier has its own create, list and status paths.
	...(['std', 'pro'] as const).map((tier) =>
		family('motionControl', `/v1/ai/video/kling-v3-motion-control-${tier}`, [], freepikMotionControlSchema, {
			createPaths: [{ path: `/v1/ai/video/kling-v3-motion-control-${tier}`, tier }],
			onlyTier: tier,
		}),
	),
];
