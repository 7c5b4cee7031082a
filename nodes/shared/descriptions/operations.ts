import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { freepikTasksPath } from '../providers/freepik';
import type { Family, ProviderName } from '../providers/types';
import { listTaskItems, paginateTasks } from '../tasks';

const getTaskOption: INodePropertyOptions = {
	name: 'Get Task',
	value: 'getTask',
	description: 'Get the status of a generation task by its ID, and its video when finished',
	action: 'Get a video generation task',
};

const generateOption: INodePropertyOptions = {
	name: 'Generate Video',
	value: 'generate',
	description: 'Start Kling video generation for each item and (by default) wait for the finished video',
	action: 'Generate a video',
};

function listTasksOption(family: Family): INodePropertyOptions {
	return {
		name: 'List Tasks',
		value: 'listTasks',
		description: 'List recent generation tasks of this API key, newest first',
		action: 'List video generation tasks',
		routing: {
			request: { method: 'GET', url: freepikTasksPath(family) },
			operations: { pagination: paginateTasks },
			output: { postReceive: [{ type: 'rootProperty', properties: { property: 'data' } }, listTaskItems] },
		},
	};
}

/** Operation selector per provider (APIMart has no list endpoint), plus Get/List fields. */
export function operationProperties(family: Family, providers: ProviderName[]): INodeProperties[] {
	const properties: INodeProperties[] = [];
	if (providers.includes('freepik')) {
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { authentication: ['freepik'] } },
			options: [generateOption, getTaskOption, listTasksOption(family)],
			default: 'generate',
		});
	}
	if (providers.includes('apimart')) {
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { authentication: ['apimart'] } },
			options: [generateOption, getTaskOption],
			default: 'generate',
		});
	}
	properties.push(
		{
			displayName: 'Task ID',
			name: 'taskId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 7f2c1a9e-…',
			description: 'The ID a Generate Video run returned (output field taskId)',
			displayOptions: { show: { operation: ['getTask'] } },
		},
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show: { operation: ['listTasks'] } },
			routing: { send: { paginate: '={{ $value }}' } },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			hint: 'Up to 100; use Return All for more',
			displayOptions: { show: { operation: ['listTasks'], returnAll: [false] } },
			routing: { send: { type: 'query', property: 'page_size', value: '={{ Math.min($value, 100) }}' } },
		},
	);
	return properties;
}
