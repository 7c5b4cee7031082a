import type { VideoInfo } from './videoInfo';

/** Freepik's documented limits for a reference video (video to video). */
export const REFERENCE_VIDEO_LIMITS = {
	maxBytes: 200 * 1024 * 1024,
	minSeconds: 3,
	maxSeconds: 10,
	minSide: 720,
	maxSide: 2160,
	minFps: 24,
	maxFps: 60,
};

/**
 * Problems a provider would reject the video for, read from the file itself. "720-2160 px" is
 * read as the shorter side (720p to 2160p, portrait or landscape).
 */
export function referenceVideoProblems(info: VideoInfo): string[] {
	const limits = REFERENCE_VIDEO_LIMITS;
	const problems: string[] = [];
	const round = (value: number) => Math.round(value * 100) / 100;
	if (info.bytes > limits.maxBytes) {
		problems.push(`${(info.bytes / 1024 / 1024).toFixed(1)} MB, at most 200 MB allowed`);
	}
	if (info.durationSeconds < limits.minSeconds || info.durationSeconds > limits.maxSeconds) {
		problems.push(`${round(info.durationSeconds)} s long, must be ${limits.minSeconds}-${limits.maxSeconds} s`);
	}
	const shortSide = Math.min(info.width, info.height);
	if (shortSide < limits.minSide || shortSide > limits.maxSide) {
		problems.push(`${info.width}x${info.height} px, the shorter side must be ${limits.minSide}-${limits.maxSide} px`);
	}
	if (info.framesPerSecond < limits.minFps - 0.5 || info.framesPerSecond > limits.maxFps + 0.5) {
		problems.push(`${round(info.framesPerSecond)} fps, must be ${limits.minFps}-${limits.maxFps} fps`);
	}
	return problems;
}
