import type { IncomingHttpHeaders } from 'node:http';
import { matchesEndpoint, type EndpointName, type EndpointPattern } from './endpoints';
import type { FaultKind } from './faults/faultTypes';

export interface RequestLogEntry {
	at: number;
	method: string;
	path: string;
	query: Record<string, string>;
	endpoint: EndpointName;
	/** Lower-cased names; API key headers are replaced by '***'. */
	headers: Record<string, string>;
	/** Parsed JSON body, or undefined for empty, malformed or binary bodies. */
	body: unknown;
	rawBodyLength: number;
	/** Undefined while the request is still open, and for 'reset' / 'timeout' faults. */
	responseStatus?: number;
	/** The configured test key the request authenticated with. */
	apiKey?: string;
	fault?: FaultKind;
}

const REDACTED_HEADERS = new Set(['x-freepik-api-key', 'x-magnific-api-key', 'authorization']);

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const redacted: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		redacted[name] = REDACTED_HEADERS.has(name) ? '***' : Array.isArray(value) ? value.join(', ') : value;
	}
	return redacted;
}

export class RequestLog {
	readonly entries: RequestLogEntry[] = [];

	add(entry: RequestLogEntry): RequestLogEntry {
		this.entries.push(entry);
		return entry;
	}

	count(endpoint?: EndpointPattern | readonly EndpointPattern[]): number {
		return endpoint === undefined ? this.entries.length : this.byEndpoint(endpoint).length;
	}

	byEndpoint(endpoint: EndpointPattern | readonly EndpointPattern[]): RequestLogEntry[] {
		return this.entries.filter((entry) => matchesEndpoint(entry.endpoint, endpoint));
	}

	clear(): void {
		this.entries.length = 0;
	}
}
