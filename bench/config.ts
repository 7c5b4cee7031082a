/**
 * What the benchmark imitates, in production units, and how it is scaled down.
 *
 * Every time constant on both sides is multiplied by the same `timeScale` s: the sandbox's task
 * lifecycle and rate-limit window (its own `timeScale`), the node's budget window (through
 * `options.requestsPerMinute = 50 / s`), its poll intervals (`options.maxPollIntervalSeconds`,
 * plus the 1 s minimum, which no option reaches), its retry back-offs, and the baseline's 5 s
 * poll. Real work (HTTP round trips, n8n's engine, downloads) is not scaled: at s = 1/100 one
 * real millisecond stands for 0.1 s of production time, so every overhead weighs 100x more
 * than in production. Ratios taken in the same run share that bias.
 */
import { POLL_INTERVAL } from '../nodes/shared/settings';
import { POLL_PLAN } from '../nodes/shared/wait/poll';
import { RequestBudget } from '../nodes/shared/budget';
import { RETRY_LIMITS } from '../nodes/shared/transport';

/** Production values (milliseconds unless named otherwise). */
export const PRODUCTION = {
	/** A Kling 3 render as users see it: ~30 s queued, ~150 s running. */
	queuedMs: 30_000,
	runningMs: 150_000,
	/** Freepik: 50 requests per minute per key, creates, polls and lists together. */
	rateLimit: 50,
	windowMs: 60_000,
	/** What users build today: check each task's status every 5 s. */
	baselinePollMs: 5_000,
	/** The node's defaults. */
	nodeMinPollMs: 1_000,
	nodeMaxPollMs: 15_000,
	nodeMaxWaitMinutes: 15,
} as const;

export function taskMs(): number {
	return PRODUCTION.queuedMs + PRODUCTION.runningMs;
}

export interface BenchConfig {
	timeScale: number;
	/** Batch sizes to run. */
	sizes: number[];
	/** Runs of our node per size and mode (medians over them). */
	repeats: number;
	/** Largest batch the sequential baseline runs (it takes N x T). */
	baselineSequentialMax: number;
	/** Largest batch the parallel baseline runs. */
	baselineParallelMax: number;
	largeVideoBytes: number;
	smoke: boolean;
}

export const FULL: BenchConfig = {
	timeScale: 1 / 100,
	sizes: [1, 10, 50],
	repeats: 3,
	baselineSequentialMax: 50,
	baselineParallelMax: 50,
	largeVideoBytes: 300 * 1024 * 1024,
	smoke: false,
};

/** CI: the same code paths, small: it must run and print, nothing is judged. */
export const SMOKE: BenchConfig = {
	timeScale: 1 / 200,
	sizes: [1, 10],
	repeats: 1,
	baselineSequentialMax: 10,
	baselineParallelMax: 10,
	largeVideoBytes: 32 * 1024 * 1024,
	smoke: true,
};

/** Scaled production duration, in real milliseconds. */
export function scaled(config: Pick<BenchConfig, 'timeScale'>, productionMs: number): number {
	return productionMs * config.timeScale;
}

/**
 * The node's Generate options at their defaults, on the scaled clock: Requests per Minute stays
 * 50 (its window is scaled, see scaleNodeConstants), Max Poll Interval and Max Wait are times
 * the node reads in seconds and minutes, so they are multiplied by s here.
 */
export function nodeOptions(config: Pick<BenchConfig, 'timeScale'>): Record<string, number> {
	return {
		requestsPerMinute: PRODUCTION.rateLimit,
		maxPollIntervalSeconds: (PRODUCTION.nodeMaxPollMs / 1000) * config.timeScale,
		maxWaitMinutes: PRODUCTION.nodeMaxWaitMinutes * config.timeScale,
	};
}

/**
 * Puts the node on the scaled clock, on the module objects it reads at call time (no source
 * file changes):
 * - its budget window: `RequestBudget.perMinute(n)` keeps n requests but over 60 s x s. Setting
 *   `options.requestsPerMinute = 50 / s` instead keeps the average rate but not the window (the
 *   node's window is a fixed 60 s, so it would allow bursts of 50 / s requests where the
 *   sandbox allows 50 per 60 s x s: measured 54 429s for a batch of 50 at s = 1/100);
 * - its poll intervals: the 1 s minimum (no option reaches it; Max Poll Interval is clamped
 *   to it) and the default maximum;
 * - its retry back-offs.
 */
export function scaleNodeConstants(config: Pick<BenchConfig, 'timeScale'>): () => void {
	const s = config.timeScale;
	const saved = {
		poll: { ...POLL_INTERVAL },
		plan: { ...POLL_PLAN },
		retry: { create: { ...RETRY_LIMITS.create }, read: { ...RETRY_LIMITS.read } },
		perMinute: RequestBudget.perMinute.bind(RequestBudget),
	};
	POLL_INTERVAL.minMs = PRODUCTION.nodeMinPollMs * s;
	POLL_INTERVAL.maxMs = PRODUCTION.nodeMaxPollMs * s;
	POLL_PLAN.firstLookMs = saved.plan.firstLookMs * s;
	for (const policy of ['create', 'read'] as const) {
		RETRY_LIMITS[policy].baseDelayMs = saved.retry[policy].baseDelayMs * s;
		RETRY_LIMITS[policy].maxDelayMs = saved.retry[policy].maxDelayMs * s;
	}
	RequestBudget.perMinute = (requestsPerMinute: number) =>
		new RequestBudget(Math.max(1, Math.floor(requestsPerMinute)), PRODUCTION.windowMs * s);
	return () => {
		Object.assign(POLL_INTERVAL, saved.poll);
		Object.assign(POLL_PLAN, saved.plan);
		Object.assign(RETRY_LIMITS.create, saved.retry.create);
		Object.assign(RETRY_LIMITS.read, saved.retry.read);
		RequestBudget.perMinute = saved.perMinute;
	};
}
