import type { INodeProperties } from 'n8n-workflow';

import {
	apimartElementListField,
	aspectRatioField,
	booleanField,
	characterImageField,
	characterOrientationField,
	durationField,
	imageListField,
	imagesWithRolesField,
	keepOriginalSoundField,
	mediaField,
	multiShotFields,
	negativePromptField,
	promptField,
} from '../../descriptions/fields';
import type { DisplayShow, Family } from '../types';

const DURATION_NOTE = 'Length of the video, 3-15 seconds';

/** APIMart's Generate Video fields per family, named after its documented bodies (see mapping.ts). */
export function apimartGenerateFields(family: Family, show: DisplayShow): INodeProperties[] {
	const watermark = booleanField('watermark', 'Watermark', show, 'Whether APIMart adds a watermark');
	const audio = booleanField('audio', 'Audio', show, 'Whether to generate the video with audio');
	switch (family) {
		case 'omni':
			return [
				promptField(
					show,
					'What the video shows (at most 2500 characters). Refer to images as &lt;&lt;&lt;image_1&gt;&gt;&gt;.. (in the order of Image URLs) and to elements as @name.',
				),
				aspectRatioField(show, false),
				durationField(show, DURATION_NOTE),
				negativePromptField(show),
				imageListField(
					'imageUrls',
					'Image URLs',
					show,
					'Images referred to in the prompt as &lt;&lt;&lt;image_1&gt;&gt;&gt;, &lt;&lt;&lt;image_2&gt;&gt;&gt;, … Use either this or Images With Roles.',
				),
				imagesWithRolesField(show, 'First frame, last frame and reference images (recommended for image to video). Use either this or Image URLs.'),
				...multiShotFields(show, 'intelligence', 'Their durations must add up to the video duration; each prompt at most 2500 characters.'),
				apimartElementListField(show),
				watermark,
				audio,
			];
		case 'omniReference':
			return [
				{
					displayName: 'Reference Video URL',
					name: 'video',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'https://example.com/clip.mp4',
					description: 'An http(s) URL of the video (APIMart has no video upload)',
					displayOptions: { show },
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
					displayOptions: { show },
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
					displayOptions: { show },
				},
				promptField(
					show,
					'What to change or create (at most 2500 characters). Refer to images as &lt;&lt;&lt;image_1&gt;&gt;&gt;.. and to elements as @name.',
				),
				aspectRatioField(show, false),
				durationField(show, DURATION_NOTE),
				negativePromptField(show),
				imageListField(
					'imageUrls',
					'Image URLs',
					show,
					'Images referred to in the prompt as &lt;&lt;&lt;image_1&gt;&gt;&gt;, … Use either this or Images With Roles.',
				),
				imagesWithRolesField(show, 'First and last frames are only allowed when the video is used as a reference, not edited. Use either this or Image URLs.'),
				...multiShotFields(show, 'intelligence', 'Their durations must add up to the video duration.'),
				apimartElementListField(show),
				watermark,
			];
		case 'kling3': {
			// Kling 3 Turbo takes a prompt, a Start Frame, an aspect ratio, a duration and the watermark flag.
			const kling3Only = { ...show, model: ['kling-v3'] };
			return [
				promptField(
					show,
					'What the video shows (at most 2500 characters; Kling 3 Turbo takes 3072). Optional when Multi-Shot describes each shot.',
				),
				...multiShotFields(kling3Only, 'intelligence', 'Shot durations must add up to the video duration; each prompt at most 512 characters.'),
				mediaField(
					'startImage',
					'Start Frame',
					show,
					'Image used as the first frame (JPG or PNG, at least 300x300, at most 10 MB; Kling 3 Turbo takes up to 50 MB)',
				),
				mediaField('endImage', 'End Frame', kling3Only, 'Image used as the last frame; needs a Start Frame'),
				{ ...aspectRatioField(show, false), description: 'Kling 3 Turbo: text to video only; with a Start Frame the video takes the image\'s ratio' },
				durationField(show, DURATION_NOTE),
				negativePromptField(kling3Only),
				watermark,
				{ ...audio, displayOptions: { show: kling3Only } },
			];
		}
		case 'motionControl':
			return [
				characterImageField(show, 'The character that takes the motion'),
				{
					displayName: 'Reference Video URL',
					name: 'video',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'https://example.com/dance.mp4',
					description:
						'The motion to transfer: an http(s) URL of an MP4 or MOV under 100 MB, 3-30 s (3-10 s with Character Orientation "Match the Image"). APIMart has no video upload.',
					displayOptions: { show },
				},
				promptField(show, 'Optional guidance for the motion transfer; more specific descriptions give more stable results'),
				characterOrientationField(show, 'the reference video must be 3-10 s', 'the reference video can be 3-30 s'),
				keepOriginalSoundField(show, 'yes', 'Whether the result keeps the sound of the reference video'),
				watermark,
			];
	}
}
