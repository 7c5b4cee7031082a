import { OutboundHttp } from '@n8n/backend-network';

import { FAULT_TICKET_HEADER, sandboxServing } from '../../sandbox';

/**
 * A harness knob for the `timeout` fault. The nodes give a provider 60-120 s (a download 10 min)
 * before giving up; a sandbox fault that never answers would hold a test for that long. Every
 * request n8n sends goes through `OutboundHttp.requests().request(options)`, so while the knob is
 * on, each request to a running sandbox gets its fault decided before it is sent (the sandbox
 * honours that decision, see FAULT_TICKET_HEADER), and only the request the sandbox will not
 * answer gets the short timeout. Every other request keeps the timeout the node asked for: a
 * loaded machine cannot turn a slow answer into a timeout. What the node does when its request
 * times out is unchanged: only the clock is faster. The timeout asked for is recorded.
 */
export interface TimeoutRecord {
	method: string;
	url: string;
	requested?: number;
	applied?: number;
}

type Requests = ReturnType<OutboundHttp['requests']>;
type RequestOptions = Parameters<Requests['request']>[0];

export class TimeoutKnob {
	readonly requests: TimeoutRecord[] = [];

	private original?: OutboundHttp['requests'];

	constructor(private readonly appliedMs: number) {}

	install(): this {
		const prototype = OutboundHttp.prototype;
		const original = prototype.requests;
		this.original = original;
		const knob = this;
		prototype.requests = function (this: OutboundHttp, ...args: Parameters<OutboundHttp['requests']>) {
			const requests = original.apply(this, args);
			return {
				...requests,
				request: async (options: RequestOptions) => {
					const requested = typeof options.timeout === 'number' ? options.timeout : undefined;
					const method = String(options.method ?? 'GET').toUpperCase();
					const url = `${String(options.baseURL ?? '')}${String(options.url ?? '')}`;
					const sandbox = sandboxServing(url);
					if (!sandbox) {
						knob.requests.push({ method, url, requested, applied: requested });
						return await requests.request(options);
					}
					const path = new URL(url).pathname;
					const { ticket, fault } = sandbox.faults.decideAhead({ endpoint: sandbox.endpointOf(method, path), method, path });
					const applied = fault?.kind === 'timeout' ? Math.min(requested ?? Infinity, knob.appliedMs) : requested;
					knob.requests.push({ method, url, requested, applied });
					const headers = { ...(options.headers ?? {}), [FAULT_TICKET_HEADER]: ticket };
					return await requests.request({ ...options, headers, ...(applied === undefined ? {} : { timeout: applied }) });
				},
			} as Requests;
		};
		return this;
	}

	restore(): void {
		if (this.original) OutboundHttp.prototype.requests = this.original;
		this.original = undefined;
	}
}
