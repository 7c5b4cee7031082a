import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './net';
import { readText, startProcess, type ManagedProcess } from './processes';
import { GiveUp, waitFor } from './wait';

/** The local provider sandbox, started from its CLI as its own process on a free loopback port. */
export interface SandboxProcess {
	url: string;
	process: ManagedProcess;
	/** The CLI's control port (`--control-port`), when asked for: request log, finishing stuck tasks. */
	controlUrl?: string;
}

export async function startSandboxCli(
	repoRoot: string,
	logDir: string,
	timeScale: number,
	rateLimit: number,
	extra: { name?: string; args?: string[]; control?: boolean } = {},
): Promise<SandboxProcess> {
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
			...(extra.control ? ['--control-port', '0'] : []),
			...(extra.args ?? []),
		],
		{ cwd: repoRoot, logFile: join(logDir, `${extra.name ?? 'sandbox'}.log`) },
	);
	const url = await waitFor(
		'the sandbox to listen',
		() => {
			if (managed.hasExited()) throw new GiveUp(`the sandbox exited:\n${managed.tail(20)}`);
			return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(managed.log())?.[1];
		},
		{ timeoutMs: 60_000, intervalMs: 200 },
	);
	if (!extra.control) return { url, process: managed };
	const controlUrl = await waitFor('the sandbox control port', () => /Control on (http:\/\/127\.0\.0\.1:\d+)/.exec(managed.log())?.[1], {
		timeoutMs: 10_000,
		intervalMs: 100,
	});
	return { url, process: managed, controlUrl };
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

/**
 * Debian's PostgreSQL (installed with apt-get when missing), a throw-away cluster in the run
 * folder: initdb and postgres run as the `postgres` user (postgres refuses root), TCP on
 * 127.0.0.1 only (no Unix socket), trust auth for the one role `n8n`, durability off (a test).
 */
export interface PostgresService {
	port: number;
	user: string;
	password: string;
	process: ManagedProcess;
	createDatabase(name: string): Promise<void>;
	/** psql -At: rows as lines, columns separated by `|`. */
	query(database: string, sql: string): Promise<string[][]>;
}

const run = promisify(execFile);

export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((name) => existsSync(join(root, name, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : undefined;
}

export async function startPostgres(dir: string): Promise<PostgresService> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	const user = 'n8n';
	const password = 'n8n-e2e';
	mkdirSync(dir, { recursive: true });
	const asPostgres = process.getuid?.() === 0;
	// As root the cluster runs as `postgres`, who may not reach the run folder (a clone under a
	// private folder such as mktemp's): its data then lives in a folder of its own in the temp
	// folder, owned by `postgres`, removed when the run exits.
	const clusterDir = asPostgres ? mkdtempSync(join(tmpdir(), 'kling-e2e-postgres-')) : dir;
	if (asPostgres) {
		chownSync(clusterDir, uidOf('postgres'), gidOf('postgres'));
		process.once('exit', () => rmSync(clusterDir, { recursive: true, force: true }));
	}
	const dataDir = join(clusterDir, 'pgdata');
	mkdirSync(dataDir, { recursive: true });
	if (asPostgres) chownSync(dataDir, uidOf('postgres'), gidOf('postgres'));
	const wrap = (command: string, args: string[]): [string, string[]] =>
		asPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	const [initCommand, initArgs] = wrap(join(bin, 'initdb'), ['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-locale']);
	await run(initCommand, initArgs, { cwd: clusterDir, timeout: 120_000 });
	const port = await freePort();
	const [command, args] = wrap(join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-k',
		'',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const managed = startProcess('postgres', command, args, { cwd: clusterDir, logFile: join(dir, 'postgres.log') });
	await waitFor(
		'postgres to accept connections',
		() => {
			if (managed.hasExited()) throw new GiveUp(`postgres exited:\n${managed.tail(20)}`);
			return /database system is ready to accept connections/.test(managed.log()) ? true : undefined;
		},
		{ timeoutMs: 60_000, intervalMs: 200 },
	);
	const psql = async (database: string, sql: string): Promise<string> =>
		(
			await run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql], {
				timeout: 60_000,
				maxBuffer: 64 * 1024 * 1024,
			})
		).stdout;
	return {
		port,
		user,
		password,
		process: managed,
		async createDatabase(name) {
			await psql('postgres', `CREATE DATABASE "${name}"`);
		},
		async query(database, sql) {
			const out = await psql(database, sql);
			return out
				.split('\n')
				.filter((line) => line.length > 0)
				.map((line) => line.split('|'));
		},
	};
}

function uidOf(name: string): number {
	return Number(/^[^:]+:[^:]*:(\d+):/m.exec(readPasswd().split('\n').find((line) => line.startsWith(`${name}:`)) ?? '')?.[1] ?? NaN);
}

function gidOf(name: string): number {
	return Number(/^[^:]+:[^:]*:\d+:(\d+):/m.exec(readPasswd().split('\n').find((line) => line.startsWith(`${name}:`)) ?? '')?.[1] ?? NaN);
}

function readPasswd(): string {
	return readText('/etc/passwd');
}
