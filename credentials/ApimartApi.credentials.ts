import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export const APIMART_HOST = 'https://api.apimart.ai';

export class ApimartApi implements ICredentialType {
	name = 'apimartApi';

	displayName = 'APIMart API';

	icon = { light: 'file:icons/apimart.svg', dark: 'file:icons/apimart.dark.svg' } as const;

	documentationUrl = 'https://docs.apimart.ai/en/api-reference/account/token-balance';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from the APIMart API key management page (sent as a Bearer token)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: APIMART_HOST,
			description: 'Change only for a proxy or a local sandbox',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// GET /v1/balance reads the key's remaining balance and spends nothing. For an unknown key
	// APIMart answers HTTP 200 with success: false, so the body is checked as well as the status.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://api.apimart.ai").replace(/\\/+$/, "") }}',
			url: '/v1/balance',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message: 'APIMart does not know this API key (it may have been deleted). Check the key.',
				},
			},
		],
	};
}
