import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import { say } from './log';
import { deadline } from './wait';

/**
 * Every process the e2e starts runs in its own process group (detached), with its output in a
 * log file. All of them are stopped when the e2e ends, fails or is interrupted: SIGTERM to the
 * group, SIGKILL after a grace period, and a last SIGKILL to every group left at exit.
 */
export interface ManagedProcess {
	name: string;
	pid: number;
	logFile: string;
	/** Resolves with the exit code (or the signal name) once the process has exited. */
	exited: Promise<number | string>;
	hasExited(): boolean;
	stop(graceMs?: number): Promise<void>;
	/** The last `lines` lines of the log. */
	tail(lines?: number): string;
	log(): string;
}

const running = new Set<ManagedProcess>();

export interface StartOptions {
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	logFile: string;
}

export function startProcess(name: string, command: string, args: string[], options: StartOptions): ManagedProcess {
	installExitHandlers();
	mkdirSync(dirname(options.logFile), { recursive: true });
	const fd = openSync(options.logFile, 'a');
	let child: ChildProcess;
	try {
		child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			detached: true,
			stdio: ['ignore', fd, fd],
		});
	} finally {
		closeSync(fd);
	}
	if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
	const pid = child.pid;
	let exitedWith: number | string | undefined;
	const exited = new Promise<number | string>((resolve) => {
		child.on('exit', (code, signal) => {
			exitedWith = code ?? signal ?? 'unknown';
			resolve(exitedWith);
		});
		child.on('error', (error) => {
			exitedWith = `spawn error: ${error.message}`;
			resolve(exitedWith);
		});
	});
	const managed: ManagedProcess = {
		name,
		pid,
		logFile: options.logFile,
		exited,
		hasExited: () => exitedWith !== undefined,
		async stop(graceMs = 10_000) {
			if (!running.has(managed)) return;
			if (exitedWith === undefined) {
				killGroup(pid, 'SIGTERM');
				const stopped = await Promise.race([exited.then(() => true), deadline(graceMs).then(() => false)]);
				if (!stopped) {
					say(`${name} did not stop within ${graceMs} ms: SIGKILL`);
					killGroup(pid, 'SIGKILL');
					await Promise.race([exited, deadline(2000)]);
				}
			}
			// Children of the group (task runners, ...) may outlive the leader.
			killGroup(pid, 'SIGKILL');
			running.delete(managed);
		},
		tail: (lines = 60) => tailFile(options.logFile, lines),
		log: () => readText(options.logFile),
	};
	running.add(managed);
	return managed;
}

export async function stopAll(): Promise<void> {
	const all = [...running].reverse();
	await Promise.all(all.map(async (managed) => await managed.stop(8000)));
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

let handlersInstalled = false;
const interruptHooks: Array<() => void> = [];

/** Runs on SIGINT/SIGTERM/SIGHUP after the process groups are stopped, before exiting. */
export function onInterrupt(hook: () => void): void {
	interruptHooks.push(hook);
}

function installExitHandlers(): void {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', () => {
		for (const managed of running) killGroup(managed.pid, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			say(`${signal}: stopping ${running.size} process group(s)`);
			void stopAll().finally(() => {
				for (const hook of interruptHooks) hook();
				process.exit(130);
			});
		});
	}
}

export function readText(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

export function tailFile(file: string, lines: number): string {
	try {
		if (statSync(file).size === 0) return '(empty log)';
	} catch {
		return '(no log)';
	}
	return readText(file).split('\n').slice(-lines).join('\n');
}

export interface CommandOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	logFile: string;
	timeoutMs: number;
}

/** Runs a command to completion in its own process group, bounded in time; throws with the log tail. */
export async function runCommand(name: string, command: string, args: string[], options: CommandOptions): Promise<void> {
	const managed = startProcess(name, command, args, options);
	const outcome = await Promise.race([managed.exited, deadline(options.timeoutMs).then(() => 'timeout' as const)]);
	await managed.stop(5000);
	if (outcome === 'timeout') {
		throw new Error(`${name} took longer than ${options.timeoutMs / 1000} s; log ${options.logFile}:\n${managed.tail(40)}`);
	}
	if (outcome !== 0) {
		throw new Error(`${name} exited with ${outcome}; log ${options.logFile}:\n${managed.tail(40)}`);
	}
}
