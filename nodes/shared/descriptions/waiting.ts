import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_VIDEO_MB } from '../binary';
import type { Provider } from '../providers/types';
import { DEFAULT_MAX_WAIT_MINUTES } from '../settings';

const pollOption = {
	name: 'Poll Until Finished',
	value: 'poll',
	description: 'Keep this execution running and check all tasks together until each is finished or Max Wait passes',
};

function noWaitOption(provider: Provider) {
	return {
		name: "Don't Wait",
		value: 'none',
		description: `Return the task ID and status at once; fetch the result later with Get Task${provider.callbacks ? ' or a Kling Trigger' : ''}`,
	};
}

function webhookOption(provider: Provider) {
	return {
		name: 'Wait for Webhook',
		value: 'webhook',
		description: `Park the execution (no worker held) and resume when ${provider.label} calls back. Needs n8n reachable from the internet (WEBHOOK_URL). Set the webhook secret in the credential: callbacks are then verified, and without it each one costs a status request to confirm.`,
	};
}

/** One per provider: its own default and its own limit in the hint. */
function requestsPerMinuteOption(provider: Provider): INodeProperties {
	// The default is the provider's own limit, not a literal the linter can see.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	return {
		displayName: 'Requests per Minute',
		name: 'requestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: provider.defaultRequestsPerMinute,
		// The provider's note is a full sentence, which the linter cannot see in a template.
		// eslint-disable-next-line n8n-nodes-base/node-param-description-missing-final-period
		description: `Budget for this execution's API requests (creates and polls). ${provider.rateLimitNote}`,
		displayOptions: { show: { '/authentication': [provider.name], '/operation': ['generate'] } },
	};
}

/** Wait, download and execution options shared by the generation nodes. */
export function waitProperties(providers: Provider[]): INodeProperties[] {
	const properties: INodeProperties[] = providers.map((provider) => ({
		displayName: 'Wait for Result',
		name: 'waitMode',
		type: 'options',
		noDataExpression: true,
		options: [pollOption, ...(provider.callbacks ? [webhookOption(provider)] : []), noWaitOption(provider)],
		default: 'poll',
		displayOptions: { show: { operation: ['generate'], authentication: [provider.name] } },
	}));
	const callbackProviders = providers.filter((provider) => provider.callbacks).map((provider) => provider.name);
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
				...providers.map(requestsPerMinuteOption),
				{
					displayName: 'Webhook URL',
					name: 'webhookUrl',
					type: 'string',
					default: '',
					placeholder: 'https://your-n8n.example.com/webhook/…',
					description:
						'The provider calls this URL on every status change, e.g. the production URL of a Kling Trigger node. Not used with Wait for Webhook.',
					displayOptions: { show: { '/authentication': callbackProviders, '/operation': ['generate'] } },
				},
			],
		},
	);
	return properties;
}

