import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline, type Readable } from 'node:stream';

/** What a route answers; the dispatcher may still swap it for a fault before it is sent. */
export interface Reply {
	status: number;
	headers?: OutgoingHttpHeaders;
	body?: string | Buffer;
	stream?: Readable;
}

export function jsonReply(status: number, value: unknown, contentType = 'application/json'): Reply {
	return { status, headers: { 'content-type': contentType }, body: JSON.stringify(value) };
}

export function discardReply(reply: Reply): void {
	reply.stream?.destroy();
}

export function sendReply(response: ServerResponse, reply: Reply, isHead: boolean): void {
	const headers: OutgoingHttpHeaders = { ...reply.headers };
	if (reply.body !== undefined && headers['content-length'] === undefined) {
		headers['content-length'] = Buffer.byteLength(reply.body);
	}
	response.writeHead(reply.status, headers);
	if (isHead || !reply.stream) {
		reply.stream?.destroy();
		response.end(isHead ? undefined : reply.body);
		return;
	}
	// A client that hangs up mid-stream is normal for downloads; pipeline destroys both sides.
	pipeline(reply.stream, response, () => undefined);
}
