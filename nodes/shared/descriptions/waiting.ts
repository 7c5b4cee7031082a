import type { INodeProperties } from 'n8n-workflow';

import type { ProviderName } from '../providers/types';
import { DEFAULT_MAX_WAIT_MINUTES } from '../settings';
import { DEFAULT_MAX_VIDEO_MB } from '../binary';

const pollOption = {
	name: 'Poll Until Finished',
	value: 'poll',
	description: 'Keep this execution running and check all tasks together until each is finished or Max Wait passes',
};
const noWaitOption = {
	name: "Don't Wait",
	value: 'none',
	description: 'Return the task ID and status at once; fetch the result later with Get Task or a Kling Trigger',
};
const webhookOption = {
	name: 'Wait for Webhook',
	value: 'webhook',
	description:
		"Park the execution (no worker held) and resume when Freepik calls back. Needs n8n reachable from the internet (WEBHOOK_URL).",
};


/** Wait, download and execution options shared by the three generation nodes. */
export function waitProperties(providers: ProviderName[]): INodeProperties[] {
	const properties: INodeProperties[] = [];
	if (providers.includes('freepik')) {
		properties.push({
			displayName: 'Wait for Result',
			name: 'waitMode',
			type: 'options',
			noDataExpression: true,
			options: [pollOption, webhookOption, noWaitOption],
			default: 'poll',
			displayOptions: { show: { operation: ['generate'], authentication: ['freepik'] } },
		});
	}
	if (providers.includes('apimart')) {
		properties.push({
			displayName: 'Wait for Result',
			name: 'waitMode',
			type: 'options',
			noDataExpression: true,
			options: [pollOption, noWaitOption],
			default: 'poll',
			displayOptions: { show: { operation: ['generate'], authentication: ['apimart'] } },
		});
	}
	properties.push(
		{
			displayName: 'Download Video',
			name: 'downloadVideo',
			type: 'boolean',
			default: true,
			description: 'Whether to put the finished MP4 into the binary property "data" (result URLs expire after about a day)',
			displayOptions: { show: { operation: ['generate', 'getTask'] } },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { operation: ['generate', 'getTask'] } },
			options: [
				{
					displayName: 'Binary Property',
					name: 'binaryPropertyName',
					type: 'string',
					default: 'data',
					description: 'Name of the binary property the video is written to',
				},
				{
					displayName: 'Max Poll Interval (Seconds)',
					name: 'maxPollIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 15,
					description: 'Polls start every second and slow down as tasks age, up to this interval',
					displayOptions: { show: { '/operation': ['generate'] } },
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
					displayName: 'Max Wait (Minutes)',
					name: 'maxWaitMinutes',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: DEFAULT_MAX_WAIT_MINUTES,
					description:
						'How long to wait for the tasks. Past it, unfinished items fail with their task ID so they can be fetched later with Get Task.',
					displayOptions: { show: { '/operation': ['generate'] } },
				},
				{
					displayName: 'Requests per Minute',
					name: 'requestsPerMinute',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 50,
					description:
						"Budget for this execution's API requests (creates and polls). Freepik allows 50 per minute per key; lower it when other workflows share the key.",
					displayOptions: { show: { '/operation': ['generate'] } },
				},
				{
					displayName: 'Webhook URL',
					name: 'webhookUrl',
					type: 'string',
					default: '',
					placeholder: 'https://your-n8n.example.com/webhook/…',
					description:
						'Freepik calls this URL on every status change, e.g. the production URL of a Kling Trigger node. Not used with Wait for Webhook.',
					displayOptions: { show: { '/authentication': ['freepik'], '/operation': ['generate'] } },
				},
			],
		},
	);
	return properties;
}

