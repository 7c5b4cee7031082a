import type { EndpointName, EndpointPattern } from '../endpoints';

export const FAULT_KINDS = [
	'429',
	'429-retry-after',
	'500',
	'502',
	'503',
	'504',
	'reset',
	'slow',
	'timeout',
	'malformed-json',
	'html',
	'empty',
	'apimart-code',
	/** With `when: 'after'`: the real answer cut off right after its task id (damaged JSON that names the task). */
	'truncated',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * `before`: the request is not processed. `after`: it is processed (a create makes its task)
 * and then the faulty answer replaces the real one.
 */
export type FaultTiming = 'before' | 'after';

export interface FaultSpec {
	endpoint: EndpointPattern | EndpointPattern[];
	kind: FaultKind;
	/** How many matching requests it hits; default 1, Infinity allowed. */
	times?: number;
	retryAfterSeconds?: number;
	/** For 'slow': how long to wait before answering normally (default 1000 ms, not scaled). */
	delayMs?: number;
	when?: FaultTiming;
}

export interface RandomFaultSpec {
	/** Probability in [0, 1] that a matching request gets a fault. */
	rate: number;
	seed: number;
	kinds: FaultKind[];
	endpoints?: EndpointPattern | EndpointPattern[];
	when?: FaultTiming;
	retryAfterSeconds?: number;
	delayMs?: number;
}

export interface ChosenFault {
	kind: FaultKind;
	when: FaultTiming;
	retryAfterSeconds?: number;
	delayMs: number;
}

export interface FiredFault extends ChosenFault {
	at: number;
	endpoint: EndpointName;
	method: string;
	path: string;
	source: 'inject' | 'random';
}
