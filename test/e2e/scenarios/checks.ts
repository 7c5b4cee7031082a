import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { check, checkEqual, checkMp4 } from '../lib/assert';
import type { Context } from '../lib/context';
import type { OutputItem } from '../lib/n8n';

/**
 * A Kling output item that carries a finished video: task id, no error, and in binary `data`
 * an MP4 whose bytes are exactly those the provider serves at the item's videoUrl.
 */
export async function checkVideoItem(context: Context, item: OutputItem, what: string): Promise<string> {
	const taskId = item.json.taskId;
	check(typeof taskId === 'string' && taskId.length > 0, `${what}: no taskId in ${JSON.stringify(item.json)}`);
	check(item.json.error === null || item.json.error === undefined, `${what}: error ${JSON.stringify(item.json.error)}`);
	const binary = item.binary?.data;
	check(binary, `${what}: no binary "data" (binary keys: ${Object.keys(item.binary ?? {}).join(', ') || 'none'})`);
	checkEqual(binary.mimeType, 'video/mp4', `${what}: mimeType`);
	check(String(binary.fileName).endsWith('.mp4'), `${what}: file name ${String(binary.fileName)} is not .mp4`);
	const bytes = await context.n8n.api.binaryBytes(binary);
	checkMp4(bytes, `${what} (binary "data")`);
	const videoUrl = String(item.json.videoUrl);
	check(videoUrl.startsWith(context.sandboxUrl), `${what}: videoUrl ${videoUrl} is not the sandbox's`);
	const served = Buffer.from(await (await fetch(videoUrl, { signal: AbortSignal.timeout(20_000) })).arrayBuffer());
	check(bytes.equals(served), `${what}: the binary (${bytes.length} bytes) differs from the video served at videoUrl (${served.length} bytes)`);
	return taskId;
}

/** A file the "Save video" node wrote: an MP4, identical to the provider's video. */
export async function checkSavedVideo(context: Context, taskId: string, what: string): Promise<void> {
	const file = join(context.filesDir, `kling-${taskId}.mp4`);
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch {
		throw new Error(`${what}: ${file} was not written`);
	}
	checkMp4(bytes, `${what} (${file})`);
	const served = Buffer.from(
		await (await fetch(`${context.sandboxUrl}/files/${taskId}.mp4`, { signal: AbortSignal.timeout(20_000) })).arrayBuffer(),
	);
	check(bytes.equals(served), `${what}: ${file} (${bytes.length} bytes) differs from the provider's video (${served.length} bytes)`);
}

export function pairedIndex(item: OutputItem): number | undefined {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return paired?.item;
}
