import { jsonReply, type Reply } from '../http/reply';

export interface InvalidParam {
	name: string;
	reason: string;
}

export const VALIDATION_FAILED_MESSAGE = "Your request parameters didn't validate.";

export function freepikMessage(status: number, message: string): Reply {
	return jsonReply(status, { message });
}

export function freepikInvalidParams(invalidParams: InvalidParam[]): Reply {
	return jsonReply(
		400,
		{ message: VALIDATION_FAILED_MESSAGE, invalid_params: invalidParams },
		'application/problem+json',
	);
}

export const freepikNotFound = (): Reply => freepikMessage(404, 'Not found');
