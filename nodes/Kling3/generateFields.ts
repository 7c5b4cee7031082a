import type { INodeProperties } from 'n8n-workflow';

import {
	apimartModeField,
	aspectRatioField,
	booleanField,
	cfgScaleField,
	durationField,
	freepikElementsField,
	freepikTierField,
	mediaField,
	multiShotFields,
	negativePromptField,
	promptField,
	voiceIdsField,
} from '../shared/descriptions/fields';

const freepik = { authentication: ['freepik'], operation: ['generate'] };
const apimart = { authentication: ['apimart'], operation: ['generate'] };
const both = { operation: ['generate'] };

/** Kling 3 (std/pro) generation parameters, per provider. */
export const v3GenerateFields: INodeProperties[] = [
	freepikTierField(freepik),
	apimartModeField(apimart),
	promptField(
		freepik,
		'What the video shows (at most 2500 characters). Refer to elements as @Element1.. and voices as &lt;&lt;&lt;voice_1&gt;&gt;&gt;. Optional when Multi-Shot describes each shot.',
	),
	promptField(apimart, 'What the video shows (at most 2500 characters). Optional when Multi-Shot describes each shot.'),
	...multiShotFields(freepik, 'intelligent', 'Shot durations are 3-15 s each and at most 15 s together.'),
	...multiShotFields(apimart, 'intelligence', 'Shot durations must add up to the video duration; each prompt at most 512 characters.'),
	mediaField('startImage', 'Start Frame', both, 'Image used as the first frame (JPG or PNG, at least 300x300, at most 10 MB)'),
	mediaField('endImage', 'End Frame', both, 'Image used as the last frame; needs a Start Frame'),
	freepikElementsField(freepik),
	voiceIdsField(freepik),
	{
		displayName: 'Generate Audio',
		name: 'generateAudio',
		type: 'boolean',
		default: true,
		description: 'Whether Kling adds native audio to the video',
		displayOptions: { show: freepik },
	},
	aspectRatioField(both, false),
	durationField(freepik, 'freepik'),
	durationField(apimart, 'apimart'),
	negativePromptField(both),
	// Freepik's schema allows 0-2 but its Kling 3 text says values above 1 are not supported
	// (only Kling 1.x went to 2): the stricter range is offered, and checked.
	cfgScaleField(freepik, 1, 'Prompt adherence from 0 (most creative) to 1 (strictest)'),
	booleanField('watermark', 'Watermark', apimart, 'Whether APIMart adds a watermark'),
	booleanField('audio', 'Audio', apimart, 'Whether to generate the video with audio'),
];
