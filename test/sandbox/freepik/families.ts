import type { ZodTypeAny } from 'zod';
import type { EndpointName } from '../endpoints';
import type { TaskFamily } from '../tasks/taskStore';
import { freepikOmniReferenceSchema } from './omniReferenceSchema';
import { freepikOmniSchema } from './omniSchema';
import { freepikV3Schema } from './v3Schema';

export interface FreepikFamily {
	family: TaskFamily;
	/** List path; a task's status is at `<listPath>/<task-id>` (no -std/-pro tier in GET paths). */
	listPath: string;
	createPaths: ReadonlyArray<{ path: string; tier: 'std' | 'pro' }>;
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
];
