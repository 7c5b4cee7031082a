import type { INodeCredentialDescription, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import type { ProviderName } from '../providers/types';

/**
 * Named `authentication` because that is the parameter n8n reads to pick which of several
 * credentials a declarative node uses.
 */
export function providerProperty(providers: ProviderName[]): INodeProperties {
	const options = [
		{ name: 'Freepik (Magnific)', value: 'freepik', description: 'Kling 3 on the Freepik / Magnific API' },
		{ name: 'APIMart', value: 'apimart', description: 'Kling 3 on the APIMart API' },
	].filter((option) => providers.includes(option.value as ProviderName));
	return {
		displayName: 'Provider',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options,
		default: 'freepik',
		description: 'Which API runs Kling. Each provider has its own credential.',
	};
}

export function providerCredentials(providers: ProviderName[]): INodeCredentialDescription[] {
	const all: INodeCredentialDescription[] = [
		{ name: 'freepikApi', required: true, displayOptions: { show: { authentication: ['freepik'] } } },
		{ name: 'apimartApi', required: true, displayOptions: { show: { authentication: ['apimart'] } } },
	];
	return all.filter((credential) => providers.includes(credential.name === 'freepikApi' ? 'freepik' : 'apimart'));
}

export const requestDefaults: INodeTypeDescription['requestDefaults'] = {
	baseURL:
		'={{ ($parameter.authentication === "apimart" ? ($credentials.baseUrl || "https://api.apimart.ai") : ($credentials.host === "custom" ? $credentials.customBaseUrl : $credentials.host)).replace(/\\/+$/, "") }}',
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
