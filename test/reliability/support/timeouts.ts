import { OutboundHttp } from '@n8n/backend-network';

/**
 * A harness knob for the `timeout` fault. The nodes give a provider 60-120 s (a download 10 min)
 * before giving up; a sandbox fault that never answers would hold a test for that long. Every
 * request n8n sends goes through `OutboundHttp.requests().request(options)`, so while the knob is
 * on, the timeout the node asked for is recorded and the one applied is shortened. What the node
 * does when its request times out is unchanged: only the clock is faster.
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
					const applied = requested === undefined ? knob.appliedMs : Math.min(requested, knob.appliedMs);
					const url = `${String(options.baseURL ?? '')}${String(options.url ?? '')}`;
					knob.requests.push({ method: String(options.method ?? 'GET'), url, requested, applied });
					return await requests.request({ ...options, timeout: applied });
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
