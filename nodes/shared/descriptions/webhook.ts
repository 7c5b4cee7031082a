import type { IHookFunctions, IWebhookDescription } from 'n8n-workflow';

/** The resume webhook of "Wait for Webhook": `{resumeUrl}/{nodeId}`, called by the provider. */
export const resumeWebhook: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
};

/**
 * The only webhook is the resume URL of a parked execution: there is nothing to register with
 * the provider, which receives the URL in each create request.
 */
export const resumeWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
