import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURE_VIDEO_PATH = resolve(__dirname, '../../fixtures/video.mp4');

let cached: Buffer | undefined;

/** The committed fixture is a few KB, so it is read once and kept. */
export function fixtureVideo(): Buffer {
	cached ??= readFileSync(FIXTURE_VIDEO_PATH);
	return cached;
}
