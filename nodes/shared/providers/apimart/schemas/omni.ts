import type { z } from 'zod/v3';

import type { JsonObject, Report } from '../../../schemas/common';
import {
	choice,
	httpUrl,
	isJsonObject,
	list,
	listOf,
	nameWithoutSpaces,
	nonBlankText,
	quote,
	record,
	withRules,
} from '../../../schemas/common';
import { apimartFields, checkApimartMultiShot, refuseVoiceReferences } from './parts';
import type { PromptText } from '../../../schemas/references';
import { checkNameReferences, checkNumberedReferences, NUMBERED_TOKENS, promptTexts } from '../../../schemas/references';

const MAX_SHOT_PROMPT_LENGTH = 2500;
const MAX_ELEMENTS = 3;
const FRAME_ROLES = ['first_frame', 'last_frame'];

export const apimartOmniFields = record({
	...apimartFields('kling-v3-omni', MAX_SHOT_PROMPT_LENGTH),
	image_urls: list(httpUrl(), { unit: 'image', min: 1 }).optional(),
	image_with_roles: list(
		record({ url: httpUrl(), role: choice(['first_frame', 'last_frame', 'reference']) }),
		{ unit: 'image', min: 1 },
	).optional(),
	video_list: list(
		record({
			url: httpUrl(),
			refer_type: choice(['base', 'feature']).optional(),
			keep_original_sound: choice(['yes', 'no']).optional(),
		}),
		{ unit: 'video', min: 1, max: 1 },
	).optional(),
	element_list: list(
		record({
			name: nameWithoutSpaces(),
			description: nonBlankText('a description'),
			element_input_urls: list(httpUrl(), { unit: 'image', min: 2, max: 4 }),
		}),
		{ unit: 'element', min: 1, max: MAX_ELEMENTS },
	).optional(),
});

export type ApimartOmniBody = z.infer<typeof apimartOmniFields>;

function checkImageRoles(body: JsonObject, report: Report): void {
	if (body.image_urls !== undefined && body.image_with_roles !== undefined) {
		report('image_with_roles', 'cannot be combined with image_urls, give one of them');
	}
	const roles = listOf(body.image_with_roles).map((item) => (isJsonObject(item) ? item.role : undefined));
	const rolePath = (position: number) => ['image_with_roles', position, 'role'];
	for (const role of FRAME_ROLES) {
		const positions = roles.flatMap((given, position) => (given === role ? [position] : []));
		for (const repeated of positions.slice(1)) {
			report(rolePath(repeated), `${quote(role)} given again (first at image_with_roles[${positions[0]}]), at most one allowed`);
		}
	}
	const lastFrame = roles.indexOf('last_frame');
	if (lastFrame !== -1 && !roles.includes('first_frame')) {
		report(rolePath(lastFrame), '"last_frame" needs a "first_frame" image too');
	}
	const video = listOf(body.video_list)[0];
	if (!isJsonObject(video) || (video.refer_type !== undefined && video.refer_type !== 'base')) return;
	const referType = video.refer_type === undefined ? 'refer_type (default) "base"' : 'refer_type "base"';
	roles.forEach((role, position) => {
		if (typeof role === 'string' && FRAME_ROLES.includes(role)) {
			report(
				rolePath(position),
				`${quote(role)} cannot be combined with a video_list video of ${referType} (a video to edit): ` +
					'use refer_type "feature" or role "reference"',
			);
		}
	});
}

function elementNames(body: JsonObject): string[] {
	return listOf(body.element_list).flatMap((item) =>
		isJsonObject(item) && typeof item.name === 'string' && item.name.trim() !== '' ? [item.name] : [],
	);
}

function checkUniqueElementNames(body: JsonObject, report: Report): void {
	const firstUse = new Map<string, number>();
	listOf(body.element_list).forEach((item, position) => {
		if (!isJsonObject(item) || typeof item.name !== 'string') return;
		const earlier = firstUse.get(item.name);
		if (earlier === undefined) firstUse.set(item.name, position);
		else report(['element_list', position, 'name'], `${quote(item.name)} is already used by element_list[${earlier}], names must be unique`);
	});
}

/**
 * `<<<image_N>>>` counts image_urls, or image_with_roles (every role) when those are given.
 * `@word` must name an element only when element_list is given; otherwise an `@` is plain text.
 */
function checkReferences(texts: PromptText[], body: JsonObject, report: Report): void {
	const withRoles = body.image_with_roles !== undefined;
	checkNumberedReferences(
		texts,
		{
			kind: NUMBERED_TOKENS.apimartImage,
			available: listOf(withRoles ? body.image_with_roles : body.image_urls).length,
			noun: 'image',
			source: withRoles ? 'image_with_roles' : 'image_urls',
		},
		report,
	);
	if (body.element_list !== undefined) checkNameReferences(texts, elementNames(body), 'element_list', report);
	refuseVoiceReferences(texts, report);
}

function checkApimartOmniRules(body: JsonObject, report: Report): void {
	checkApimartMultiShot(body, report);
	checkImageRoles(body, report);
	if (body.audio === true && body.video_list !== undefined) {
		report('audio', 'true given with video_list: APIMart ignores audio when video_list is set, leave audio out');
	}
	checkUniqueElementNames(body, report);
	checkReferences(promptTexts(body), body, report);
}

export const apimartOmniBody = withRules(apimartOmniFields, checkApimartOmniRules);
