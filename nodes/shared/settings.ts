import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_VIDEO_MB } from './binary';
import { callbackProviders, providerNamed } from './providers';
import type { Provider } from './providers/types';

export type WaitMode = 'none' | 'poll' | 'webhook';

/** What every node that outputs a video reads the same way: Generate, Get Task, the Trigger. */
export interface OutputSettings {
	downloadVideo: boolean;
	binaryPropertyName: string;
	maxVideoBytes: number;
}

/** The execution-wide settings of Generate Video (read from item 0: they shape the whole batch). */
export interface GenerateSettings extends OutputSettings {
	provider: Provider;
	waitMode: WaitMode;
	maxWaitMs: number;
	requestsPerMinute: number;
	maxPollIntervalMs: number;
}

export const DEFAULT_MAX_WAIT_MINUTES = 15;
export const POLL_INTERVAL = { minMs: 1_000, maxMs: 15_000 };

/** Reads one node parameter; each node context has its own signature for it. */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

export function itemReader(context: IExecuteFunctions, itemIndex: number): ParameterReader {
	return (name, fallback) => context.getNodeParameter(name, itemIndex, fallback as never);
}

function positive(node: INode, label: string, value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
		throw new NodeOperationError(node, `Options › ${label}: ${JSON.stringify(value) ?? String(value)} is not a positive number`);
	}
	return number;
}

export function readOutputSettings(node: INode, read: ParameterReader): OutputSettings {
	const options = (read('options', {}) ?? {}) as IDataObject;
	const binaryPropertyName = options.binaryPropertyName === undefined ? 'data' : String(options.binaryPropertyName).trim();
	return {
		downloadVideo: read('downloadVideo', true) !== false,
		binaryPropertyName: binaryPropertyName || 'data',
		maxVideoBytes: positive(node, 'Max Video Size (MB)', options.maxVideoSizeMb ?? DEFAULT_MAX_VIDEO_MB) * 1024 * 1024,
	};
}

export function readProvider(context: IExecuteFunctions): Provider {
	try {
		return providerNamed(context.getNodeParameter('authentication', 0));
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

export function readGenerateSettings(context: IExecuteFunctions): GenerateSettings {
	const node = context.getNode();
	const provider = readProvider(context);
	const waitMode = context.getNodeParameter('waitMode', 0, 'poll') as WaitMode;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	if (waitMode === 'webhook' && !provider.callbacks) {
		const able = callbackProviders().map((candidate) => candidate.label).join(' or ');
		throw new NodeOperationError(node, `Wait for Webhook needs ${able}: ${provider.label} has no callbacks for Kling`);
	}
	const maxWaitMinutes = positive(node, 'Max Wait (Minutes)', options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES);
	const requestsPerMinute = positive(node, 'Requests per Minute', options.requestsPerMinute ?? provider.defaultRequestsPerMinute);
	const maxPollIntervalSeconds = positive(node, 'Max Poll Interval (Seconds)', options.maxPollIntervalSeconds ?? POLL_INTERVAL.maxMs / 1000);
	return {
		...readOutputSettings(node, itemReader(context, 0)),
		provider,
		waitMode,
		maxWaitMs: maxWaitMinutes * 60_000,
		requestsPerMinute,
		maxPollIntervalMs: Math.max(POLL_INTERVAL.minMs, maxPollIntervalSeconds * 1000),
	};
}
