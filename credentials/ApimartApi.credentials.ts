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
			description:
				'Issued on the API key management page of your <a href="https://apimart.ai" target="_blank">APIMart</a> console (sent as a Bearer token)',
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

	// GET /v1/balance reads the key's balance and spends nothing. It is documented to answer
	// {"success":true,"remain_balance":..,"used_balance":..,"unlimited_quota":..}; an unknown key
	// gets HTTP 200 with success: false. ignoreHttpStatusErrors lets the rules read 401/403 bodies
	// on n8n 1.x too (1.x loses the status before `responseCode` rules are read), and any answer
	// without the balance fields (a web page as Base URL) fails instead of passing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://api.apimart.ai").replace(/\\/+$/, "") }}',
			url: '/v1/balance',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 401,
					message: 'APIMart refused this API key (HTTP 401). Check the key in your APIMart console.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 403,
					message: 'APIMart refused access with this API key (HTTP 403). Check the key and its permissions in your APIMart console.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message: 'APIMart does not know this API key (it may have been deleted). Check the key.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'remain_balance',
					value: undefined,
					message:
						'The Base URL did not answer like APIMart (GET /v1/balance returned no balance). Check the Base URL (normally https://api.apimart.ai). If it is right, the service may be busy (HTTP 429/5xx): try again in a minute.',
				},
			},
		],
	};
}
