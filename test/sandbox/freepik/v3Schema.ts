import { z } from 'zod';
import { MAX_SHOTS, MAX_TOTAL_SECONDS, cfgScale, element, httpUrl, klingDuration, promptText, voiceIds } from './common';

const shot = z
	.object({
		prompt: promptText,
		duration: klingDuration,
	})
	.strict();

/**
 * Kling 3 std/pro: `POST /v1/ai/video/kling-v3-{std,pro}`. cfg_scale takes the schema's 0..2
 * (the seed prose says 0..1 for Kling 3; the wider range is what the API schema accepts).
 */
export const freepikV3Schema = z
	.object({
		webhook_url: httpUrl.optional(),
		prompt: promptText.optional(),
		multi_prompt: z.array(shot).min(1).max(MAX_SHOTS, `at most ${MAX_SHOTS} shots`).optional(),
		multi_shot: z.boolean().optional(),
		shot_type: z
			.enum(['customize', 'intelligent'], { errorMap: () => ({ message: 'must be "customize" or "intelligent"' }) })
			.optional(),
		start_image_url: httpUrl.optional(),
		end_image_url: httpUrl.optional(),
		elements: z.array(element).optional(),
		voice_ids: voiceIds.optional(),
		generate_audio: z.boolean().optional(),
		aspect_ratio: z.enum(['16:9', '9:16', '1:1'], { errorMap: () => ({ message: 'must be one of 16:9, 9:16, 1:1' }) }).optional(),
		duration: klingDuration.optional(),
		negative_prompt: promptText.optional(),
		cfg_scale: cfgScale.optional(),
	})
	.strict()
	.superRefine((body, context) => {
		const issue = (path: string, message: string): void => context.addIssue({ code: 'custom', path: [path], message });
		if (body.prompt === undefined && body.multi_prompt === undefined) issue('prompt', 'prompt or multi_prompt is required');
		if (body.end_image_url !== undefined && body.start_image_url === undefined) {
			issue('end_image_url', 'needs start_image_url');
		}
		const totalSeconds = (body.multi_prompt ?? []).reduce((sum, item) => sum + Number(item.duration), 0);
		if (totalSeconds > MAX_TOTAL_SECONDS) {
			issue('multi_prompt', `shots last ${totalSeconds} s in total; at most ${MAX_TOTAL_SECONDS} s`);
		}
	});

export type FreepikV3Body = z.infer<typeof freepikV3Schema>;
