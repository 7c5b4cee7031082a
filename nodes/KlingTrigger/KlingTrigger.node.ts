import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DEFAULT_MAX_VIDEO_MB } from '../shared/binary';
import { readOutputSettings } from '../shared/settings';
import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS } from '../shared/signature';
import { receiveCallback, triggerProvider, type TriggerSettings } from '../shared/trigger';

/** The subtitle's words for each event (the values are what saved workflows hold). */
const EVENT_SUBTITLES: Record<TriggerSettings['event'], string> = {
	completed: 'video ready',
	failed: 'task failed',
	finished: 'video ready or task failed',
	any: 'any status change',
};

export class KlingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kling Trigger',
		name: 'klingTrigger',
		icon: { light: 'file:kling.svg', dark: 'file:kling.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ "On " + (${JSON.stringify(EVENT_SUBTITLES)}[$parameter.event] || $parameter.event) }}`,
		description: 'Starts the workflow when Freepik reports a Kling task finished (verified webhook callbacks)',
		defaults: { name: 'Kling Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: triggerProvider().credentialType, required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'kling',
			},
		],
		properties: [
			{
				displayName:
					`Paste this node's Production URL (above) into a Kling node's Options › Webhook URL, with Wait for Result set to "Don't Wait". ${triggerProvider().label} then calls it when each task changes status.`,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'Video Ready', value: 'completed', description: 'A task completed with its video' },
					{ name: 'Task Failed', value: 'failed', description: 'A task failed (the error is in the output)' },
					{ name: 'Video Ready or Task Failed', value: 'finished', description: 'A task ended either way' },
					{ name: 'Any Status Change', value: 'any', description: 'Created, in progress, completed and failed' },
				],
				default: 'finished',
			},
			{
				displayName: 'Download Video',
				name: 'downloadVideo',
				type: 'boolean',
				default: true,
				description: 'Whether to put the finished MP4 into the binary property "data" (only after the callback is verified)',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Accept Unsigned Callbacks (Insecure)',
						name: 'acceptUnsigned',
						type: 'boolean',
						default: false,
						description:
							'Whether to accept callbacks when the credential has no webhook signing secret. Anyone who knows the URL can then start this workflow.',
					},
					{
						displayName: 'Binary Property',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						description: 'Name of the binary property the video is written to',
					},
					{
						displayName: 'Max Video Size (MB)',
						name: 'maxVideoSizeMb',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_VIDEO_MB,
						description: 'A larger download is stopped with an error',
					},
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 300,
						description: 'Callbacks signed longer ago (or further in the future) than this are refused as replays',
					},
				],
			},
		],
	};

	// Freepik has no API to register webhooks: the URL travels in each create request.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const read = (name: string, fallback: unknown) => this.getNodeParameter(name, fallback as never);
		const options = read('options', {}) as IDataObject;
		return await receiveCallback.call(this, {
			...readOutputSettings(this.getNode(), read),
			event: read('event', 'finished') as TriggerSettings['event'],
			acceptUnsigned: options.acceptUnsigned === true,
			toleranceSeconds: Number(options.toleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS),
		});
	}
}
