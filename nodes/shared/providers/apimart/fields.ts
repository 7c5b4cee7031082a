import type { INodeProperties } from 'n8n-workflow';

import {
	apimartElementListField,
	aspectRatioField,
	booleanField,
	characterImageField,
	characterOrientationField,
	durationField,
	endFrameField,
	generateAudioField,
	imageListField,
	imagesWithRolesField,
	keepOriginalSoundField,
	multiShotFields,
	negativePromptField,
	promptField,
	referenceImagesField,
	startFrameField,
} from '../../descriptions/fields';
import { fromVersionTwo, inVersionOne } from '../../descriptions/versions';
import type { DisplayShow, Family } from '../types';

const DURATION_NOTE = 'Length of the video, 3-15 seconds';
const REFERENCE_IMAGES = 'Style and appearance references, &lt;&lt;&lt;image_1&gt;&gt;&gt;, &lt;&lt;&lt;image_2&gt;&gt;&gt;, … in the prompt';

/** Version 1's image fields, in APIMart's own terms (`image_urls`, `image_with_roles`). */
function versionOneImageFields(show: DisplayShow, rolesNote: string): INodeProperties[] {
	const shown = inVersionOne(show);
	return [
		imageListField(
			'imageUrls',
			'Image URLs',
			shown,
			'Images referred to in the prompt as &lt;&lt;&lt;image_1&gt;&gt;&gt;, &lt;&lt;&lt;image_2&gt;&gt;&gt;, … Use either this or Images With Roles.',
		),
		imagesWithRolesField(shown, `${rolesNote} Use either this or Image URLs.`),
	];
}

/** Version 2's Generate Audio; version 1 called it Audio. */
function audioFields(show: DisplayShow): INodeProperties[] {
	return [
		generateAudioField(fromVersionTwo(show), false),
		booleanField('audio', 'Audio', inVersionOne(show), 'Whether to generate the video with audio'),
	];
}

/** APIMart's Generate Video fields per family, with the shared labels (see mapping.ts for its body). */
export function apimartGenerateFields(family: Family, show: DisplayShow): INodeProperties[] {
	const current = fromVersionTwo(show);
	const watermark = booleanField('watermark', 'Watermark', show, 'Whether APIMart adds a watermark');
	switch (family) {
		case 'omni':
			return [
				promptField(
					show,
					'What the video shows (at most 2500 characters). Refer to reference images as &lt;&lt;&lt;image_1&gt;&gt;&gt;.. and to elements as @name.',
				),
				...multiShotFields(show, {
					automaticShotType: 'intelligence',
					withDurations: true,
					note: 'Their durations must add up to the video duration; each prompt at most 2500 characters.',
				}),
				startFrameField(current, 'Image used as the first frame (image to video)'),
				endFrameField(current),
				referenceImagesField(current, REFERENCE_IMAGES),
				...versionOneImageFields(show, 'First frame, last frame and reference images (recommended for image to video).'),
				apimartElementListField(show),
				...audioFields(show),
				aspectRatioField(show, false),
				durationField(show, DURATION_NOTE),
				negativePromptField(show),
				watermark,
			];
		case 'omniReference':
			return [
				{
					displayName: 'Reference Video',
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
					'What to change or create (at most 2500 characters). Refer to reference images as &lt;&lt;&lt;image_1&gt;&gt;&gt;.. and to elements as @name.',
				),
				...multiShotFields(show, {
					automaticShotType: 'intelligence',
					withDurations: true,
					note: 'Their durations must add up to the video duration.',
				}),
				startFrameField(current, 'Image used as the first frame; only when the video is used as a reference, not edited'),
				endFrameField(current),
				referenceImagesField(current, REFERENCE_IMAGES),
				...versionOneImageFields(show, 'First and last frames are only allowed when the video is used as a reference, not edited.'),
				apimartElementListField(show),
				aspectRatioField(show, false),
				durationField(show, DURATION_NOTE),
				negativePromptField(show),
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
				...multiShotFields(kling3Only, {
					automaticShotType: 'intelligence',
					withDurations: true,
					note: 'Shot durations must add up to the video duration; each prompt at most 512 characters.',
				}),
				startFrameField(show, 'Image used as the first frame (JPG or PNG, at least 300x300, at most 10 MB; Kling 3 Turbo takes up to 50 MB)'),
				endFrameField(kling3Only),
				...audioFields(kling3Only),
				{ ...aspectRatioField(show, false), description: 'Kling 3 Turbo: text to video only; with a Start Frame the video takes the image\'s ratio' },
				durationField(show, DURATION_NOTE),
				negativePromptField(kling3Only),
				watermark,
			];
		}
		case 'motionControl':
			return [
				characterImageField(show, 'The character that takes the motion'),
				{
					displayName: 'Reference Video',
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
