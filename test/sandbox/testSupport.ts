import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from './index';

export const FREEPIK_KEY = 'fp-test-key';
export const APIMART_KEY = 'am-test-key';

export const freepikAuth = (key = FREEPIK_KEY): Record<string, string> => ({ 'x-freepik-api-key': key });
export const apimartAuth = (key = APIMART_KEY): Record<string, string> => ({ authorization: `Bearer ${key}` });

export interface CallResult {
	status: number;
	headers: Headers;
	text: string;
	json<T = any>(): T;
}

export async function call(
	sandbox: Sandbox,
	method: string,
	path: string,
	options: { headers?: Record<string, string>; json?: unknown; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<CallResult> {
	const headers = { ...options.headers };
	let body: string | Buffer | undefined = options.body;
	if (options.json !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(options.json);
	}
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers,
		body,
		signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** Polls a condition every few ms, failing after `timeoutMs` (generous: a bound, not a speed). */
export async function waitFor<T>(
	read: () => T | undefined | false | Promise<T | undefined | false>,
	{ timeoutMs = 20_000, intervalMs = 5, what = 'condition' } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (let attempt = 0; attempt < 100_000; attempt++) {
		const value = await read();
		if (value) return value;
		if (Date.now() > deadline) break;
		await sleep(intervalMs);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function sleep(milliseconds: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

export interface ReceivedWebhook {
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
}

/** A tiny receiver on 127.0.0.1 that records what it gets and answers `status`. */
export async function startWebhookReceiver(status = 200): Promise<{
	url: string;
	received: ReceivedWebhook[];
	close(): Promise<void>;
}> {
	const received: ReceivedWebhook[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
			response.writeHead(status).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * A lifecycle that never moves on by itself: a test that must look at a task before it finishes
 * (Wait for Webhook's look before parking) holds it, then moves it on with `finishAll` or
 * `sandbox.tasks.advance(id)`, so a loaded machine cannot let it finish early.
 */
export const HELD_LIFECYCLE = { queuedMs: 1_000_000_000, runningMs: 1_000_000_000 };

/** Moves every unfinished task on to its end now (a `[sandbox:stuck]` one stays running). */
export function finishAll(sandbox: Sandbox): void {
	for (const task of sandbox.tasks.all()) {
		if (task.phase === 'queued') sandbox.tasks.advance(task.id);
		if (task.phase === 'running' && !task.magic.has('stuck')) sandbox.tasks.advance(task.id);
	}
}
