import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { FREEPIK_HOST } from '../../../../credentials/FreepikApi.credentials';
import type { Provider } from '../types';
import { freepikErrorMessage, freepikListedTasks, freepikState, freepikTask } from './answers';
import { freepikGenerateFields } from './fields';
import { uploadToFreepik } from './uploads';

/** Freepik, also branded Magnific: the tier is in the create path, tasks can be listed, callbacks are signed. */
export const freepik: Provider = {
	name: 'freepik',
	label: 'Freepik',
	displayName: 'Freepik (Magnific)',
	credentialType: 'freepikApi',
	// Documented: 50 requests per minute per key, creates, polls and lists together.
	defaultRequestsPerMinute: 50,
	rateLimitNote: 'Freepik allows 50 per minute per key; lower it when other workflows share the key.',
	baseUrl: (credentials: ICredentialDataDecryptedObject) =>
		(credentials.host === 'custom' ? String(credentials.customBaseUrl ?? '') : String(credentials.host || FREEPIK_HOST)).replace(
			/\/+$/,
			'',
		),
	webhookSecret: (credentials) =>
		typeof credentials.webhookSecret === 'string' && credentials.webhookSecret ? credentials.webhookSecret : undefined,
	versionOneQualityParameter: { name: 'tier', displayName: 'Quality' },
	parseCreated: (body, model) => freepikTask(body, model),
	parseStatus: (body, model) => freepikTask(body, model),
	salvageTaskId: (text) => /"task_id"\s*:\s*"([^"\\]{1,200})"/.exec(text)?.[1],
	state: freepikState,
	errorMessage: freepikErrorMessage,
	bodyError: () => undefined,
	listing: {
		pageSizeMax: 100,
		request: (path, page, pageSize) => ({ method: 'GET', url: path, qs: { page, page_size: pageSize } }),
		parse: freepikListedTasks,
	},
	callbacks: { urlField: 'webhook_url', parse: freepikTask },
	uploadRules: {
		image: ['image/png', 'image/jpeg', 'image/webp'],
		video: ['video/mp4', 'video/webm', 'video/quicktime'],
	},
	upload: uploadToFreepik,
	generateFields: freepikGenerateFields,
};
