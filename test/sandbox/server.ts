import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultReply, truncatedReply } from './faults/faultReplies';
import { FAULT_TICKET_HEADER, type FaultInjector } from './faults/faultInjector';
import type { FiredFault } from './faults/faultTypes';
import { freepikMessage } from './freepik/errors';
import { discardReply, sendReply, type Reply } from './http/reply';
import { drainRequest, readJsonBody } from './http/requestBody';
import { findRoute, type Route, type SandboxContext, type SandboxRequest } from './http/routing';
import { redactHeaders, type RequestLog, type RequestLogEntry } from './requestLog';

const HOST = '127.0.0.1';

/** Routes each request, logs it, and lets the fault injector replace or withhold the answer. */
export class SandboxHttpServer {
	private readonly server: Server;
	private readonly pendingDelays = new Map<NodeJS.Timeout, () => void>();
	private closed = false;

	constructor(
		private readonly routes: readonly Route[],
		private readonly context: SandboxContext,
		private readonly log: RequestLog,
		private readonly faults: FaultInjector,
	) {
		this.server = createServer((request, response) => {
			this.dispatch(request, response).catch((error: Error) => this.answerInternalError(response, error));
		});
	}

	async listen(port: number): Promise<number> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, HOST, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		return (this.server.address() as AddressInfo).port;
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const [timer, release] of this.pendingDelays) {
			clearTimeout(timer);
			release();
		}
		this.pendingDelays.clear();
		const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closing;
	}

	private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const method = request.method ?? 'GET';
		const url = new URL(request.url ?? '/', `http://${HOST}`);
		const match = findRoute(this.routes, method, url.pathname);
		const endpoint = match?.route.endpoint ?? 'unknown';
		const entry = this.log.add({
			at: Date.now(),
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			endpoint,
			headers: redactHeaders(request.headers),
			body: undefined,
			rawBodyLength: 0,
		});
		const sandboxRequest: SandboxRequest = {
			raw: request,
			method,
			path: url.pathname,
			query: url.searchParams,
			params: match?.params ?? [],
			headers: request.headers,
			log: entry,
		};
		if (match?.route.body === 'json') {
			sandboxRequest.body = await readJsonBody(request);
			entry.rawBodyLength = sandboxRequest.body.rawLength;
			if (sandboxRequest.body.kind === 'json') entry.body = sandboxRequest.body.value;
		}

		const ticket = request.headers[FAULT_TICKET_HEADER];
		const fault = this.faults.takeFor({ endpoint, method, path: url.pathname }, typeof ticket === 'string' ? ticket : undefined);
		if (fault) entry.fault = fault.kind;
		if (fault?.kind === 'slow') await this.delay(fault.delayMs);
		const replacingFault = fault?.kind === 'slow' ? undefined : fault;

		if (replacingFault?.when === 'before') {
			if (match?.route.body === 'stream') drainRequest(request);
			this.answerWithFault(replacingFault, request, response, entry);
			return;
		}
		if (!match) drainRequest(request);
		const reply = match ? await match.route.handle(sandboxRequest, this.context) : freepikMessage(404, 'Not found');
		if (replacingFault?.kind === 'truncated') {
			this.answer(response, truncatedReply(reply), entry, method === 'HEAD');
			return;
		}
		if (replacingFault) {
			discardReply(reply);
			this.answerWithFault(replacingFault, request, response, entry);
			return;
		}
		this.answer(response, reply, entry, method === 'HEAD');
	}

	private answer(response: ServerResponse, reply: Reply, entry: RequestLogEntry, isHead: boolean): void {
		if (this.closed || response.destroyed) {
			discardReply(reply);
			return;
		}
		entry.responseStatus = reply.status;
		sendReply(response, reply, isHead);
	}

	private answerWithFault(
		fault: FiredFault,
		request: IncomingMessage,
		response: ServerResponse,
		entry: RequestLogEntry,
	): void {
		if (fault.kind === 'reset') {
			request.socket.destroy();
			return;
		}
		// 'timeout' never answers; the socket goes when the client gives up or the sandbox closes.
		if (fault.kind === 'timeout') return;
		this.answer(response, faultReply(fault, entry.endpoint), entry, request.method === 'HEAD');
	}

	private answerInternalError(response: ServerResponse, error: Error): void {
		if (this.closed || response.headersSent || response.destroyed) {
			response.destroy();
			return;
		}
		sendReply(response, freepikMessage(500, `sandbox internal error: ${error.message}`), false);
	}

	/** Released early on close so no request stays parked on a cleared timer. */
	private delay(milliseconds: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pendingDelays.delete(timer);
				resolve();
			}, milliseconds);
			timer.unref();
			this.pendingDelays.set(timer, resolve);
		});
	}
}
