import { z } from 'zod';
import {
	MAX_SHOTS,
	durationSeconds,
	element,
	httpUrl,
	klingDuration,
	omniAspectRatio,
	promptText,
	voiceIds,
} from './common';

const MAX_REFERENCES = 4;
const MIN_SHOT_SECONDS = 3;

/** Kling 3 Omni std/pro: `POST /v1/ai/video/kling-v3-omni-{std,pro}`. */
export const freepikOmniSchema = z
	.object({
		webhook_url: httpUrl.optional(),
		prompt: promptText.optional(),
		multi_prompt: z.array(promptText).min(1).max(MAX_SHOTS, `at most ${MAX_SHOTS} shots`).optional(),
		shot_type: z.literal('customize', { errorMap: () => ({ message: 'only "customize" is supported for Omni' }) }).optional(),
		image_url: httpUrl.optional(),
		start_image_url: httpUrl.optional(),
		end_image_url: httpUrl.optional(),
		image_urls: z.array(httpUrl).optional(),
		elements: z.array(element).optional(),
		generate_audio: z.boolean().optional(),
		voice_ids: voiceIds.optional(),
		aspect_ratio: omniAspectRatio.optional(),
		duration: klingDuration.optional(),
	})
	.strict()
	.superRefine((body, context) => {
		const issue = (path: string, message: string): void => context.addIssue({ code: 'custom', path: [path], message });
		if (body.prompt !== undefined && body.multi_prompt !== undefined) {
			issue('multi_prompt', 'prompt and multi_prompt cannot be used together');
		}
		if (body.prompt === undefined && body.multi_prompt === undefined) issue('prompt', 'prompt or multi_prompt is required');
		const references = (body.image_urls?.length ?? 0) + (body.elements?.length ?? 0);
		if (references > MAX_REFERENCES) {
			issue('image_urls', `at most ${MAX_REFERENCES} elements and reference images together`);
		}
		const startFrame = body.image_url ?? body.start_image_url;
		if (body.end_image_url !== undefined && startFrame === undefined) {
			issue('end_image_url', 'needs a start frame (image_url or start_image_url)');
		}
		const hasImageInput = startFrame !== undefined || body.end_image_url !== undefined || references > 0;
		if (body.aspect_ratio === 'auto' && !hasImageInput) issue('aspect_ratio', '"auto" needs an input image');
		const shots = body.multi_prompt?.length ?? 0;
		if (shots > 0 && durationSeconds(body.duration) < shots * MIN_SHOT_SECONDS) {
			issue('duration', `each shot needs at least ${MIN_SHOT_SECONDS} s: ${shots} shots need duration >= ${shots * MIN_SHOT_SECONDS}`);
		}
	});

export type FreepikOmniBody = z.infer<typeof freepikOmniSchema>;
