import { join } from 'node:path';

import { freePort } from './net';
import { startProcess, type ManagedProcess } from './processes';
import { GiveUp, waitFor } from './wait';

/** The local provider sandbox, started from its CLI as its own process on a free loopback port. */
export interface SandboxProcess {
	url: string;
	process: ManagedProcess;
}

export async function startSandboxCli(repoRoot: string, logDir: string, timeScale: number, rateLimit: number): Promise<SandboxProcess> {
	const port = await freePort();
	const managed = startProcess(
		'sandbox',
		process.execPath,
		[
			join(repoRoot, 'node_modules', 'ts-node', 'dist', 'bin.js'),
			'--transpile-only',
			'--project',
			join(repoRoot, 'tsconfig.test.json'),
			join(repoRoot, 'test', 'sandbox', 'cli.ts'),
			'--port',
			String(port),
			'--time-scale',
			String(timeScale),
			'--rate-limit',
			String(rateLimit),
		],
		{ cwd: repoRoot, logFile: join(logDir, 'sandbox.log') },
	);
	const url = await waitFor(
		'the sandbox to listen',
		() => {
			if (managed.hasExited()) throw new GiveUp(`the sandbox exited:\n${managed.tail(20)}`);
			return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(managed.log())?.[1];
		},
		{ timeoutMs: 60_000, intervalMs: 200 },
	);
	return { url, process: managed };
}

/** Debian's redis-server on 127.0.0.1, no persistence. */
export async function startRedis(logDir: string): Promise<{ port: number; process: ManagedProcess }> {
	const port = await freePort();
	const managed = startProcess(
		'redis-server',
		'/usr/bin/redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', logDir, '--protected-mode', 'yes'],
		{ cwd: logDir, logFile: join(logDir, 'redis.log') },
	);
	await waitFor(
		'redis to accept connections',
		() => {
			if (managed.hasExited()) throw new GiveUp(`redis-server exited:\n${managed.tail(20)}`);
			return /Ready to accept connections/.test(managed.log()) ? true : undefined;
		},
		{ timeoutMs: 30_000, intervalMs: 200 },
	);
	return { port, process: managed };
}
