import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export const FREEPIK_HOST = 'https://api.freepik.com';
export const MAGNIFIC_HOST = 'https://api.magnific.com';

/** The same API is served under both brands; each host documents its own key header. */
export function freepikKeyHeaders(host: string, apiKey: string): Record<string, string> {
	if (host === FREEPIK_HOST) return { 'x-freepik-api-key': apiKey };
	if (host === MAGNIFIC_HOST) return { 'x-magnific-api-key': apiKey };
	// A proxy or sandbox may front either brand: both headers carry the same key to the same host.
	return { 'x-freepik-api-key': apiKey, 'x-magnific-api-key': apiKey };
}

const KEY_REFUSED =
	'The provider refused this API key. Check the key, and that the host (Freepik or Magnific) is the one that issued it.';

export class FreepikApi implements ICredentialType {
	name = 'freepikApi';

	displayName = 'Freepik (Magnific) API';

	icon = { light: 'file:icons/freepik.svg', dark: 'file:icons/freepik.dark.svg' } as const;

	documentationUrl = 'https://docs.freepik.com/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Issued at <a href="https://www.freepik.com/api" target="_blank">freepik.com/api</a> (Freepik) or in your Magnific developer dashboard; see <a href="https://docs.freepik.com/authentication" target="_blank">how to get a key</a>',
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'options',
			options: [
				{ name: 'Freepik (api.freepik.com)', value: FREEPIK_HOST },
				{ name: 'Magnific (api.magnific.com)', value: MAGNIFIC_HOST },
				{ name: 'Custom URL', value: 'custom' },
			],
			default: FREEPIK_HOST,
			description:
				'Where the key was issued. Freepik keys use the x-freepik-api-key header, Magnific keys x-magnific-api-key; a custom URL (proxy, local sandbox) receives both.',
		},
		{
			displayName: 'Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010',
			required: true,
			displayOptions: { show: { host: ['custom'] } },
			description: 'Base URL of a proxy or sandbox that serves the Freepik API paths (/v1/ai/...)',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The webhook secret issued with your API key (raw or whsec_ form). When set, the Kling Trigger and "Wait for Webhook" verify that callbacks really come from the provider.',
		},
	];

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			...freepikKeyHeaders(credentials.host as string, credentials.apiKey as string),
		};
		return requestOptions;
	};

	// Listing Kling 3 Omni tasks is free: it proves the key and host without spending credits.
	// ignoreHttpStatusErrors: n8n 1.x drops the HTTP status before `responseCode` rules are read
	// (its ExecutionBaseError's `cause` field shadows Error's cause), so a 401 would show n8n's
	// own text there. Judging the body instead gives the same messages on 1.x and 2.x, and a
	// 200 that is not a task list (a web page as Base URL) fails instead of passing.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.host === "custom" ? $credentials.customBaseUrl : $credentials.host).replace(/\\/+$/, "") }}',
			url: '/v1/ai/video/kling-v3-omni',
			method: 'GET',
			qs: { page: 1, page_size: 1 },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'message', value: 'Invalid API key', message: KEY_REFUSED } },
			{ type: 'responseSuccessBody', properties: { key: 'message', value: 'Missing API key', message: KEY_REFUSED } },
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: undefined,
					message:
						'The host did not answer with a list of Kling tasks. Check that the host is the one that issued the key and, for a custom URL, that it serves the Freepik API (/v1/ai/...). If it is right, the service may be busy (HTTP 429/5xx): try again in a minute.',
				},
			},
		],
	};
}
