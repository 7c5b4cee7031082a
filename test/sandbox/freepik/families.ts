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

export const FREEPIK_FAMILIES: readonly FreepikFamily[] = [
	{
		family: 'omni',
		listPath: '/v1/ai/video/kling-v3-omni',
		createPaths: [
			{ path: '/v1/ai/video/kling-v3-omni-std', tier: 'std' },
			{ path: '/v1/ai/video/kling-v3-omni-pro', tier: 'pro' },
		],
		schema: freepikOmniSchema,
		endpoints: { create: 'freepik.omni.create', status: 'freepik.omni.status', list: 'freepik.omni.list' },
	},
	{
		family: 'omniReference',
		listPath: '/v1/ai/reference-to-video/kling-v3-omni',
		createPaths: [
			{ path: '/v1/ai/reference-to-video/kling-v3-omni-std', tier: 'std' },
			{ path: '/v1/ai/reference-to-video/kling-v3-omni-pro', tier: 'pro' },
			// Legacy path from the older docs (pro only); its tasks belong to the reference family.
			{ path: '/v1/ai/video/kling-v3-omni-pro/video-reference', tier: 'pro' },
		],
		schema: freepikOmniReferenceSchema,
		endpoints: {
			create: 'freepik.omniReference.create',
			status: 'freepik.omniReference.status',
			list: 'freepik.omniReference.list',
		},
	},
	{
		family: 'v3',
		listPath: '/v1/ai/video/kling-v3',
		createPaths: [
			{ path: '/v1/ai/video/kling-v3-std', tier: 'std' },
			{ path: '/v1/ai/video/kling-v3-pro', tier: 'pro' },
		],
		schema: freepikV3Schema,
		endpoints: { create: 'freepik.v3.create', status: 'freepik.v3.status', list: 'freepik.v3.list' },
	},
	// Turbo: the resolution is in the create path; status and list are per mode, for both resolutions.
	{
		family: 'turboText',
		listPath: '/v1/ai/text-to-video/kling-v3-turbo',
		createPaths: [
			{ path: '/v1/ai/text-to-video/kling-v3-turbo-720p', tier: '720p' },
			{ path: '/v1/ai/text-to-video/kling-v3-turbo-1080p', tier: '1080p' },
		],
		schema: freepikTurboTextSchema,
		endpoints: { create: 'freepik.turboText.create', status: 'freepik.turboText.status', list: 'freepik.turboText.list' },
	},
	{
		family: 'turboImage',
		listPath: '/v1/ai/image-to-video/kling-v3-turbo',
		createPaths: [
			{ path: '/v1/ai/image-to-video/kling-v3-turbo-720p', tier: '720p' },
			{ path: '/v1/ai/image-to-video/kling-v3-turbo-1080p', tier: '1080p' },
		],
		schema: freepikTurboImageSchema,
		endpoints: { create: 'freepik.turboImage.create', status: 'freepik.turboImage.status', list: 'freepik.turboImage.list' },
	},
	// Motion Control: each tier has its own create, list and status paths.
	...(['std', 'pro'] as const).map(
		(tier): FreepikFamily => ({
			family: 'motionControl',
			listPath: `/v1/ai/video/kling-v3-motion-control-${tier}`,
			createPaths: [{ path: `/v1/ai/video/kling-v3-motion-control-${tier}`, tier }],
			onlyTier: tier,
			schema: freepikMotionControlSchema,
			endpoints: {
				create: 'freepik.motionControl.create',
				status: 'freepik.motionControl.status',
				list: 'freepik.motionControl.list',
			},
		}),
	),
];
