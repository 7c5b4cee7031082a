import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { distinctRows } from '../models';
import type { Family, Provider } from '../providers/types';

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

const listTasksOption: INodePropertyOptions = {
	name: 'List Tasks',
	value: 'listTasks',
	description: 'List recent generation tasks of this API key, newest first',
	action: 'List video generation tasks',
};

/** Operation selector per provider (List Tasks where the provider lists tasks), plus Get/List fields. */
export function operationProperties(family: Family, providers: Provider[]): INodeProperties[] {
	const properties: INodeProperties[] = providers.map((provider) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { authentication: [provider.name] } },
		options: [generateOption, getTaskOption, ...(distinctRows(family, provider.name, 'list').length > 0 ? [listTasksOption] : [])],
		default: 'generate',
	}));
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
		},
	);
	return properties;
}
