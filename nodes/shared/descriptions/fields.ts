import type { INodeProperties } from 'n8n-workflow';

import type { DisplayShow, ModelOption, ModelRow, Provider } from '../providers/types';

/**
 * Field factories the generation nodes share. `show` is the displayOptions.show the caller
 * puts the field under (provider and operation).
 */
type Show = DisplayShow;

export const MEDIA_HINT = 'An http(s) URL, or the name of a binary property of the input item (uploaded for you)';

/**
 * A sortable list of entries (shots, images, elements): n8n's fixedCollection with multiple
 * values, stored as `{ [name]: { [entry]: [...] } }`, read back by ItemParameters.entries.
 */
function listField(options: {
	name: string;
	displayName: string;
	entry: string;
	entryDisplayName: string;
	show: Show;
	description: string;
	values: INodeProperties[];
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: `Add ${options.entryDisplayName}`,
		description: options.description,
		displayOptions: { show: options.show },
		options: [{ displayName: options.entryDisplayName, name: options.entry, values: options.values }],
	};
}

const imageValue: INodeProperties = { displayName: 'Image', name: 'image', type: 'string', default: '', description: MEDIA_HINT };

export function promptField(show: Show, description: string, required = false): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required,
		placeholder: 'A red fox runs through fresh snow at dawn, cinematic tracking shot',
		description,
		displayOptions: { show },
	};
}

export function negativePromptField(show: Show): INodeProperties {
	return {
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'What the video should avoid (at most 2500 characters)',
		displayOptions: { show },
	};
}

export function mediaField(name: string, displayName: string, show: Show, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder: 'a URL, or the name of a binary property such as data',
		description: `${description}. ${MEDIA_HINT}.`,
		displayOptions: { show },
	};
}

export function startFrameField(show: Show, description: string): INodeProperties {
	return mediaField('startImage', 'Start Frame', show, description);
}

export function endFrameField(show: Show): INodeProperties {
	return mediaField('endImage', 'End Frame', show, 'Image used as the last frame; needs a Start Frame');
}

/** Style and appearance references; `description` says how the provider's prompt refers to them. */
export function referenceImagesField(show: Show, description: string): INodeProperties {
	return imageListField('referenceImages', 'Reference Images', show, description);
}

export function generateAudioField(show: Show, defaultOn: boolean): INodeProperties {
	return {
		displayName: 'Generate Audio',
		name: 'generateAudio',
		type: 'boolean',
		// The provider's own default (Freepik's Kling 3 turns audio on), not a literal the linter can see.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-boolean
		default: defaultOn,
		description: 'Whether Kling adds native audio to the video',
		displayOptions: { show },
	};
}

export function durationField(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 3, maxValue: 15 },
		default: 5,
		description,
		displayOptions: { show },
	};
}

export function aspectRatioField(show: Show, withAuto: boolean): INodeProperties {
	return {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: [
			...(withAuto ? [{ name: 'Auto (Match the Input Image)', value: 'auto' }] : []),
			{ name: '16:9 Landscape', value: '16:9' },
			{ name: '9:16 Portrait', value: '9:16' },
			{ name: '1:1 Square', value: '1:1' },
		],
		default: '16:9',
		displayOptions: { show },
	};
}

/** The Quality field of the current form; version-1 nodes saved it under the provider's own name. */
export const QUALITY_PARAMETER = { name: 'quality', displayName: 'Quality' };

export function qualityParameterFor(provider: Provider, nodeVersion: number): { name: string; displayName: string } {
	return nodeVersion >= 2 ? QUALITY_PARAMETER : provider.versionOneQualityParameter;
}

/** The tier picker: one option per row of the model table that the provider serves for the family. */
export function qualityField(show: Show, rows: ModelRow[], parameter = QUALITY_PARAMETER): INodeProperties {
	// The default is the table's first row for the family, not a literal the linter can see.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	return {
		displayName: parameter.displayName,
		name: parameter.name,
		type: 'options',
		options: rows.map((row) => ({ name: row.quality.name, description: row.quality.description, value: row.tier })),
		default: rows[0].tier,
		displayOptions: { show },
	};
}

/** A family's Model field (Kling V3: Kling 3 / Kling 3 Turbo); its default is the table's first model. */
export function modelField(show: Show, name: string, models: ModelOption[]): INodeProperties {
	// The default is the table's first model for the family, not a literal the linter can see.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	return {
		displayName: 'Model',
		name,
		type: 'options',
		options: models.map((model) => ({ name: model.name, value: model.value, ...(model.description ? { description: model.description } : {}) })),
		default: models[0].value,
		description: 'The Kling model that generates the video',
		displayOptions: { show },
	};
}

/** Shots of a multi-shot video; APIMart also wants each shot's duration. */
export function shotsField(show: Show, withDuration: boolean, description: string): INodeProperties {
	return listField({
		name: 'shots',
		displayName: 'Shots',
		entry: 'shot',
		entryDisplayName: 'Shot',
		show,
		description,
		values: [
			{
				displayName: 'Prompt',
				name: 'prompt',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'What happens in this shot',
			},
			...(withDuration
				? [
						{
							displayName: 'Duration (Seconds)',
							name: 'duration',
							type: 'number' as const,
							typeOptions: { minValue: 1 },
							default: 5,
							description: 'Shot durations must add up to the video duration',
						},
					]
				: []),
		],
	});
}

