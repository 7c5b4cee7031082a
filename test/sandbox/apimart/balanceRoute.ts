import { jsonReply } from '../http/reply';
import { exactPath, type Route } from '../http/routing';
import { bearerToken, invalidToken } from './auth';

/** Spends nothing, so credential tests use it; an unknown key gets 200 with success:false, as live. */
export const apimartBalanceRoute: Route = {
	methods: ['GET'],
	pattern: exactPath('/v1/balance'),
	endpoint: 'apimart.balance',
	body: 'none',
	handle(request, context) {
		const token = bearerToken(request);
		if (token === undefined) return invalidToken();
		if (!context.options.apimartKeys.includes(token)) {
			return jsonReply(200, { success: false, message: 'Failed to get token info' });
		}
		request.log.apiKey = token;
		return jsonReply(200, { success: true, remain_balance: 10.5, used_balance: 2.3, unlimited_quota: false });
	},
};
