/**
 * `npm run bench` (add `-- --smoke` for CI's short run): batch throughput, API requests per
 * video, 429s, time from the first create to the node's output, and memory, our node beside the pattern users build today,
 * all through n8n's engine against the local sandbox on a scaled clock. Prints tables and
 * writes bench/results/latest.json. See README › Benchmarks for the method.
 */
import '../test/harness/userFolder';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { type BatchSummary, idealMs, summarize, targets } from './analysis';
import { type BenchConfig, FULL, PRODUCTION, scaleNodeConstants, SMOKE, taskMs } from './config';
import { measureMemory, type MemoryResult } from './memory';
import { type BatchRun, type Contender, type Harness, runBatch, startHarness } from './scenarios';
import { formatReport } from './report';

function parseArgs(argv: string[]): BenchConfig {
	const config = { ...(argv.includes('--smoke') ? SMOKE : FULL) };
	const scale = argv.find((arg) => arg.startsWith('--time-scale='))?.split('=')[1];
	if (scale) {
		const [numerator, denominator] = scale.split('/').map(Number);
		config.timeScale = denominator ? numerator / denominator : numerator;
		if (!(config.timeScale > 0 && config.timeScale <= 1)) throw new Error(`--time-scale=${scale}: give a number in (0, 1], e.g. 1/100`);
	}
	return config;
}

function sandboxOptions(timeScale: number) {
	return {
		timeScale,
		rateLimitPerMinute: PRODUCTION.rateLimit,
		lifecycle: { queuedMs: PRODUCTION.queuedMs, runningMs: PRODUCTION.runningMs },
	};
}

function log(message: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function runLogged(harness: Harness, config: BenchConfig, contender: Contender, items: number): Promise<BatchRun> {
	try {
		const run = await runBatch(harness, config, contender, items);
		log(
			`${contender} x${items}: ${(run.wallMs / config.timeScale / 1000).toFixed(0)} s (production), ${run.requests} requests, ${run.throttled} 429s${run.ok ? '' : `, NOT OK: ${run.error}`}`,
		);
		return run;
	} catch (error) {
		log(`${contender} x${items}: failed: ${(error as Error).message}`);
		return {
			contender,
			items,
			ok: false,
			error: (error as Error).message,
			wallMs: Number.NaN,
			outputAt: Number.NaN,
			startedAt: Number.NaN,
			requests: Number.NaN,
			requestsByKind: {},
			throttled: 0,
			downloads: 0,
			tasks: [],
		};
	}
}

async function main(): Promise<void> {
	const config = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const s = config.timeScale;
	log(
		`time scale 1/${Math.round(1 / s)}: a ${taskMs() / 1000} s task takes ${Math.round(taskMs() * s)} ms, the ${PRODUCTION.windowMs / 1000} s rate-limit window ${Math.round(PRODUCTION.windowMs * s)} ms`,
	);
	const restore = scaleNodeConstants(config);
	const largest = Math.max(...config.sizes);

	// The sequential baseline takes N x T: it runs beside the rest in its own sandbox (same
	// options, own key window), so it adds no time; it is light (one request at a time).
	const background = await startHarness(sandboxOptions(s));
	const main = await startHarness(sandboxOptions(s));
	const runs: BatchRun[] = [];
	const baselineDone = (async () => {
		for (const items of config.sizes.filter((size) => size <= config.baselineSequentialMax)) {
			runs.push(await runLogged(background, config, 'baseline-sequential', items));
		}
	})();

	for (const items of config.sizes) {
		for (let repeat = 0; repeat < config.repeats; repeat++) {
			runs.push(await runLogged(main, config, 'poll', items));
			runs.push(await runLogged(main, config, 'webhook', items));
		}
		if (items <= config.baselineParallelMax) runs.push(await runLogged(main, config, 'baseline-parallel', items));
	}
	runs.push(await runLogged(main, config, 'poll-list-urls', largest));

	await baselineDone;
	restore();
	await main.close();
	await background.close();

	log(`memory: ${Math.round(config.largeVideoBytes / 1024 / 1024)} MB video in a child process`);
	const memory: MemoryResult = await measureMemory(config.largeVideoBytes, s);

	const batches: BatchSummary[] = summarize(runs, s);
	const result = {
		generatedAt: new Date().toISOString(),
		machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1e9) },
		config,
		production: { ...PRODUCTION, taskMs: taskMs() },
		idealFormula: 'ideal(N) = max(T + floor((N-1)/L)*W, floor((2N-1)/L)*W); T = 180 s, L = 50, W = 60 s',
		idealS: Object.fromEntries(config.sizes.map((items) => [items, idealMs(items) / 1000])),
		batches,
		memory,
		targets: config.smoke ? [] : targets(batches, memory, largest),
		durationS: Math.round((Date.now() - started) / 1000),
		runs: runs.map(({ tasks, ...rest }) => ({ ...rest, tasks: tasks.length })),
	};
	const folder = join(__dirname, 'results');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, config.smoke ? 'smoke.json' : 'latest.json');
	writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
	process.stdout.write(`${formatReport(result)}\nJSON: ${file}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
