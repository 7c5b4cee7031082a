import type { INodeProperties } from 'n8n-workflow';

import {
	apimartElementListField,
	apimartModeField,
	aspectRatioField,
	booleanField,
	cfgScaleField,
	durationField,
	freepikTierField,
	imageListField,
	imagesWithRolesField,
	mediaField,
	multiShotFields,
	negativePromptField,
	promptField,
} from '../shared/descriptions/fields';

const freepik = { authentication: ['freepik'], operation: ['generate'] };
const apimart = { authentication: ['apimart'], operation: ['generate'] };
const both = { operation: ['generate'] };

/** Kling 3 Omni video-to-video parameters, per provider. */
export const omniReferenceGenerateFields: INodeProperties[] = [
	freepikTierField(freepik),
	apimartModeField(apimart),
	{
		displayName: 'Reference Video',
		name: 'video',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/clip.mp4 or data',
		description:
			'MP4 or MOV, 3-10 s, 720-2160 px, 24-60 fps, at most 200 MB. An http(s) URL, or the name of a binary property of the input item (uploaded for you after its header is checked). Refer to it in the prompt as @Video1.',
		displayOptions: { show: freepik },
	},
	{
		displayName: 'Reference Video URL',
		name: 'video',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/clip.mp4',
		description: 'An http(s) URL of the video (APIMart has no video upload)',
		displayOptions: { show: apimart },
	},
	{
		displayName: 'Use the Video To',
		name: 'videoReferType',
		type: 'options',
		options: [
			{ name: 'Edit This Video', value: 'base', description: 'The video is changed as the prompt says' },
			{ name: 'Use as Reference', value: 'feature', description: 'A new video takes motion and style from it' },
		],
		default: 'base',
		displayOptions: { show: apimart },
	},
	{
		displayName: 'Keep Original Sound',
		name: 'keepOriginalSound',
		type: 'options',
		options: [
			{ name: 'No', value: 'no' },
			{ name: 'Yes', value: 'yes' },
		],
		default: 'no',
		description: 'Whether the result keeps the sound of the video (APIMart generates no other audio with a video)',
		displayOptions: { show: apimart },
	},
	promptField(freepik, 'What the new video shows (at most 2500 characters); refer to the reference video as @Video1'),
	promptField(
		apimart,
		'What to change or create (at most 2500 characters). Refer to images as &lt;&lt;&lt;image_1&gt;&gt;&gt;.. and to elements as @name.',
	),
	mediaField('startImage', 'Start Frame', freepik, 'Image used as the first frame (JPG or PNG, at least 300x300)'),
	aspectRatioField(freepik, true),
	aspectRatioField(apimart, false),
	durationField(freepik, 'freepik'),
	durationField(apimart, 'apimart'),
	cfgScaleField(freepik, 2, 'Prompt adherence from 0 (most creative) to 2 (strictest); 0.5 is balanced'),
	negativePromptField(both),
	imageListField(
		'imageUrls',
		'Image URLs',
		apimart,
		'Images referred to in the prompt as &lt;&lt;&lt;image_1&gt;&gt;&gt;, … Use either this or Images With Roles.',
	),
	imagesWithRolesField(apimart, 'First and last frames are only allowed when the video is used as a reference, not edited. Use either this or Image URLs.'),
	...multiShotFields(apimart, 'intelligence', 'Their durations must add up to the video duration.'),
	apimartElementListField(apimart),
	booleanField('watermark', 'Watermark', apimart, 'Whether APIMart adds a watermark'),
];
