import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nRuntime } from './install';
import type { N8nInstance, WorkflowJson } from './n8n';

/** What a scenario needs: the n8n under test, the sandbox, the credentials created in n8n. */
export interface Context {
	repoRoot: string;
	runtime: N8nRuntime;
	n8n: N8nInstance;
	sandboxUrl: string;
	/** The folder the examples' "Save video" nodes write to in this instance. */
	filesDir: string;
	/** Credential name (as in the examples) -> id created in this n8n. */
	credentials: Record<string, { id: string; type: string }>;
}

/** The examples write into n8n 2.x's default allowed folder; the e2e points them at its own. */
export const EXAMPLES_FILES_FOLDER = '/home/node/.n8n-files';

/**
 * Reads an example as a user imports it: credentials are matched by name to the ones created in
 * this n8n (the example's credential ids are placeholders), and the files folder is replaced.
 */
export function loadExample(context: Context, file: string): WorkflowJson {
	const text = readFileSync(join(context.repoRoot, 'examples', file), 'utf8').split(EXAMPLES_FILES_FOLDER).join(context.filesDir);
	const workflow = JSON.parse(text) as WorkflowJson;
	for (const node of workflow.nodes) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			const created = context.credentials[reference.name];
			if (!created || created.type !== type) {
				throw new Error(`${file}: node "${node.name}" uses ${type} credential "${reference.name}", which the e2e did not create`);
			}
			node.credentials![type] = { id: created.id, name: reference.name };
		}
	}
	return workflow;
}

export function findNode(workflow: WorkflowJson, name: string): WorkflowJson['nodes'][number] {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`workflow "${workflow.name}" has no node "${name}"`);
	return node;
}

export async function importExample(
	context: Context,
	file: string,
	edit?: (workflow: WorkflowJson) => void,
): Promise<WorkflowJson & { id: string; versionId: string }> {
	const workflow = loadExample(context, file);
	edit?.(workflow);
	return await context.n8n.api.createWorkflow(workflow);
}
