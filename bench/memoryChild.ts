/**
 * Runs in its own process (see memory.ts), so nothing else lives in its heap: n8n's engine, our
 * node and n8n-core's BinaryDataService in filesystem mode, as an n8n server sets them up. The
 * sandbox runs in the parent. Prints one JSON line.
 *
 * Peak RSS is the kernel's high-water mark (VmHWM), reset just before the download through
 * /proc/self/clear_refs, so a short spike between samples is not missed; a 5 ms sampler backs
 * it up where that file cannot be written.
 */
import '../test/harness/userFolder';
import { readFileSync, writeFileSync } from 'node:fs';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import { Engine } from '../test/harness/engine';
import { workflowWith } from '../test/harness/workflows';
import { DEFAULT_FREEPIK_KEY } from '../test/sandbox';
import { scaleNodeConstants } from './config';
import { NODE_NAME } from './scenarios';

export interface MemoryChildResult {
	ok: boolean;
	error?: string;
	baselineRssBytes: number;
	peakRssBytes: number;
	peakSource: 'VmHWM' | 'sampled';
	sampledPeakRssBytes: number;
	storedBytes?: number;
	binaryMode?: string;
	downloadMs: number;
}

function statusKb(field: 'VmHWM' | 'VmRSS'): number | undefined {
	const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) : undefined;
}

function resetPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

async function main(): Promise<void> {
	const sandboxUrl = process.env.BENCH_SANDBOX_URL!;
	const timeScale = Number(process.env.BENCH_TIME_SCALE);
	scaleNodeConstants({ timeScale });
	// What n8n's CLI does at start (BaseCommand.init): filesystem mode from N8N_DEFAULT_BINARY_DATA_MODE.
	await Container.get(BinaryDataService).init();

	const engine = new Engine({ credentials: { freepikApi: { apiKey: DEFAULT_FREEPIK_KEY, host: 'custom', customBaseUrl: sandboxUrl } } });
	const workflow = (downloadVideo: boolean) =>
		workflowWith(
			{
				type: 'klingOmni',
				name: NODE_NAME,
				parameters: {
					authentication: 'freepik',
					operation: 'generate',
					prompt: 'A paper boat on a rain puddle',
					downloadVideo,
					options: { maxPollIntervalSeconds: 15 * timeScale, maxWaitMinutes: 15 * timeScale, maxVideoSizeMb: 1024 },
				},
			},
			[{ json: {} }],
		);

	// Warm-up: the same path without the download, so every module is loaded before the baseline.
	await engine.run(workflow(false));
	global.gc?.();
	await new Promise((resolve) => setTimeout(resolve, 50));
	global.gc?.();
	const baselineRssBytes = process.memoryUsage().rss;
	const canReset = resetPeak();

	let sampledPeak = baselineRssBytes;
	const sampler = setInterval(() => {
		sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
	}, 5);
	const started = Date.now();
	const { run } = await engine.run(workflow(true));
	const downloadMs = Date.now() - started;
	clearInterval(sampler);
	sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
	const hwmKb = canReset ? statusKb('VmHWM') : undefined;

	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	const binary = taskData?.data?.main?.[0]?.[0]?.binary?.data;
	const error = run.data.resultData.error?.message ?? taskData?.error?.message;
	const result: MemoryChildResult = {
		ok: !error && binary?.id !== undefined,
		...(error ? { error } : {}),
		baselineRssBytes,
		peakRssBytes: hwmKb !== undefined ? Math.max(hwmKb * 1024, sampledPeak) : sampledPeak,
		peakSource: hwmKb !== undefined ? 'VmHWM' : 'sampled',
		sampledPeakRssBytes: sampledPeak,
		storedBytes: binary?.bytes,
		binaryMode: binary?.id?.split(':')[0] ?? (binary ? 'memory' : undefined),
		downloadMs,
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
	process.stdout.write(`${JSON.stringify({ ok: false, error: String(error) })}\n`);
	process.exitCode = 1;
});
