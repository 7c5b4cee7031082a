import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AssetStore } from '../assets/assetStore';
import type { EndpointName } from '../endpoints';
import type { RateLimiter } from '../freepik/rateLimiter';
import type { ResolvedSandboxOptions } from '../options';
import type { RequestLogEntry } from '../requestLog';
import type { TaskStore } from '../tasks/taskStore';
import type { Reply } from './reply';
import type { JsonBody } from './requestBody';

export interface SandboxRequest {
	raw: IncomingMessage;
	method: string;
	path: string;
	query: URLSearchParams;
	/** Capture groups of the route's pattern. */
	params: string[];
	headers: IncomingHttpHeaders;
	/** Read before the route runs for `json` routes; undefined otherwise. */
	body?: JsonBody;
	log: RequestLogEntry;
}

/** What routes may use; built once per sandbox. */
export interface SandboxContext {
	readonly options: ResolvedSandboxOptions;
	readonly tasks: TaskStore;
	readonly assets: AssetStore;
	readonly rateLimiter: RateLimiter;
	baseUrl(): string;
	videoUrl(taskId: string): string;
}

export interface Route {
	methods: readonly string[];
	pattern: RegExp;
	endpoint: EndpointName;
	/** json: buffered and parsed before faults are decided (so it is logged); stream: the route reads it. */
	body: 'json' | 'stream' | 'none';
	handle(request: SandboxRequest, context: SandboxContext): Reply | Promise<Reply>;
}

export function exactPath(path: string): RegExp {
	return new RegExp(`^${escapeRegExp(path)}$`);
}

export function pathWithId(prefix: string, suffix = ''): RegExp {
	return new RegExp(`^${escapeRegExp(prefix)}/([^/]+)${escapeRegExp(suffix)}$`);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function findRoute(
	routes: readonly Route[],
	method: string,
	path: string,
): { route: Route; params: string[] } | undefined {
	for (const route of routes) {
		if (!route.methods.includes(method)) continue;
		const match = route.pattern.exec(path);
		if (match) return { route, params: match.slice(1).map((param) => decodeURIComponent(param)) };
	}
	return undefined;
}
