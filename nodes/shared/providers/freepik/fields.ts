import type { INodeProperties } from 'n8n-workflow';

import {
	aspectRatioField,
	cfgScaleField,
	durationField,
	endFrameField,
	freepikElementsField,
	generateAudioField,
	multiShotFields,
	negativePromptField,
	promptField,
	referenceImagesField,
	shotsField,
	startFrameField,
	voiceIdsField,
} from '../../descriptions/fields';
import { fromVersionTwo, inVersionOne } from '../../descriptions/versions';
import type { DisplayShow, Family } from '../types';

const DURATION_NOTE = 'Length of the video, 3-15 seconds (sent to Freepik as a string, as it requires)';
const OMNI_SHOTS_NOTE = 'Each shot gets at least 3 seconds of the duration; the Prompt may stay empty.';

/** Freepik's Generate Video fields per family, named after its documented bodies (see mapping.ts). */
export function freepikGenerateFields(family: Family, show: DisplayShow): INodeProperties[] {
	switch (family) {
		case 'omni':
			return [
				promptField(
					show,
					'What the video shows (at most 2500 characters). Refer to reference images as @Image1.., elements as @Element1.., voices as &lt;&lt;&lt;voice_1&gt;&gt;&gt;. Leave empty when you describe the video shot by shot.',
				),
				...multiShotFields(fromVersionTwo(show), { withDurations: false, note: OMNI_SHOTS_NOTE }),
				// Version 1 showed the Shots without the Multi-Shot switch.
				shotsField(inVersionOne(show), false, `Multi-shot video: up to 6 shot prompts instead of the Prompt. ${OMNI_SHOTS_NOTE}`),
				startFrameField(show, 'Image used as the first frame (image to video)'),
				endFrameField(show),
				referenceImagesField(show, 'Style and appearance references, @Image1, @Image2, … in the prompt. At most 4 together with Elements.'),
				freepikElementsField(show),
				generateAudioField(show, false),
				voiceIdsField(show),
				aspectRatioField(show, true),
				durationField(show, DURATION_NOTE),
			];
		case 'omniReference':
			return [
				{
					displayName: 'Reference Video',
					name: 'video',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'a URL, or the name of a binary property such as data',
					description:
						'MP4 or MOV, 3-10 s, 720-2160 px, 24-60 fps, at most 200 MB. An http(s) URL, or the name of a binary property of the input item (uploaded for you after its header is checked). Refer to it in the prompt as @Video1.',
					displayOptions: { show },
				},
				promptField(show, 'What the new video shows (at most 2500 characters); refer to the reference video as @Video1'),
				startFrameField(show, 'Image used as the first frame (JPG or PNG, at least 300x300)'),
				aspectRatioField(show, true),
				durationField(show, DURATION_NOTE),
				cfgScaleField(show, 2, 'Prompt adherence from 0 (most creative) to 2 (strictest); 0.5 is balanced'),
				negativePromptField(show),
			];
		case 'kling3':
			return [
				promptField(
					show,
					'What the video shows (at most 2500 characters). Refer to elements as @Element1.. and voices as &lt;&lt;&lt;voice_1&gt;&gt;&gt;. Optional when Multi-Shot describes each shot.',
				),
				...multiShotFields(show, {
					automaticShotType: 'intelligent',
					withDurations: true,
					note: 'Shot durations are 3-15 s each and at most 15 s together.',
				}),
				startFrameField(show, 'Image used as the first frame (JPG or PNG, at least 300x300, at most 10 MB)'),
				endFrameField(show),
				freepikElementsField(show),
				generateAudioField(show, true),
				voiceIdsField(show),
				aspectRatioField(show, false),
				durationField(show, DURATION_NOTE),
				negativePromptField(show),
				// Freepik's schema allows 0-2 but its Kling 3 text says values above 1 are not supported
				// (only Kling 1.x went to 2): the stricter range is offered, and checked.
				cfgScaleField(show, 1, 'Prompt adherence from 0 (most creative) to 1 (strictest)'),
			];
	}
}
