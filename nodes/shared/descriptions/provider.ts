import type { INodeCredentialDescription, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import type { Provider } from '../providers/types';

/**
 * Named `authentication` because that is what saved workflows hold. n8n's editor hides a node's
 * "main auth field" (a field named `authentication`, or one whose every value a credential's
 * `displayOptions.show` names) and folds it into one credential picker over all the credential
 * types. The credentials below are therefore keyed by `hide`, which the editor does not read as
 * an auth dependency: the Provider stays a visible field, with its own credential below it.
 */
export function providerProperty(providers: Provider[]): INodeProperties {
	// The default is the registry's first provider, not a literal the linter can see.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	return {
		displayName: 'Provider',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options: providers.map((provider) => ({
			name: provider.displayName,
			value: provider.name,
			description: `Kling 3 on the ${provider.displayName} API, with its own credential`,
		})),
		default: providers[0].name,
		description: 'Which API runs Kling. Each provider has its own credential and its own options.',
	};
}

/**
 * Where the editor puts the credential picker: a `credentials` parameter holds its place (n8n
 * renders the picker there and no input of its own). Without it the picker would go above the
 * Provider, since no field is a credential dependency any more.
 */
export const credentialPlacement: INodeProperties = {
	displayName: 'Credential',
	name: 'credential',
	type: 'credentials',
	default: '',
};

/** One credential per provider, shown while that provider is picked (see providerProperty). */
export function providerCredentials(providers: Provider[]): INodeCredentialDescription[] {
	return providers.map((provider) => {
		const others = providers.filter((other) => other !== provider).map((other) => other.name);
		return {
			name: provider.credentialType,
			required: true,
			...(others.length > 0 ? { displayOptions: { hide: { authentication: others } } } : {}),
		};
	});
}

/** Every operation is a custom one that calls the providers through the shared transport. */
export const requestDefaults: INodeTypeDescription['requestDefaults'] = {
	headers: { Accept: 'application/json' },
};

/**
 * The nodes have one resource. n8n still reads `resource` to find a custom operation and to name
 * the node after the operation's action, so it stays, as a hidden parameter.
 */
export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'hidden',
	noDataExpression: true,
	default: 'video',
};
