export interface LoopbackTarget {
	hostname: string;
	port: number;
	path: string;
}

/**
 * The sandbox must never reach the network: only plain-http loopback URLs are delivered to.
 * `localhost` is pinned to 127.0.0.1 so no name is ever resolved.
 */
export function loopbackTarget(url: string): LoopbackTarget | { refused: string } {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { refused: 'invalid webhook URL' };
	}
	if (parsed.protocol !== 'http:') return { refused: `sandbox delivers only over http to loopback, not ${parsed.protocol}` };
	const host = parsed.hostname;
	const isLoopback = host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
	if (!isLoopback) return { refused: `refused non-loopback webhook host ${host}` };
	return {
		hostname: host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''),
		port: parsed.port ? Number(parsed.port) : 80,
		path: `${parsed.pathname}${parsed.search}`,
	};
}
