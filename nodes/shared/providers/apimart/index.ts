import { APIMART_HOST } from '../../../../credentials/ApimartApi.credentials';
import type { Provider } from '../types';
import { apimartBodyError, apimartCreatedTask, apimartState, apimartTask } from './answers';
import { apimartGenerateFields } from './fields';
import { uploadToApimart } from './uploads';

/** APIMart: one create endpoint for every model, the tier (`mode`) in the body, no task list, no callbacks. */
export const apimart: Provider = {
	name: 'apimart',
	label: 'APIMart',
	displayName: 'APIMart',
	credentialType: 'apimartApi',
	// APIMart limits concurrency per key rather than a rate: pace it gently.
	defaultRequestsPerMinute: 120,
	rateLimitNote: 'APIMart limits concurrent tasks per key rather than a rate; 120 paces it gently. Lower it when other workflows share the key.',
	baseUrl: (credentials) => String(credentials.baseUrl || APIMART_HOST).replace(/\/+$/, ''),
	webhookSecret: () => undefined,
	versionOneQualityParameter: { name: 'mode', displayName: 'Mode' },
	parseCreated: apimartCreatedTask,
	parseStatus: apimartTask,
	salvageTaskId: (text) => /"task_id"\s*:\s*"([^"\\]{1,200})"/.exec(text)?.[1],
	state: apimartState,
	errorMessage: (body) => apimartBodyError(body)?.message,
	bodyError: apimartBodyError,
	uploadRules: {
		image: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
		video: [],
		maxImageBytes: 20 * 1024 * 1024,
	},
	upload: uploadToApimart,
	generateFields: apimartGenerateFields,
};
