import { jsonReply } from '../http/reply';
import { exactPath, pathWithId, type Route } from '../http/routing';
import { withApimartKey } from './auth';
import { apimartError, apimartInvalidRequest } from './errors';
import { APIMART_MODELS } from './models';
import { apimartTaskData } from './taskView';
import { apimartValidationMessage } from './validationMessage';

const createTask: Route = {
	methods: ['POST'],
	pattern: exactPath('/v1/videos/generations'),
	endpoint: 'apimart.create',
	body: 'json',
	handle: withApimartKey((request, context, apiKey) => {
		const body = request.body;
		if (body?.kind === 'too-large') return apimartInvalidRequest('request body too large', 413);
		if (body?.kind !== 'json') {
			return apimartInvalidRequest(body?.kind === 'malformed' ? `invalid JSON body: ${body.reason}` : 'request body is required');
		}
		const modelName = (body.value as { model?: unknown } | null)?.model;
		const model = typeof modelName === 'string' ? APIMART_MODELS[modelName] : undefined;
		if (!model) return apimartInvalidRequest(`model: unsupported model '${String(modelName)}'`);
		const validation = model.schema.safeParse(body.value);
		if (!validation.success) return apimartInvalidRequest(apimartValidationMessage(validation.error));
		if (context.tasks.activeCount('apimart', apiKey) >= context.options.apimartMaxConcurrent) {
			return apimartError(429, 'Too many concurrent tasks', 'rate_limit_error');
		}
		const task = context.tasks.create({
			provider: 'apimart',
			family: model.family,
			tier: (body.value as { mode?: string; resolution?: string }).mode ?? (body.value as { resolution?: string }).resolution ?? 'std',
			apiKey,
			request: body.value,
		});
		return jsonReply(200, { code: 200, data: [{ status: 'submitted', task_id: task.id }] });
	}),
};

const taskStatus: Route = {
	methods: ['GET'],
	pattern: pathWithId('/v1/tasks'),
	endpoint: 'apimart.status',
	body: 'none',
	handle: withApimartKey((request, context, apiKey) => {
		const task = context.tasks.get(request.params[0]);
		if (task?.provider !== 'apimart' || task.apiKey !== apiKey) return apimartInvalidRequest('task not found', 404);
		return jsonReply(200, { code: 200, data: apimartTaskData(task, context.options) });
	}),
};

export const apimartTaskRoutes: Route[] = [createTask, taskStatus];
