import { jsonReply, type Reply } from '../http/reply';

export function apimartError(status: number, message: string, type: string): Reply {
	return jsonReply(status, { error: { code: status, message, type } });
}

export function apimartInvalidRequest(message: string, status = 400): Reply {
	return apimartError(status, message, 'invalid_request_error');
}
