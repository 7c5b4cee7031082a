import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback round-robin HTTP proxy in front of n8n's webhook processes: request n goes to
 * target n mod k, so a burst of callbacks is split evenly between them. Counts per target.
 */
export interface RoundRobinProxy {
	url: string;
	counts: number[];
	close(): Promise<void>;
}

/** `targets` is read on every request: it may be filled once the targets are running. */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
	const counts: number[] = [];
	let next = 0;
	const server: Server = createServer((incoming, outgoing) => {
		if (targets.length === 0) {
			outgoing.writeHead(503, { 'content-type': 'text/plain' }).end('proxy: no targets yet');
			incoming.resume();
			return;
		}
		const index = next++ % targets.length;
		counts[index] = (counts[index] ?? 0) + 1;
		const target = new URL(incoming.url ?? '/', targets[index]);
		const forwarded = httpRequest(
			target,
			{ method: incoming.method, headers: { ...incoming.headers, host: target.host, 'x-forwarded-for': '127.0.0.1' }, timeout: 120_000 },
			(answer) => {
				outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(outgoing);
			},
		);
		forwarded.on('timeout', () => forwarded.destroy(new Error('upstream timeout')));
		forwarded.on('error', (error) => {
			if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
			outgoing.end(`proxy: ${error.message}`);
		});
		incoming.pipe(forwarded);
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		counts,
		async close() {
			const closing = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await closing;
		},
	};
}
