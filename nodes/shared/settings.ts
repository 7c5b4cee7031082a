import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_VIDEO_MB } from './binary';
import type { ProviderName } from './providers/types';
import { DEFAULT_REQUESTS_PER_MINUTE } from './transport';
import { POLL_INTERVAL } from './wait';

export type WaitMode = 'none' | 'poll' | 'webhook';

/** The execution-wide settings of Generate Video (read from item 0: they shape the whole batch). */
export interface GenerateSettings {
	provider: ProviderName;
	waitMode: WaitMode;
	maxWaitMs: number;
	downloadVideo: boolean;
	binaryPropertyName: string;
	maxVideoBytes: number;
	requestsPerMinute: number;
	maxPollIntervalMs: number;
}

export const DEFAULT_MAX_WAIT_MINUTES = 15;

export function readGenerateSettings(context: IExecuteFunctions): GenerateSettings {
	const provider = context.getNodeParameter('authentication', 0) as ProviderName;
	const waitMode = context.getNodeParameter('waitMode', 0, 'poll') as WaitMode;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	if (waitMode === 'webhook' && provider !== 'freepik') {
		throw new NodeOperationError(context.getNode(), 'Wait for Webhook needs Freepik: APIMart has no callbacks for Kling');
	}
	const maxWaitMinutes = Number(options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES);
	const requestsPerMinute = Number(options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE[provider]);
	const maxVideoSizeMb = Number(options.maxVideoSizeMb ?? DEFAULT_MAX_VIDEO_MB);
	const maxPollIntervalSeconds = Number(options.maxPollIntervalSeconds ?? POLL_INTERVAL.maxMs / 1000);
	for (const [label, value] of [
		['Max Wait (Minutes)', maxWaitMinutes],
		['Requests per Minute', requestsPerMinute],
		['Max Video Size (MB)', maxVideoSizeMb],
		['Max Poll Interval (Seconds)', maxPollIntervalSeconds],
	] as const) {
		if (!Number.isFinite(value) || value <= 0) {
			throw new NodeOperationError(context.getNode(), `Options › ${label}: ${String(value)} is not a positive number`);
		}
	}
	return {
		provider,
		waitMode,
		maxWaitMs: maxWaitMinutes * 60_000,
		downloadVideo: context.getNodeParameter('downloadVideo', 0, true) as boolean,
		binaryPropertyName: String(options.binaryPropertyName ?? 'data') || 'data',
		maxVideoBytes: maxVideoSizeMb * 1024 * 1024,
		requestsPerMinute,
		maxPollIntervalMs: Math.max(POLL_INTERVAL.minMs, maxPollIntervalSeconds * 1000),
	};
}
