import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IBinaryData, IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from './engine';
import { loadPackage, TEST_ITEMS_TYPE } from './nodeTypes';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export const CREDENTIAL_OF = { freepik: 'freepikApi', apimart: 'apimartApi' } as const;

export interface NodeUnderTest {
	/** e.g. `klingOmni` */
	type: string;
	name?: string;
	parameters: INodeParameters;
	continueOnFail?: boolean;
	/**
	 * By default the node's first version: 1, the form most tests were written for (and saved
	 * workflows hold), or 2 for a node that has no version 1 (Kling Motion Control).
	 */
	typeVersion?: number;
}

let firstVersions: Map<string, number> | undefined;

function firstVersionOf(type: string): number {
	firstVersions ??= new Map(
		[...loadPackage().nodes].map(([name, node]) => {
			const version = 'version' in node.description ? node.description.version : 1;
			return [name, Array.isArray(version) ? Math.min(...version) : version];
		}),
	);
	return firstVersions.get(type) ?? 1;
}

/** Manual Trigger -> Items (the given input items) -> the node under test. */
export function workflowWith(node: NodeUnderTest, items: INodeExecutionData[] = [{ json: {} }]): WorkflowJson {
	const name = node.name ?? 'Kling';
	const provider = (node.parameters.authentication as 'freepik' | 'apimart' | undefined) ?? 'freepik';
	const nodes: INode[] = [
		{ id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'items',
			name: 'Items',
			type: TEST_ITEMS_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: { items: JSON.stringify(items) },
		},
		{
			id: 'kling-node-id',
			name,
			type: `n8n-nodes-kling.${node.type}`,
			typeVersion: node.typeVersion ?? firstVersionOf(`n8n-nodes-kling.${node.type}`),
			position: [400, 0],
			parameters: node.parameters,
			credentials: { [CREDENTIAL_OF[provider]]: { id: 'test', name: 'test' } },
			...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	return {
		nodes,
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: name, type: 'main', index: 0 }]] },
		},
	};
}

export function imageBinary(fileName = 'image.png'): IBinaryData {
	return binaryFrom(readFileSync(join(FIXTURES, 'image.png')), 'image/png', fileName);
}

export function binaryFrom(content: Buffer, mimeType: string, fileName: string): IBinaryData {
	return { data: content.toString('base64'), mimeType, fileName, fileSize: String(content.length) } as IBinaryData;
}

export function jsonItems(...jsons: IDataObject[]): INodeExecutionData[] {
	return jsons.map((json) => ({ json }));
}
