import type { INodeProperties } from 'n8n-workflow';

import {
	apimartElementListField,
	apimartModeField,
	aspectRatioField,
	booleanField,
	durationField,
	freepikElementsField,
	freepikTierField,
	imageListField,
	imagesWithRolesField,
	mediaField,
	multiShotFields,
	negativePromptField,
	promptField,
	shotsField,
	voiceIdsField,
} from '../shared/descriptions/fields';

const freepik = { authentication: ['freepik'], operation: ['generate'] };
const apimart = { authentication: ['apimart'], operation: ['generate'] };

/** Kling 3 Omni generation parameters, per provider, named after each provider's documented body. */
export const omniGenerateFields: INodeProperties[] = [
	freepikTierField(freepik),
	apimartModeField(apimart),
	promptField(
		freepik,
		'What the video shows (at most 2500 characters). Refer to reference images as @Image1.., elements as @Element1.., voices as &lt;&lt;&lt;voice_1&gt;&gt;&gt;. Leave empty when you describe the video shot by shot.',
	),
	promptField(
		apimart,
		'What the video shows (at most 2500 characters). Refer to images as &lt;&lt;&lt;image_1&gt;&gt;&gt;.. (in the order of Image URLs) and to elements as @name.',
	),
	shotsField(
		freepik,
		false,
		'Multi-shot video: up to 6 shot prompts instead of the Prompt. Each shot gets at least 3 seconds of the duration.',
	),
	mediaField('startImage', 'Start Frame', freepik, 'Image used as the first frame (image to video)'),
	mediaField('endImage', 'End Frame', freepik, 'Image used as the last frame; needs a Start Frame'),
	imageListField(
		'referenceImages',
		'Reference Images',
		freepik,
		'Style and appearance references, @Image1, @Image2, … in the prompt. At most 4 together with Elements.',
	),
	freepikElementsField(freepik),
	booleanField('generateAudio', 'Generate Audio', freepik, 'Whether Kling adds native audio to the video'),
	voiceIdsField(freepik),
	aspectRatioField(freepik, true),
	aspectRatioField(apimart, false),
	durationField(freepik, 'freepik'),
	durationField(apimart, 'apimart'),
	negativePromptField(apimart),
	imageListField(
		'imageUrls',
		'Image URLs',
		apimart,
		'Images referred to in the prompt as &lt;&lt;&lt;image_1&gt;&gt;&gt;, &lt;&lt;&lt;image_2&gt;&gt;&gt;, … Use either this or Images With Roles.',
	),
	imagesWithRolesField(apimart, 'First frame, last frame and reference images (recommended for image to video). Use either this or Image URLs.'),
	...multiShotFields(apimart, 'intelligence', 'Their durations must add up to the video duration; each prompt at most 2500 characters.'),
	apimartElementListField(apimart),
	booleanField('watermark', 'Watermark', apimart, 'Whether APIMart adds a watermark'),
	booleanField('audio', 'Audio', apimart, 'Whether to generate the video with audio'),
];
