import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { FIXTURE_VIDEO_PATH } from '../../sandbox';

/**
 * A CDN stand-in that counts what it is asked and what it sends:
 *  - `/video.mp4`: the fixture video, with Content-Length;
 *  - `/slow.mp4`: the same after `slowMs` (a download that takes a while);
 *  - `/flaky.mp4`: the first `breakFirst` requests get the headers and half the bytes, then the
 *    connection is cut; later ones get the whole video;
 *  - `/endless.mp4`: video bytes without Content-Length (chunked) until the client hangs up,
 *    or `limit` bytes; `bytesSent` tells how far the client read.
 */
export class VideoHost {
	readonly hits: Array<{ path: string; headers: IncomingHttpHeaders }> = [];

	bytesSent = 0;

	slowMs = 500;

	breakFirst = 1;

	private flakyServed = 0;

	private constructor(
		readonly url: string,
		private readonly server: Server,
	) {}

	static async start(limit = 64 * 1024 * 1024): Promise<VideoHost> {
		const video = readFileSync(FIXTURE_VIDEO_PATH);
		let host: VideoHost | undefined;
		const server = createServer((request, response) => {
			const path = (request.url ?? '/').split('?')[0];
			host!.hits.push({ path, headers: request.headers });
			if (path === '/video.mp4') {
				response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': video.length });
				response.end(video);
				return;
			}
			if (path === '/flaky.mp4') {
				if (host!.flakyServed++ < host!.breakFirst) {
					response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': video.length });
					response.write(video.subarray(0, Math.floor(video.length / 2)), () => response.socket?.destroy());
					return;
				}
				response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': video.length });
				response.end(video);
				return;
			}
			if (path === '/slow.mp4') {
				setTimeout(() => {
					response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': video.length });
					response.end(video);
				}, host!.slowMs);
				return;
			}
			if (path === '/endless.mp4') {
				response.writeHead(200, { 'content-type': 'video/mp4' });
				const chunk = Buffer.alloc(64 * 1024, 0x5a);
				const pump = () => {
					while (host!.bytesSent < limit && !response.destroyed) {
						host!.bytesSent += chunk.length;
						if (!response.write(chunk)) {
							response.once('drain', pump);
							return;
						}
					}
					if (!response.destroyed) response.end();
				};
				response.on('close', () => response.removeAllListeners('drain'));
				pump();
				return;
			}
			response.writeHead(404).end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		host = new VideoHost(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, server);
		return host;
	}

	reset(): void {
		this.hits.length = 0;
		this.bytesSent = 0;
		this.flakyServed = 0;
		this.breakFirst = 1;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
