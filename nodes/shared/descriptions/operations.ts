import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { distinctRows } from '../models';
import type { Family, Provider } from '../providers/types';
import { fromVersionTwo, inVersionOne } from './versions';

/** The operations as the code knows them; version-1 nodes saved `getTask` and `listTasks`. */
type Operation = 'generate' | 'get' | 'getAll';

const VERSION_ONE_OPERATIONS: Record<string, Operation> = { getTask: 'get', listTasks: 'getAll' };

const OPERATION_LABELS: Record<Operation, string> = { generate: 'Generate', get: 'Get Task', getAll: 'Get Many' };

/** What the subtitle calls an operation, by every value it may be saved as. */
export function operationLabels(): Record<string, string> {
	return {
		...OPERATION_LABELS,
		...Object.fromEntries(Object.entries(VERSION_ONE_OPERATIONS).map(([value, operation]) => [value, OPERATION_LABELS[operation]])),
	};
}

const generateOption: INodePropertyOptions = {
	name: 'Generate Video',
	value: 'generate',
	description: 'Start Kling video generation for each item and (by default) wait for the finished video',
	action: 'Generate a video',
};

function getOption(value: string): INodePropertyOptions {
	return {
		name: 'Get Task',
		value,
		description: 'Get the status of a generation task by its ID, and its video when finished',
		action: 'Get a video generation task',
	};
}

function getAllOption(value: string): INodePropertyOptions {
	return {
		name: 'Get Many',
		value,
		description: 'List recent generation tasks of this API key, newest first',
		action: 'Get many video generation tasks',
	};
}

function lists(family: Family, provider: Provider): boolean {
	return provider.listing !== undefined && distinctRows(family, provider.name, 'list').length > 0;
}

/**
 * n8n names a node after the action of the first `operation` field whose show names the resource:
 * only version 2's fields name it, the one with every operation first (see operationProperties).
 */
function operationProperty(family: Family, provider: Provider, version: 1 | 2): INodeProperties {
	const show = version === 1 ? { authentication: [provider.name] } : { resource: ['video'], authentication: [provider.name] };
	const [get, getAll] = version === 1 ? ['getTask', 'listTasks'] : ['get', 'getAll'];
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: version === 1 ? inVersionOne(show) : fromVersionTwo(show) },
		options: [generateOption, getOption(get), ...(lists(family, provider) ? [getAllOption(getAll)] : [])],
		default: 'generate',
	};
}

/** Version 2's Task ID: picked from the provider's task list where it has one, or typed. */
function taskIdLocator(family: Family, provider: Provider): INodeProperties {
	return {
		displayName: 'Task ID',
		name: 'taskId',
		type: 'resourceLocator',
		required: true,
		default: { mode: lists(family, provider) ? 'list' : 'id', value: '' },
		description: 'The task a Generate Video run started (its output field taskId)',
		displayOptions: { show: { operation: ['get'], authentication: [provider.name] } },
		modes: [
			...(lists(family, provider)
				? [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list' as const,
							typeOptions: { searchListMethod: 'searchTasks', searchable: true },
						},
					]
				: []),
			{ displayName: 'By ID', name: 'id', type: 'string' as const, placeholder: 'e.g. 7f2c1a9e-…' },
		],
	};
}

/** Operation selector per provider and version (Get Many where the provider lists tasks), plus the Get and Get Many fields. */
export function operationProperties(family: Family, providers: Provider[]): INodeProperties[] {
	return [
		...[...providers]
			.sort((a, b) => Number(lists(family, b)) - Number(lists(family, a)))
			.map((provider) => operationProperty(family, provider, 2)),
		...providers.map((provider) => operationProperty(family, provider, 1)),
		{
			displayName: 'Task ID',
			name: 'taskId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 7f2c1a9e-…',
			description: 'The ID a Generate Video run returned (output field taskId)',
			displayOptions: { show: inVersionOne({ operation: ['getTask'] }) },
		},
		...providers.map((provider) => taskIdLocator(family, provider)),
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show: { operation: ['getAll', 'listTasks'] } },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			hint: 'Up to 100; use Return All for more',
			displayOptions: { show: { operation: ['getAll', 'listTasks'], returnAll: [false] } },
		},
	];
}
