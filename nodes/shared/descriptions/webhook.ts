import type { IWebhookDescription } from 'n8n-workflow';

/** The resume webhook of "Wait for Webhook": `{resumeUrl}/{nodeId}`, called by the provider. */
export const resumeWebhook: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
};
