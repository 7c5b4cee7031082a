import type { INodeCredentialDescription, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import type { Provider } from '../providers/types';

/**
 * Named `authentication` because that is the parameter n8n reads to pick which of several
 * credentials a node uses.
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
			description: `Kling 3 on the ${provider.displayName} API`,
		})),
		default: providers[0].name,
		description: 'Which API runs Kling. Each provider has its own credential.',
	};
}

export function providerCredentials(providers: Provider[]): INodeCredentialDescription[] {
	return providers.map((provider) => ({
		name: provider.credentialType,
		required: true,
		displayOptions: { show: { authentication: [provider.name] } },
	}));
}

/** Every operation is a custom one that calls the providers through the shared transport. */
export const requestDefaults: INodeTypeDescription['requestDefaults'] = {
	headers: { Accept: 'application/json' },
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Video', value: 'video' }],
	default: 'video',
};
