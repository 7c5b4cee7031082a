/**
 * Memory: a large video streamed into n8n binary data, measured in a child process (the
 * sandbox, which makes the bytes, stays here).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PRODUCTION } from './config';
import type { MemoryChildResult } from './memoryChild';
import { startSandbox } from '../test/sandbox';

export interface MemoryResult extends Partial<MemoryChildResult> {
	ok: boolean;
	videoBytes: number;
	aboveBaselineBytes?: number;
	error?: string;
}

const ROOT = join(__dirname, '..');

export async function measureMemory(videoBytes: number, timeScale: number, timeoutMs = 120_000): Promise<MemoryResult> {
	const sandbox = await startSandbox({
		timeScale,
		lifecycle: { queuedMs: PRODUCTION.queuedMs, runningMs: PRODUCTION.runningMs },
		largeVideoBytes: videoBytes,
	});
	const folder = mkdtempSync(join(tmpdir(), 'kling-bench-memory-'));
	try {
		const line = await runChild(
			{
				BENCH_SANDBOX_URL: sandbox.url,
				BENCH_TIME_SCALE: String(timeScale),
				N8N_USER_FOLDER: folder,
				N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
				N8N_BINARY_DATA_STORAGE_PATH: join(folder, 'binaryData'),
				TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
			},
			timeoutMs,
		);
		const child = JSON.parse(line) as MemoryChildResult;
		const sizeOk = child.storedBytes === videoBytes;
		return {
			...child,
			ok: child.ok && sizeOk,
			...(child.ok && !sizeOk ? { error: `stored ${child.storedBytes} bytes of ${videoBytes}` } : {}),
			videoBytes,
			aboveBaselineBytes: child.peakRssBytes - child.baselineRssBytes,
		};
	} catch (error) {
		return { ok: false, videoBytes, error: (error as Error).message };
	} finally {
		await sandbox.close();
		rmSync(folder, { recursive: true, force: true });
	}
}

async function runChild(env: Record<string, string>, timeoutMs: number): Promise<string> {
	return await new Promise<string>((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--expose-gc', '-r', 'ts-node/register/transpile-only', join(__dirname, 'memoryChild.ts')],
			{ cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`memory child gave no result within ${timeoutMs} ms`));
		}, timeoutMs);
		child.on('close', () => {
			clearTimeout(timer);
			const line = stdout.trim().split('\n').filter((candidate) => candidate.startsWith('{')).pop();
			if (line) resolve(line);
			else reject(new Error(`memory child printed no result: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
		});
	});
}
