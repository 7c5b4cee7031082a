import { z } from 'zod';
import { httpUrl } from '../http/httpUrl';

export { httpUrl };

export const PROMPT_MAX_LENGTH = 2500;
export const MAX_SHOTS = 6;
export const DEFAULT_DURATION = 5;

export const promptText = z
	.string({ invalid_type_error: 'must be a string' })
	.max(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`);

/** APIMart wants a plain number; a quoted duration is an error there. */
export const duration = z
	.number({ invalid_type_error: 'must be a number, not a string' })
	.int('must be a whole number of seconds')
	.min(3, 'must be between 3 and 15')
	.max(15, 'must be between 3 and 15');

export const mode = z.enum(['std', 'pro', '4k'], { errorMap: () => ({ message: 'must be one of std, pro, 4k' }) });

export const aspectRatio = z.enum(['16:9', '9:16', '1:1'], {
	errorMap: () => ({ message: 'must be one of 16:9, 9:16, 1:1' }),
});

export const shotType = z.enum(['customize', 'intelligence'], {
	errorMap: () => ({ message: 'must be "customize" or "intelligence"' }),
});

export function multiPrompt(promptMaxLength: number) {
	return z
		.array(
			z
				.object({
					index: z.number({ invalid_type_error: 'must be a number' }).int().min(1),
					prompt: z.string({ invalid_type_error: 'must be a string' }).min(1).max(promptMaxLength, `must be at most ${promptMaxLength} characters`),
					duration: z.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1'),
				})
				.strict(),
		)
		.min(1, 'at least 1 shot')
		.max(MAX_SHOTS, `at most ${MAX_SHOTS} shots`);
}

interface MultiShotFields {
	prompt?: string;
	duration?: number;
	multi_shot?: boolean;
	shot_type?: 'customize' | 'intelligence';
	multi_prompt?: Array<{ index: number; prompt: string; duration: number }>;
}

/** Rules shared by both models: shot_type with multi_shot, and a customize shot list that adds up. */
export function checkMultiShot(body: MultiShotFields, context: z.RefinementCtx): void {
	const issue = (path: string, message: string): void => context.addIssue({ code: 'custom', path: [path], message });
	if (body.prompt === undefined && body.multi_prompt === undefined) issue('prompt', 'is required');
	if (body.multi_shot === true && body.shot_type === undefined) issue('shot_type', 'is required when multi_shot is true');
	if (body.multi_shot === true && body.shot_type === 'customize' && body.multi_prompt === undefined) {
		issue('multi_prompt', 'is required when shot_type is customize');
	}
	if (!body.multi_prompt) return;
	body.multi_prompt.forEach((shot, position) => {
		if (shot.index !== position + 1) issue('multi_prompt', `index must start at 1 and increase by 1 (item ${position} has ${shot.index})`);
	});
	const total = body.multi_prompt.reduce((sum, shot) => sum + shot.duration, 0);
	const expected = body.duration ?? DEFAULT_DURATION;
	if (total !== expected) issue('multi_prompt', `shot durations sum to ${total} but duration is ${expected}`);
}
