import { assetSource } from '../assets/assetStore';
import { freepikNotFound } from '../freepik/errors';
import { pathWithId, type Route, type SandboxContext } from '../http/routing';
import { bufferSource, type ByteSource } from './byteSource';
import { fixtureVideo } from './fixtureVideo';
import { serveBytes } from './serveBytes';
import { syntheticMp4Source } from './syntheticMp4';

export function videoPath(taskId: string): string {
	return `/files/${encodeURIComponent(taskId)}.mp4`;
}

/** Result URLs need no auth, like the providers' signed CDN links; only finished tasks have one. */
const downloadVideo: Route = {
	methods: ['GET', 'HEAD'],
	pattern: pathWithId('/files', '.mp4'),
	endpoint: 'download',
	body: 'none',
	handle(request, context) {
		const task = context.tasks.get(request.params[0]);
		if (task?.phase !== 'succeeded') return freepikNotFound();
		return serveBytes(videoSource(context), 'video/mp4', request.headers.range);
	},
};

const downloadAsset: Route = {
	methods: ['GET', 'HEAD'],
	pattern: pathWithId('/assets'),
	endpoint: 'asset',
	body: 'none',
	handle(request, context) {
		const asset = context.assets.get(request.params[0]);
		if (!asset || Date.now() > asset.expiresAt) return freepikNotFound();
		return serveBytes(assetSource(asset), asset.contentType, request.headers.range);
	},
};

function videoSource(context: SandboxContext): ByteSource {
	const largeBytes = context.options.largeVideoBytes;
	return largeBytes === undefined ? bufferSource(fixtureVideo()) : syntheticMp4Source(largeBytes);
}

export const mediaRoutes: Route[] = [downloadVideo, downloadAsset];
