import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { inspectVideo, NotAVideoError } from '../../nodes/shared/media/videoInfo';
import { referenceVideoProblems } from '../../nodes/shared/media/referenceVideo';
import { syntheticVideo } from '../harness/media';

async function* inChunks(buffer: Buffer, size: number) {
	for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
}

describe('reading a video header', () => {
	it('reads a real ffmpeg MP4 (the fixture), whole or streamed in odd chunks', async () => {
		const file = readFileSync(join(__dirname, '..', 'fixtures', 'video.mp4'));
		const expected = { container: 'mp4', durationSeconds: 1.5, width: 160, height: 90, framesPerSecond: 12, bytes: file.length };
		expect(await inspectVideo(file)).toEqual(expected);
		expect(await inspectVideo(inChunks(file, 7))).toEqual(expected);
	});

	it('finds the movie header after the media data (no fast start) and tells MOV from MP4', async () => {
		const video = syntheticVideo({ container: 'mov', seconds: 5, width: 1920, height: 1080, fps: 30, moovFirst: false, mediaBytes: 100_000 });
		const info = await inspectVideo(inChunks(video, 4096));
		expect(info).toMatchObject({ container: 'mov', durationSeconds: 5, width: 1920, height: 1080, framesPerSecond: 30 });
		expect(referenceVideoProblems(info)).toEqual([]);
	});

	it('names every limit a reference video breaks', async () => {
		const info = await inspectVideo(syntheticVideo({ seconds: 12, width: 640, height: 360, fps: 15 }));
		expect(referenceVideoProblems(info)).toEqual([
			'12 s long, must be 3-10 s',
			'640x360 px, the shorter side must be 720-2160 px',
			'15 fps, must be 24-60 fps',
		]);
	});

	it('refuses files that are not MP4 or MOV', async () => {
		await expect(inspectVideo(Buffer.from('GIF89a not a video at all'))).rejects.toBeInstanceOf(NotAVideoError);
		await expect(inspectVideo(readFileSync(join(__dirname, '..', 'fixtures', 'image.png')))).rejects.toBeInstanceOf(NotAVideoError);
	});
});
