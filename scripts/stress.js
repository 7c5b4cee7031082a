#!/usr/bin/env node
/**
 * `npm run test:stress`: runs `npm test` STRESS_RUNS times (3) while STRESS_BURNERS CPU burners
 * (2 node busy loops) load the machine, prints each run's time and result, and fails unless every
 * run is green. The burners are always stopped: at the end, on a failure, on Ctrl+C / SIGTERM;
 * each burner also stops by itself when this script is gone, and after STRESS_BURNER_MAX_MINUTES.
 */
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const RUNS = positive('STRESS_RUNS', 3);
const BURNERS = positive('STRESS_BURNERS', 2);
/** A run that takes longer is stopped and counted as failed (a green run takes 1-3 minutes). */
const RUN_TIMEOUT_MS = positive('STRESS_RUN_TIMEOUT_MINUTES', 12) * 60_000;
const BURNER_MAX_MS = positive('STRESS_BURNER_MAX_MINUTES', RUNS * 12 + 5) * 60_000;

function positive(name, fallback) {
	const value = Number(process.env[name] ?? fallback);
	if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
	return value;
}

// A busy loop that checks now and then that its parent is still there, and has a deadline.
const BURNER_SOURCE = `
const parent = Number(process.argv[1]);
const deadline = Date.now() + Number(process.argv[2]);
for (let spin = 1; spin < 1e15; spin++) {
	if ((spin & 0xfffff) === 0) {
		if (Date.now() > deadline) break;
		try { process.kill(parent, 0); } catch { break; }
	}
}
`;

const burners = [];
let current;

function startBurners() {
	for (let index = 0; index < BURNERS; index++) {
		const burner = spawn(process.execPath, ['-e', BURNER_SOURCE, String(process.pid), String(BURNER_MAX_MS)], { stdio: 'ignore' });
		burner.on('error', (error) => process.stderr.write(`stress: burner ${index + 1} failed to start: ${error.message}\n`));
		burners.push(burner);
	}
}

function stopBurners() {
	for (const burner of burners.splice(0)) {
		if (burner.exitCode === null && burner.signalCode === null) {
			try {
				burner.kill('SIGKILL');
			} catch {
				// Already gone.
			}
		}
	}
}

/** Stops the running `npm test` and everything it started (its own process group). */
function stopCurrentRun() {
	if (!current || current.exitCode !== null || current.signalCode !== null) return;
	try {
		process.kill(-current.pid, 'SIGKILL');
	} catch {
		try {
			current.kill('SIGKILL');
		} catch {
			// Already gone.
		}
	}
}

process.on('exit', () => {
	stopCurrentRun();
	stopBurners();
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		process.stderr.write(`\nstress: ${signal}, stopping the test run and the CPU burners\n`);
		stopCurrentRun();
		stopBurners();
		process.exit(signal === 'SIGINT' ? 130 : 143);
	});
}
process.on('uncaughtException', (error) => {
	process.stderr.write(`stress: ${error.stack ?? error.message}\n`);
	stopCurrentRun();
	stopBurners();
	process.exit(1);
});

function runOnce() {
	return new Promise((resolve) => {
		const started = Date.now();
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		current = spawn(npm, ['test'], { cwd: ROOT, stdio: 'inherit', detached: true });
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			process.stderr.write(`stress: the run took more than ${RUN_TIMEOUT_MS / 60_000} min, stopping it\n`);
			stopCurrentRun();
		}, RUN_TIMEOUT_MS);
		const finish = (code, signal, error) => {
			clearTimeout(timer);
			current = undefined;
			resolve({ ok: code === 0 && !timedOut, code, signal, timedOut, error, seconds: (Date.now() - started) / 1000 });
		};
		current.on('error', (error) => finish(null, null, error));
		current.on('exit', (code, signal) => finish(code, signal));
	});
}

function describe(result) {
	if (result.ok) return 'green';
	if (result.error) return `failed to start (${result.error.message})`;
	if (result.timedOut) return `stopped after ${RUN_TIMEOUT_MS / 60_000} min`;
	return result.signal ? `failed (${result.signal})` : `failed (exit ${result.code})`;
}

async function main() {
	process.stdout.write(`stress: ${RUNS} x npm test with ${BURNERS} CPU burners on ${require('node:os').availableParallelism?.() ?? require('node:os').cpus().length} cores\n`);
	startBurners();
	const results = [];
	try {
		for (let run = 1; run <= RUNS; run++) {
			process.stdout.write(`\nstress: run ${run}/${RUNS}\n`);
			const result = await runOnce();
			results.push(result);
			process.stdout.write(`stress: run ${run}/${RUNS}: ${describe(result)} in ${result.seconds.toFixed(1)} s\n`);
		}
	} finally {
		stopBurners();
	}
	const green = results.filter((result) => result.ok).length;
	process.stdout.write(`\nstress: summary, ${green}/${RUNS} green\n`);
	for (const [index, result] of results.entries()) {
		process.stdout.write(`  run ${index + 1}: ${describe(result)}, ${result.seconds.toFixed(1)} s\n`);
	}
	process.exitCode = green === RUNS ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`stress: ${error.stack ?? error.message}\n`);
	stopCurrentRun();
	stopBurners();
	process.exit(1);
});
