import type { VideoLimits } from '../providers/types';
import type { VideoInfo } from './videoInfo';

/** Freepik's documented limits for a reference video (video to video): the default of a video input. */
export const REFERENCE_VIDEO_LIMITS: VideoLimits = {
	maxBytes: 200 * 1024 * 1024,
	minSeconds: 3,
	maxSeconds: 10,
	minSide: 720,
	maxSide: 2160,
	minFps: 24,
	maxFps: 60,
};

/**
 * Problems a provider would reject the video for, read from the file itself, against the
 * model's limits (a mapper passes them with the input; Omni Reference's are the default).
 * "720-2160 px" is read as the shorter side (720p to 2160p, portrait or landscape).
 */
export function referenceVideoProblems(info: VideoInfo, limits: VideoLimits = REFERENCE_VIDEO_LIMITS): string[] {
	const problems: string[] = [];
	const round = (value: number) => Math.round(value * 100) / 100;
	if (info.bytes > limits.maxBytes) {
		problems.push(`${(info.bytes / 1024 / 1024).toFixed(1)} MB, at most ${formatLimitMb(limits.maxBytes)} allowed`);
	}
	if (info.durationSeconds < limits.minSeconds || info.durationSeconds > limits.maxSeconds) {
		const note = limits.durationNote ? ` ${limits.durationNote}` : '';
		problems.push(`${round(info.durationSeconds)} s long, must be ${limits.minSeconds}-${limits.maxSeconds} s${note}`);
	}
	const shortSide = Math.min(info.width, info.height);
	if ((limits.minSide !== undefined && shortSide < limits.minSide) || (limits.maxSide !== undefined && shortSide > limits.maxSide)) {
		problems.push(`${info.width}x${info.height} px, the shorter side must be ${limits.minSide ?? 0}-${limits.maxSide ?? '∞'} px`);
	}
	if (
		(limits.minFps !== undefined && info.framesPerSecond < limits.minFps - 0.5) ||
		(limits.maxFps !== undefined && info.framesPerSecond > limits.maxFps + 0.5)
	) {
		problems.push(`${round(info.framesPerSecond)} fps, must be ${limits.minFps ?? 0}-${limits.maxFps ?? '∞'} fps`);
	}
	return problems;
}

export function formatLimitMb(bytes: number): string {
	const mb = bytes / 1024 / 1024;
	return mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024} GB` : `${Math.round(mb)} MB`;
}
