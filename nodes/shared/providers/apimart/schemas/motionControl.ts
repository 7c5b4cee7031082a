import type { z } from 'zod/v3';

import { choice, exactly, flag, httpUrl, promptText, record } from '../../../schemas/common';

/**
 * APIMart `kling-v3-motion-control` on POST /v1/videos/generations. Which fields besides `model`
 * are required is not in the stored docs: the node always sends image_url, video_url,
 * character_orientation and mode (a gateway with the same body requires those four), so the
 * contract requires them too. No cfg_scale, no callback on APIMart.
 */
export const apimartMotionControlFields = record({
	model: exactly('kling-v3-motion-control'),
	image_url: httpUrl(),
	video_url: httpUrl(),
	character_orientation: choice(['image', 'video']),
	mode: choice(['std', 'pro']),
	prompt: promptText().optional(),
	keep_original_sound: choice(['yes', 'no']).optional(),
	watermark_info: record({ enabled: flag() }).optional(),
});

export type ApimartMotionControlBody = z.infer<typeof apimartMotionControlFields>;

export const apimartMotionControlBody = apimartMotionControlFields;
