import { jsonReply, type Reply } from '../http/reply';
import type { JsonBody } from '../http/requestBody';
import { exactPath, pathWithId, type Route, type SandboxRequest } from '../http/routing';
import { withFreepikKey } from './auth';
import { freepikInvalidParams, freepikMessage, freepikNotFound, type InvalidParam } from './errors';
import type { SandboxTask } from '../tasks/taskStore';
import type { FreepikFamily } from './families';
import { toInvalidParams } from './invalidParams';
import { freepikListItem, freepikStatusData } from './taskView';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export function freepikTaskRoutes(family: FreepikFamily): Route[] {
	const createRoutes = family.createPaths.map(
		({ path, tier }): Route => ({
			methods: ['POST'],
			pattern: exactPath(path),
			endpoint: family.endpoints.create,
			body: 'json',
			handle: withFreepikKey((request, context, apiKey) => {
				const parsed = parseJsonRequest(request.body);
				if ('reply' in parsed) return parsed.reply;
				const validation = family.schema.safeParse(parsed.value);
				if (!validation.success) return freepikInvalidParams(toInvalidParams(validation.error));
				const body = parsed.value as { webhook_url?: string };
				const task = context.tasks.create({
					provider: 'freepik',
					family: family.family,
					tier,
					apiKey,
					request: body,
					webhookUrl: body.webhook_url,
				});
				return jsonReply(200, { data: { task_id: task.id, status: task.status, generated: [] } });
			}),
		}),
	);
	const listRoute: Route = {
		methods: ['GET'],
		pattern: exactPath(family.listPath),
		endpoint: family.endpoints.list,
		body: 'none',
		handle: withFreepikKey((request, context, apiKey) => {
			const paging = parsePaging(request.query);
			if ('invalid' in paging) return freepikInvalidParams(paging.invalid);
			const tasks = context.tasks
				.all()
				.filter((task) => isFamilyTask(family, task) && task.apiKey === apiKey)
				.sort((first, second) => second.sequence - first.sequence);
			const page = tasks.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize);
			return jsonReply(200, { data: page.map((task) => freepikListItem(task, context.options.listIncludesGenerated)) });
		}),
	};
	const statusRoute: Route = {
		methods: ['GET'],
		pattern: pathWithId(family.listPath),
		endpoint: family.endpoints.status,
		body: 'none',
		handle: withFreepikKey((request, context, apiKey) => {
			const task = context.tasks.get(request.params[0]);
			const visible = task !== undefined && isFamilyTask(family, task) && task.apiKey === apiKey;
			return visible ? jsonReply(200, { data: freepikStatusData(task) }) : freepikNotFound();
		}),
	};
	return [...createRoutes, listRoute, statusRoute];
}

/** A task shows under a family's list and status paths: same family (and tier, where the paths are per tier). */
function isFamilyTask(family: FreepikFamily, task: SandboxTask): boolean {
	return task.provider === 'freepik' && task.family === family.family && (family.onlyTier === undefined || task.tier === family.onlyTier);
}

export function parseJsonRequest(body: JsonBody | undefined): { value: unknown } | { reply: Reply } {
	if (body === undefined || body.kind === 'empty') return { value: {} };
	if (body.kind === 'too-large') return { reply: freepikMessage(413, 'Request body too large') };
	if (body.kind === 'malformed') return { reply: freepikMessage(400, `Malformed JSON body: ${body.reason}`) };
	return { value: body.value };
}

function parsePaging(query: SandboxRequest['query']): { page: number; pageSize: number } | { invalid: InvalidParam[] } {
	const invalid: InvalidParam[] = [];
	const page = integerParam(query.get('page'), 1);
	const pageSize = integerParam(query.get('page_size'), DEFAULT_PAGE_SIZE);
	if (page === undefined || page < 1) invalid.push({ name: 'page', reason: "Parameter 'page' must be greater than 0" });
	if (pageSize === undefined || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		invalid.push({ name: 'page_size', reason: `Parameter 'page_size' must be between 1 and ${MAX_PAGE_SIZE}` });
	}
	if (invalid.length > 0 || page === undefined || pageSize === undefined) return { invalid };
	return { page, pageSize };
}

function integerParam(value: string | null, fallback: number): number | undefined {
	if (value === null) return fallback;
	return /^-?\d+$/.test(value) ? Number(value) : undefined;
}
