import { AssetStore } from './assets/assetStore';
import { apimartRoutes } from './apimart/routes';
import { FaultInjector } from './faults/faultInjector';
import { freepikRoutes } from './freepik/routes';
import { RateLimiter } from './freepik/rateLimiter';
import { freepikWebhookPayload } from './freepik/taskView';
import { findRoute, type SandboxContext } from './http/routing';
import type { EndpointName } from './endpoints';
import { mediaRoutes, videoPath } from './media/mediaRoutes';
import { resolveOptions, scaled, type ResolvedSandboxOptions, type SandboxOptions } from './options';
import { RequestLog } from './requestLog';
import { SandboxHttpServer } from './server';
import { TaskStore } from './tasks/taskStore';
import { WebhookDispatcher, type WebhookDelivery } from './webhooks/webhookDispatcher';
import { signWebhook } from './webhooks/signing';

export { ENDPOINT_NAMES, CREATE_ENDPOINTS, type EndpointName, type EndpointPattern } from './endpoints';
export { FAULT_KINDS, type FaultKind, type FaultSpec, type RandomFaultSpec, type FiredFault } from './faults/faultTypes';
export { FAULT_TICKET_HEADER, FaultInjector, type FaultRule } from './faults/faultInjector';
export { RequestLog, type RequestLogEntry } from './requestLog';
export { TaskStore, type SandboxTask, type TaskPhase, type TaskFamily } from './tasks/taskStore';
export { MAGIC_PROMPTS, type MagicPrompt } from './tasks/magicPrompts';
export { AssetStore, type StoredAsset } from './assets/assetStore';
export type { WebhookDelivery } from './webhooks/webhookDispatcher';
export { webhookSigningKey } from './webhooks/signing';
export { syntheticMp4Chunk } from './media/syntheticMp4';
export { FIXTURE_VIDEO_PATH } from './media/fixtureVideo';
export {
	DEFAULT_APIMART_KEY,
	DEFAULT_FREEPIK_KEY,
	DEFAULT_WEBHOOK_SECRET,
	type ResolvedSandboxOptions,
	type SandboxOptions,
} from './options';

export interface Sandbox {
	/** http://127.0.0.1:<port> */
	url: string;
	port: number;
	close(): Promise<void>;
	/** Clears the log, tasks, faults, rate-limit windows, webhook deliveries and uploads. */
	reset(): void;
	log: RequestLog;
	faults: FaultInjector;
	tasks: TaskStore;
	/** Uploaded files (Freepik PUT and APIMart multipart), with size and sha256. */
	assets: AssetStore;
	/** Read on every request and transition, so tests may change it at run time. */
	options: ResolvedSandboxOptions;
	webhookDeliveries: WebhookDelivery[];
	/** Resolves when every webhook queued so far has been attempted. */
	webhooksSettled(): Promise<void>;
	signWebhook(id: string, timestampSeconds: number, rawBody: string): string;
	videoUrl(taskId: string): string;
	/** The endpoint a request would reach ('unknown' when no route matches). */
	endpointOf(method: string, path: string): EndpointName;
}

/** Sandboxes listening now, by origin (http://127.0.0.1:<port>). */
const live = new Map<string, Sandbox>();

/** The running sandbox a URL points at, if any. */
export function sandboxServing(url: string): Sandbox | undefined {
	try {
		return live.get(new URL(url).origin);
	} catch {
		return undefined;
	}
}

const RATE_LIMIT_WINDOW_MS = 60_000;

export async function startSandbox(sandboxOptions: SandboxOptions = {}): Promise<Sandbox> {
	const options = resolveOptions(sandboxOptions);
	let baseUrl = '';
	const videoUrl = (taskId: string): string => `${baseUrl}${videoPath(taskId)}`;
	const log = new RequestLog();
	const faults = new FaultInjector();
	const tasks = new TaskStore(options, videoUrl);
	const assets = new AssetStore();
	const rateLimiter = new RateLimiter(
		() => options.rateLimitPerMinute,
		() => scaled(options, RATE_LIMIT_WINDOW_MS),
	);
	const webhooks = new WebhookDispatcher(options);
	tasks.onChange((task) => {
		if (task.provider !== 'freepik' || task.webhookUrl === undefined) return;
		webhooks.enqueue({
			url: task.webhookUrl,
			taskId: task.id,
			status: task.status,
			payload: freepikWebhookPayload(task),
			extraCopies: options.duplicateWebhooks + (task.magic.has('dup-webhook') ? 1 : 0),
		});
	});

	const context: SandboxContext = { options, tasks, assets, rateLimiter, baseUrl: () => baseUrl, videoUrl };
	const routes = [...freepikRoutes, ...apimartRoutes, ...mediaRoutes];
	const server = new SandboxHttpServer(routes, context, log, faults);
	const port = await server.listen(options.port);
	baseUrl = `http://127.0.0.1:${port}`;

	const sandbox: Sandbox = {
		url: baseUrl,
		port,
		log,
		faults,
		tasks,
		assets,
		options,
		webhookDeliveries: webhooks.deliveries,
		videoUrl,
		webhooksSettled: () => webhooks.settled(),
		signWebhook: (id, timestampSeconds, rawBody) =>
			signWebhook(options.webhookSecret, options.webhookSecretEncoding, id, timestampSeconds, rawBody),
		endpointOf: (method, path) => findRoute(routes, method.toUpperCase(), path)?.route.endpoint ?? 'unknown',
		reset() {
			log.clear();
			tasks.clear();
			faults.clear();
			rateLimiter.clear();
			webhooks.reset();
			assets.clear();
		},
		async close() {
			live.delete(baseUrl);
			tasks.clear();
			webhooks.close();
			await server.close();
		},
	};
	live.set(baseUrl, sandbox);
	return sandbox;
}
