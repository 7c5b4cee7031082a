import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

const ROOT = join(__dirname, '..', '..');

/** n8n-nodes-base is not a dependency: this is the part of its Manual Trigger the engine needs. */
class ManualTrigger implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow when run',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * Emits the items given as JSON in its `items` parameter (binary entries as base64), so a test
 * can feed a batch, expressions' inputs or binary images to the node under test.
 */
class TestItems implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Test Items',
		name: 'items',
		group: ['transform'],
		version: 1,
		description: 'Outputs fixed items',
		defaults: { name: 'Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | INodeExecutionData[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as INodeExecutionData[];
		return [items.map((item, index) => ({ ...item, pairedItem: { item: 0 }, json: { ...item.json, index } }))];
	}
}

export const TEST_ITEMS_TYPE = 'n8n-nodes-kling-test.items';

export type PackageSource = 'src' | 'dist';

interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: Map<string, ICredentialType>;
	/** Node type name (as used in workflows, e.g. `n8n-nodes-kling.klingOmni`) -> node type. */
	nodes: Map<string, INodeType | IVersionedNodeType>;
}

/**
 * Loads what package.json's `n8n` field lists, as n8n does: from `dist/` (the built package) or
 * from the TypeScript sources beside it (tests).
 */
export function loadPackage(source: PackageSource = 'src'): LoadedPackage {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
		name: string;
		n8n: { nodes: string[]; credentials: string[] };
	};
	const resolve = (distPath: string) =>
		source === 'dist' ? join(ROOT, distPath) : join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const classFrom = <T>(path: string): T => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const moduleExports = require(resolve(path)) as Record<string, new () => T>;
		const Class = Object.values(moduleExports).find((value) => typeof value === 'function');
		if (!Class) throw new Error(`${path} exports no class`);
		return new Class();
	};

	const nodes = new Map<string, INodeType | IVersionedNodeType>();
	nodes.set('n8n-nodes-base.manualTrigger', new ManualTrigger());
	nodes.set(TEST_ITEMS_TYPE, new TestItems());
	for (const path of pkg.n8n.nodes) {
		const node = classFrom<INodeType | IVersionedNodeType>(path);
		nodes.set(`${pkg.name}.${node.description.name}`, node);
	}
	const credentialTypes = new Map<string, ICredentialType>();
	for (const path of pkg.n8n.credentials) {
		const credential = classFrom<ICredentialType>(path);
		credentialTypes.set(credential.name, credential);
	}

	const nodeTypes: INodeTypes = {
		getByName: (name) => {
			const node = nodes.get(name);
			if (!node) throw new Error(`Unknown node type: ${name}`);
			return node;
		},
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(nodeTypes.getByName(name), version),
		getKnownTypes: () => ({}) as IDataObject,
	};
	return { nodeTypes, credentialTypes, nodes };
}
