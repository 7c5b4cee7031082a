/**
 * From runs to the numbers in the table: ideal time, ratios, latency, targets.
 */
import type { BatchRun, Contender } from './scenarios';
import type { MemoryResult } from './memory';
import { PRODUCTION, taskMs } from './config';
import { median, percentile, round } from './stats';

/**
 * The least time any client can take for N videos of T each under L requests per window W,
 * if it needs at least one create and one read (status, for the video URL) per video and
 * knows nothing else: creates go out in slots of L per window, and read k (0-based over all
 * 2N requests) cannot go before floor(k / L) windows.
 *   ideal(N) = max( T + floor((N - 1) / L) * W ,  floor((2N - 1) / L) * W )
 * With T = 180 s >= W = 60 s and N <= 50 this is T: the limit forces nothing on its own.
 */
export function idealMs(items: number): number {
	const { rateLimit: limit, windowMs } = PRODUCTION;
	return Math.max(taskMs() + Math.floor((items - 1) / limit) * windowMs, Math.floor((2 * items - 1) / limit) * windowMs);
}

export interface BatchSummary {
	contender: Contender;
	items: number;
	runs: number;
	okRuns: number;
	errors: string[];
	/** Median over runs, production seconds (real ms / timeScale). */
	wallS: number;
	idealS: number;
	wallOverIdeal: number;
	requestsPerVideo: number;
	requestsByKindPerVideo: Record<string, number>;
	/** Sum over runs. */
	throttled: number;
	throttledPerRun: number[];
}

export function summarize(runs: BatchRun[], timeScale: number): BatchSummary[] {
	const groups = new Map<string, BatchRun[]>();
	for (const run of runs) {
		const key = `${run.contender}|${run.items}`;
		groups.set(key, [...(groups.get(key) ?? []), run]);
	}
	return [...groups.values()].map((group) => {
		const { contender, items } = group[0];
		const wallS = median(group.map((run) => run.wallMs)) / timeScale / 1000;
		const idealS = idealMs(items) / 1000;
		const kinds = new Set(group.flatMap((run) => Object.keys(run.requestsByKind)));
		return {
			contender,
			items,
			runs: group.length,
			okRuns: group.filter((run) => run.ok).length,
			errors: [...new Set(group.flatMap((run) => (run.error ? [run.error] : [])))],
			wallS: round(wallS, 1),
			idealS,
			wallOverIdeal: round(wallS / idealS, 2),
			requestsPerVideo: round(median(group.map((run) => run.requests / items)), 2),
			requestsByKindPerVideo: Object.fromEntries(
				[...kinds].map((kind) => [kind, round(median(group.map((run) => (run.requestsByKind[kind] ?? 0) / items)), 2)]),
			),
			throttled: group.reduce((sum, run) => sum + run.throttled, 0),
			throttledPerRun: group.map((run) => run.throttled),
		};
	});
}

export interface LatencySample {
	/** Real ms from the task finishing in the sandbox to the node's output. */
	toOutputMs: number;
	/** Real ms from finishing to the first request (poll) or callback (webhook) that saw it. */
	toDetectionMs?: number;
}

export function latencySamples(runs: BatchRun[]): LatencySample[] {
	return runs.flatMap((run) =>
		run.ok
			? run.tasks.flatMap((task) =>
					task.finishedAt === undefined
						? []
						: [
								{
									toOutputMs: run.outputAt - task.finishedAt,
									...(task.detectedAt !== undefined ? { toDetectionMs: task.detectedAt - task.finishedAt } : {}),
								},
							],
				)
			: [],
	);
}

export interface LatencyAtScale {
	timeScale: number;
	runs: number;
	okRuns: number;
	samples: number;
	p50Ms: number;
	p95Ms: number;
	detectionP50Ms: number;
	/** Run-to-run spread (sample standard deviation of each run's percentile), when 2+ runs. */
	p50SpreadMs?: number;
	p95SpreadMs?: number;
}

export interface LatencyResult {
	mode: 'poll' | 'webhook';
	items: number;
	scales: LatencyAtScale[];
	/**
	 * Latency = R + s x P: R real work (HTTP, engine, downloads; does not follow the clock) and
	 * P the waits on the node's clock (poll intervals, budget, back-off), in production time.
	 * Two scales give both; production latency = R + P.
	 */
	production?: { p50S: number; p95S: number; p50ClockS: number; p50RealMs: number; p95ClockS: number; p95RealMs: number };
	note?: string;
}

function spread(values: number[]): number | undefined {
	if (values.length < 2) return undefined;
	const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
	return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
}

