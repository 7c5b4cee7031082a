import type { ZodTypeAny } from 'zod';
import type { TaskFamily } from '../tasks/taskStore';
import { apimartMotionControlSchema } from './motionControlSchema';
import { apimartOmniSchema } from './omniSchema';
import { apimartTurboSchema } from './turboSchema';
import { apimartV3Schema } from './v3Schema';

export const APIMART_MODELS: Readonly<Record<string, { family: TaskFamily; schema: ZodTypeAny }>> = {
	'kling-v3-omni': { family: 'kling-v3-omni', schema: apimartOmniSchema },
	'kling-v3': { family: 'kling-v3', schema: apimartV3Schema },
	'kling-3.0-turbo': { family: 'kling-3.0-turbo', schema: apimartTurboSchema },
	'kling-v3-motion-control': { family: 'kling-v3-motion-control', schema: apimartMotionControlSchema },
};