export function imageListField(name: string, displayName: string, show: Show, description: string): INodeProperties {
	return listField({ name, displayName, entry: 'image', entryDisplayName: 'Image', show, description, values: [imageValue] });
}

export function freepikElementsField(show: Show): INodeProperties {
	return listField({
		name: 'elements',
		displayName: 'Elements',
		entry: 'element',
		entryDisplayName: 'Element',
		show,
		description:
			'Characters or objects kept consistent across the video; refer to them in the prompt as @Element1, @Element2, …',
		values: [
			{ displayName: 'Frontal Image', name: 'frontalImage', type: 'string', default: '', description: MEDIA_HINT },
			{
				displayName: 'Reference Images',
				name: 'referenceImages',
				type: 'string',
				default: '',
				description: `Comma-separated. Each: ${MEDIA_HINT}.`,
			},
		],
	});
}

export function voiceIdsField(show: Show): INodeProperties {
	return {
		displayName: 'Voice IDs',
		name: 'voiceIds',
		type: 'string',
		default: '',
		placeholder: 'voice_abc, voice_def',
		description: 'Up to 2 comma-separated Kling voice IDs; refer to them in the prompt as &lt;&lt;&lt;voice_1&gt;&gt;&gt; and &lt;&lt;&lt;voice_2&gt;&gt;&gt;',
		displayOptions: { show },
	};
}

export function booleanField(name: string, displayName: string, show: Show, description: string): INodeProperties {
	return { displayName, name, type: 'boolean', default: false, description, displayOptions: { show } };
}

/**
 * The Multi-Shot switch and what it opens: Shot Type where the provider can split the prompt by
 * itself (spelled `intelligent` on Freepik, `intelligence` on APIMart), and the Shots, with a
 * duration each where the provider takes one.
 */
export function multiShotFields(
	show: Show,
	shots: { automaticShotType?: 'intelligent' | 'intelligence'; withDurations: boolean; note: string },
): INodeProperties[] {
	const shown = { ...show, multiShot: [true] };
	return [
		booleanField('multiShot', 'Multi-Shot', show, 'Whether to generate the video as several shots'),
		...(shots.automaticShotType
			? [
					{
						displayName: 'Shot Type',
						name: 'shotType',
						type: 'options' as const,
						options: [
							{ name: 'Customize', value: 'customize', description: 'You describe each shot' },
							{ name: 'Automatic', value: shots.automaticShotType, description: 'Kling splits the prompt into shots' },
						],
						default: 'customize',
						displayOptions: { show: shown },
					},
				]
			: []),
		shotsField(shown, shots.withDurations, `1-6 shots in order. ${shots.note}`),
	];
}

export function cfgScaleField(show: Show, max: number, description: string): INodeProperties {
	return {
		displayName: 'CFG Scale',
		name: 'cfgScale',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: max, numberPrecision: 2 },
		default: 0.5,
		description,
		displayOptions: { show },
	};
}

export function apimartElementListField(show: Show): INodeProperties {
	return listField({
		name: 'elementList',
		displayName: 'Elements',
		entry: 'element',
		entryDisplayName: 'Element',
		show,
		description: 'Up to 3 subjects, referred to in the prompt as @name',
		values: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'element_dog', description: 'Used in the prompt as @name' },
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Images',
				name: 'images',
				type: 'string',
				default: '',
				description: `2-4 comma-separated images, the first one frontal. Each: ${MEDIA_HINT}.`,
			},
		],
	});
}

/** APIMart `image_with_roles`: images tagged as first frame, last frame or reference. */
export function imagesWithRolesField(show: Show, description: string): INodeProperties {
	return listField({
		name: 'imagesWithRoles',
		displayName: 'Images With Roles',
		entry: 'image',
		entryDisplayName: 'Image',
		show,
		description,
		values: [
			imageValue,
			{
				displayName: 'Role',
				name: 'role',
				type: 'options',
				options: [
					{ name: 'First Frame', value: 'first_frame' },
					{ name: 'Last Frame', value: 'last_frame' },
					{ name: 'Reference', value: 'reference' },
				],
				default: 'first_frame',
			},
		],
	});
}

/** Motion Control's character image: the person, mascot or product that takes the motion. */
export function characterImageField(show: Show, description: string): INodeProperties {
	return { ...mediaField('characterImage', 'Character Image', show, description), required: true };
}

/** Motion Control's Character Orientation (both providers spell its values `video` and `image`). */
export function characterOrientationField(show: Show, imageNote: string, videoNote: string): INodeProperties {
	return {
		displayName: 'Character Orientation',
		name: 'characterOrientation',
		type: 'options',
		options: [
			{ name: 'Match the Video', value: 'video', description: `Better for complex motions; ${videoNote}` },
			{ name: 'Match the Image', value: 'image', description: `Better for following camera movements; ${imageNote}` },
		],
		default: 'video',
		description: 'Whether the character faces as in the reference video or as in the character image',
		displayOptions: { show },
	};
}

/** Keep Original Sound (APIMart): whether the result keeps the reference video's audio. */
export function keepOriginalSoundField(show: Show, defaultValue: 'yes' | 'no', description: string): INodeProperties {
	// The default differs per mode (APIMart documents "yes" for Motion Control, the Omni node keeps "no").
	return {
		displayName: 'Keep Original Sound',
		name: 'keepOriginalSound',
		type: 'options',
		options: [
			{ name: 'No', value: 'no' },
			{ name: 'Yes', value: 'yes' },
		],
		default: defaultValue,
		description,
		displayOptions: { show },
	};
}