export function latencyAtScale(runs: BatchRun[], timeScale: number): LatencyAtScale {
	const samples = latencySamples(runs);
	const perRun = runs
		.map((run) => latencySamples([run]).map((sample) => sample.toOutputMs))
		.filter((values) => values.length > 0);
	const p50Spread = spread(perRun.map((values) => percentile(values, 50)));
	const p95Spread = spread(perRun.map((values) => percentile(values, 95)));
	return {
		...(p50Spread !== undefined ? { p50SpreadMs: round(p50Spread, 1) } : {}),
		...(p95Spread !== undefined ? { p95SpreadMs: round(p95Spread, 1) } : {}),
		timeScale,
		runs: runs.length,
		okRuns: runs.filter((run) => run.ok).length,
		samples: samples.length,
		p50Ms: round(percentile(samples.map((sample) => sample.toOutputMs), 50), 1),
		p95Ms: round(percentile(samples.map((sample) => sample.toOutputMs), 95), 1),
		detectionP50Ms: round(
			percentile(samples.flatMap((sample) => (sample.toDetectionMs === undefined ? [] : [sample.toDetectionMs])), 50),
			1,
		),
	};
}

/**
 * Separates clock-bound waits from real work with the same percentile at two time scales:
 * latency(s) = work + s x clock. Where the two scales differ by no more than twice the
 * run-to-run spread, the difference is noise, not clock: then clock = 0 and work = the mean.
 */
export function productionLatency(low: LatencyAtScale, high: LatencyAtScale): LatencyResult['production'] {
	if (!low.samples || !high.samples || low.timeScale === high.timeScale) return undefined;
	const split = (lowMs: number, highMs: number, noiseMs: number | undefined) => {
		if (noiseMs !== undefined && Math.abs(highMs - lowMs) <= 2 * noiseMs) return { clockS: 0, realMs: (lowMs + highMs) / 2 };
		const clockMs = Math.max(0, (highMs - lowMs) / (high.timeScale - low.timeScale));
		const realMs = Math.max(0, lowMs - low.timeScale * clockMs);
		return { clockS: clockMs / 1000, realMs };
	};
	const p50 = split(low.p50Ms, high.p50Ms, low.p50SpreadMs);
	const p95 = split(low.p95Ms, high.p95Ms, low.p95SpreadMs);
	return {
		p50S: round(p50.clockS + p50.realMs / 1000, 2),
		p95S: round(p95.clockS + p95.realMs / 1000, 2),
		p50ClockS: round(p50.clockS, 2),
		p50RealMs: round(p50.realMs, 0),
		p95ClockS: round(p95.clockS, 2),
		p95RealMs: round(p95.realMs, 0),
	};
}

export interface Target {
	name: string;
	limit: string;
	measured: string;
	met: boolean | undefined;
}

export function targets(
	batches: BatchSummary[],
	latency: LatencyResult[],
	memory: MemoryResult | undefined,
	largest: number,
): Target[] {
	const find = (contender: Contender) => batches.find((batch) => batch.contender === contender && batch.items === largest);
	const poll = find('poll');
	const webhook = find('webhook');
	const pollLatency = latency.find((entry) => entry.mode === 'poll' && entry.items === largest);
	const webhookLatency = latency.find((entry) => entry.mode === 'webhook' && entry.items === largest);
	const list: Target[] = [];
	if (poll) {
		list.push(
			{
				name: `poll, batch of ${largest}: wall / ideal`,
				limit: '<= 1.2',
				measured: `${poll.wallOverIdeal}`,
				met: poll.okRuns === poll.runs && poll.wallOverIdeal <= 1.2,
			},
			{
				name: `poll, batch of ${largest}: API requests per video`,
				limit: '<= 3',
				measured: `${poll.requestsPerVideo}`,
				met: poll.requestsPerVideo <= 3,
			},
			{
				name: `poll, batch of ${largest}: 429s`,
				limit: '0',
				measured: `${poll.throttled} in ${poll.runs} runs`,
				met: poll.throttled === 0,
			},
		);
	}
	if (webhook) {
		list.push({
			name: `webhook, batch of ${largest}: API requests per video`,
			limit: '<= 2',
			measured: `${webhook.requestsPerVideo}${webhook.okRuns < webhook.runs ? ` (${webhook.runs - webhook.okRuns}/${webhook.runs} runs not resumed)` : ''}`,
			met: webhook.okRuns === webhook.runs && webhook.requestsPerVideo <= 2,
		});
	}
	const latencyTarget = (entry: LatencyResult | undefined, name: string, limitS: number) => {
		if (!entry) return;
		const production = entry.production;
		list.push({
			name,
			limit: `p50 <= ${limitS >= 1 ? `${limitS} s` : `${limitS * 1000} ms`}`,
			measured: production
				? `p50 ${production.p50S} s, p95 ${production.p95S} s`
				: `n/a (${entry.note ?? 'no run resumed'})`,
			met: production ? production.p50S <= limitS : false,
		});
	};
	latencyTarget(pollLatency, `latency, poll, ${largest} items waiting`, 1);
	latencyTarget(webhookLatency, `latency, webhook, ${largest} items waiting`, 0.2);
	if (memory) {
		const mb = (memory.aboveBaselineBytes ?? Number.NaN) / 1024 / 1024;
		list.push({
			name: `memory, ${Math.round(memory.videoBytes / 1024 / 1024)} MB video into binary data`,
			limit: '< 64 MB above baseline',
			measured: memory.ok ? `${round(mb, 1)} MB` : `${round(mb, 1)} MB, but: ${memory.error}`,
			met: memory.ok && mb < 64,
		});
	}
	return list;
}
