/**
 * From runs to the numbers in the table: ideal time, ratios, latency, targets.
 */
import type { BatchRun, Contender } from './scenarios';
import type { MemoryResult } from './memory';
import { PRODUCTION, taskMs } from './config';
import { median, round } from './stats';

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
	/** Median over runs, production seconds (real ms / timeScale): start of the execution -> the node's output. */
	wallS: number;
	/**
	 * What the user sees: the first create the sandbox took -> the node's output (n8n hands a
	 * node's items on together, so every item waits for this), median over runs, production s.
	 */
	firstCreateToOutputS: number;
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
			firstCreateToOutputS: round(
				median(group.filter((run) => run.tasks.length > 0).map((run) => run.outputAt - Math.min(...run.tasks.map((task) => task.createdAt)))) /
					timeScale /
					1000,
				1,
			),
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

export interface Target {
	name: string;
	limit: string;
	measured: string;
	met: boolean | undefined;
}

export function targets(batches: BatchSummary[], memory: MemoryResult | undefined, largest: number): Target[] {
	const find = (contender: Contender) => batches.find((batch) => batch.contender === contender && batch.items === largest);
	const poll = find('poll');
	const webhook = find('webhook');
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
