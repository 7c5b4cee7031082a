import { matchesEndpoint, type EndpointName } from '../endpoints';
import { createSeededRandom } from './prng';
import type { ChosenFault, FaultSpec, FiredFault, RandomFaultSpec } from './faultTypes';

const DEFAULT_SLOW_DELAY_MS = 1000;

export interface FaultRule {
	readonly spec: FaultSpec;
	remaining: number;
}

interface RandomFaults {
	spec: RandomFaultSpec;
	next: () => number;
}

export interface RequestIdentity {
	endpoint: EndpointName;
	method: string;
	path: string;
}

/**
 * A request whose fault was decided before it was sent carries its ticket in this header: the
 * harness's timeout knob (test/reliability/support/timeouts.ts) must know, when it sets a
 * request's timeout, whether this very request is the one the sandbox will not answer.
 */
export const FAULT_TICKET_HEADER = 'x-sandbox-fault-ticket';

export class FaultInjector {
	readonly fired: FiredFault[] = [];
	private rules: FaultRule[] = [];
	private randomFaults?: RandomFaults;
	private readonly decided = new Map<string, FiredFault | undefined>();
	private nextTicket = 0;

	/** Rules are consulted in the order they were injected; the first with hits left fires. */
	inject(spec: FaultSpec): FaultRule {
		const rule: FaultRule = { spec, remaining: spec.times ?? 1 };
		this.rules.push(rule);
		return rule;
	}

	random(spec: RandomFaultSpec): void {
		if (spec.kinds.length === 0) throw new Error('faults.random needs at least one kind');
		this.randomFaults = { spec, next: createSeededRandom(spec.seed) };
	}

	clear(): void {
		this.rules = [];
		this.randomFaults = undefined;
		this.fired.length = 0;
		this.decided.clear();
	}

	/**
	 * Decides (and records) the fault of a request about to be sent, as `take` would on its
	 * arrival; the request carries the ticket in FAULT_TICKET_HEADER and gets exactly this fault.
	 */
	decideAhead(request: RequestIdentity): { ticket: string; fault: FiredFault | undefined } {
		const fault = this.take(request);
		const ticket = `ticket-${++this.nextTicket}`;
		this.decided.set(ticket, fault);
		return { ticket, fault };
	}

	/** The fault decided ahead for `ticket`; a request without a known ticket is decided now. */
	takeFor(request: RequestIdentity, ticket: string | undefined): FiredFault | undefined {
		if (ticket !== undefined && this.decided.has(ticket)) {
			const fault = this.decided.get(ticket);
			this.decided.delete(ticket);
			return fault;
		}
		return this.take(request);
	}

	/** Rules that still have hits left. */
	pending(): FaultRule[] {
		return this.rules.filter((rule) => rule.remaining > 0);
	}

	firedCount(kind?: FiredFault['kind']): number {
		return kind === undefined ? this.fired.length : this.fired.filter((fault) => fault.kind === kind).length;
	}

	/** Decides, and records, whether this request gets a fault. */
	take(request: RequestIdentity): FiredFault | undefined {
		const chosen = this.takeInjected(request.endpoint) ?? this.takeRandom(request.endpoint);
		if (!chosen) return undefined;
		const fired: FiredFault = { ...chosen.fault, ...request, at: Date.now(), source: chosen.source };
		this.fired.push(fired);
		return fired;
	}

	private takeInjected(endpoint: EndpointName): { fault: ChosenFault; source: 'inject' } | undefined {
		const rule = this.rules.find((candidate) => candidate.remaining > 0 && matchesEndpoint(endpoint, candidate.spec.endpoint));
		if (!rule) return undefined;
		rule.remaining -= 1;
		return { fault: chooseFault(rule.spec.kind, rule.spec), source: 'inject' };
	}

	private takeRandom(endpoint: EndpointName): { fault: ChosenFault; source: 'random' } | undefined {
		if (!this.randomFaults) return undefined;
		const { spec, next } = this.randomFaults;
		if (!matchesEndpoint(endpoint, spec.endpoints ?? '*')) return undefined;
		if (next() >= spec.rate) return undefined;
		const kind = spec.kinds[Math.floor(next() * spec.kinds.length)];
		return { fault: chooseFault(kind, spec), source: 'random' };
	}
}

function chooseFault(
	kind: ChosenFault['kind'],
	spec: Pick<FaultSpec, 'when' | 'retryAfterSeconds' | 'delayMs'>,
): ChosenFault {
	return {
		kind,
		when: spec.when ?? 'before',
		retryAfterSeconds: spec.retryAfterSeconds,
		delayMs: spec.delayMs ?? DEFAULT_SLOW_DELAY_MS,
	};
}
