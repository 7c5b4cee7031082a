/**
 * End-to-end: our packed package inside a real n8n (1.123.50 on Node 20, 2.41.1 on Node 24),
 * against the local provider sandbox. `npm run test:e2e`; see test/e2e/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Context } from './lib/context';
import { cacheRoot, ensureDebianPackages, ensureN8n, installCommunityPackage, N8N_SPECS, type N8nRuntime, packPackage } from './lib/install';
import { formatMs, phase, printTimings, say } from './lib/log';
import { N8nInstance } from './lib/n8n';
import { onInterrupt, stopAll } from './lib/processes';
import { startRoundRobinProxy } from './lib/proxy';
import { postgresBinDir, startPostgres, startRedis, startSandboxCli, type PostgresService, type SandboxProcess } from './lib/services';
import { withTimeout } from './lib/wait';
import { agentTool, startFakeOpenAi } from './scenarios/agent';
import { DEFAULT_FREEPIK_KEY, DEFAULT_WEBHOOK_SECRET } from '../sandbox/options';
import { createCredentials, credentialTests, nodesLoaded } from './scenarios/credentials';
import { editorScenarios, type EditorOptions } from './scenarios/editor';
import { pipelineBatch, type Scenario, textToVideoApimart, textToVideoPoll, textToVideoWebhook } from './scenarios/generate';
import { motionControlExample, turboApimart } from './scenarios/motionControl';
import { queueScenarios } from './scenarios/queue';
import { recordScaleOutResults, type ScaleOut, scaleOutScenarios, updateReadmeResults } from './scenarios/scaleout';
import { formUpload, triggerPair } from './scenarios/trigger';
import { webhookBatchAtTheLimit } from './scenarios/webhookBudget';

const REPO_ROOT = resolve(__dirname, '..', '..');

interface Options {
	versions: string[];
	queue: boolean;
	editor: boolean;
	updateScreenshots: boolean;
	only?: string;
	/** Scenarios left out by name (substring), e.g. ones known to fail while they are being fixed. */
	skip: string[];
	/** The scale-out phase (issue #17): Postgres, main + 2 workers + 2 webhook processes. */
	scaleOut: boolean;
	/** Only the scale-out phase (no single-process or SQLite queue phases). */
	scaleOutOnly: boolean;
	trials: number;
	/** Write the scale-out phase's results to test/e2e/results/scale-out-<version>.md. */
	recordResults: boolean;
	/** Scenarios (name substring) whose failure is reported but does not fail the run. */
	reportOnly: string[];
}

function parseOptions(argv: string[]): Options {
	const value = (flag: string): string | undefined => {
		const found = argv.find((argument) => argument.startsWith(`${flag}=`));
		return found?.slice(flag.length + 1);
	};
	const versions = (value('--versions') ?? process.env.KLING_E2E_VERSIONS ?? Object.keys(N8N_SPECS).join(','))
		.split(',')
		.map((version) => version.trim())
		.filter(Boolean);
	for (const version of versions) {
		if (!N8N_SPECS[version]) throw new Error(`Unknown n8n version ${version}; known: ${Object.keys(N8N_SPECS).join(', ')}`);
	}
	return {
		versions,
		queue: !argv.includes('--skip-queue'),
		editor: !argv.includes('--skip-editor'),
		updateScreenshots: argv.includes('--update-screenshots'),
		only: value('--only'),
		skip: (value('--skip') ?? '')
			.split(',')
			.map((name) => name.trim().toLowerCase())
			.filter(Boolean),
		scaleOut: argv.includes('--scale-out') || argv.includes('--scale-out-only') || process.env.KLING_E2E_SCALE_OUT === '1',
		scaleOutOnly: argv.includes('--scale-out-only'),
		trials: Number(value('--trials') ?? process.env.KLING_E2E_TRIALS ?? 20),
		recordResults: argv.includes('--record-results'),
		reportOnly: (value('--report-only') ?? process.env.KLING_E2E_REPORT_ONLY ?? '')
			.split(',')
			.map((name) => name.trim().toLowerCase())
			.filter(Boolean),
	};
}

interface Outcome {
	where: string;
	scenario: string;
	ok: boolean;
	/** Failed, but listed in --report-only: reported, does not fail the run. */
	reportOnly?: boolean;
	detail: string;
	ms: number;
}

const outcomes: Outcome[] = [];

async function runScenarios(where: string, context: Context, scenarios: Scenario[], options: Options, extraLogs: () => string): Promise<void> {
	for (const scenario of scenarios) {
		if (options.only && !scenario.name.toLowerCase().includes(options.only.toLowerCase())) continue;
		if (options.skip.some((name) => scenario.name.toLowerCase().includes(name))) {
			say(`  skipped: ${where}: ${scenario.name}`);
			continue;
		}
		const started = Date.now();
		try {
			const detail = await phase(`${where}: ${scenario.name}`, async () => await withTimeout(scenario.name, scenario.timeoutMs, scenario.run(context)));
			say(`  ${detail}`);
			outcomes.push({ where, scenario: scenario.name, ok: true, detail, ms: Date.now() - started });
		} catch (error) {
			const message = (error as Error).message;
			const reportOnly = options.reportOnly.some((name) => scenario.name.toLowerCase().includes(name));
			outcomes.push({ where, scenario: scenario.name, ok: false, reportOnly, detail: message, ms: Date.now() - started });
			process.stdout.write(`${context.n8n.logTail(80)}\n${extraLogs()}\n`);
		}
	}
}

interface Prepared {
	runtimes: N8nRuntime[];
	tarball: string;
}

async function prepare(options: Options, runDir: string): Promise<Prepared> {
	const cache = cacheRoot(REPO_ROOT);
	const logDir = join(cache, 'logs');
	mkdirSync(logDir, { recursive: true });
	const wantedPackages: Record<string, string> = {};
	if (options.queue || options.scaleOut) wantedPackages['redis-server'] = '/usr/bin/redis-server';
	if (options.scaleOut) wantedPackages.postgresql = join(postgresBinDir() ?? '/usr/lib/postgresql/15/bin', 'postgres');
	if (options.editor) wantedPackages.chromium = '/usr/bin/chromium';
	const [runtimes, tarball] = await Promise.all([
		Promise.all(
			options.versions.map(async (version) => {
				const runtime = await phase(`install n8n ${version}`, async () => await ensureN8n(cache, N8N_SPECS[version]));
				say(`n8n ${version}: ${runtime.cached ? 'cached' : `installed cold in ${formatMs(runtime.installMs)}`} (node ${runtime.nodeBinary})`);
				return runtime;
			}),
		),
		phase('build and npm pack', async () => await packPackage(REPO_ROOT, join(runDir, 'pack'))),
		phase('Debian packages (apt-get when missing)', async () => {
			const ms = await ensureDebianPackages(logDir, wantedPackages);
			say(ms ? `apt-get took ${formatMs(ms)}` : `already installed: ${Object.keys(wantedPackages).join(', ') || 'none needed'}`);
		}),
	]);
	say(`package: ${tarball}`);
	return { runtimes, tarball };
}

async function startInstance(
	runtime: N8nRuntime,
	name: string,
	runDir: string,
	tarball: string,
	queue?: { redisPort: number },
): Promise<{ n8n: N8nInstance; userFolder: string; filesDir: string }> {
	const userFolder = join(runDir, name);
	const filesDir = join(userFolder, 'files');
	await phase(`${name}: npm install the package into .n8n/nodes`, async () => await installCommunityPackage(runtime, userFolder, tarball));
	const n8n = await phase(`${name}: start n8n ${runtime.version}${queue ? ' (queue mode main)' : ''}`, async () =>
		await N8nInstance.startMain(runtime, { name, userFolder, filesFolder: filesDir, queue }),
	);
	await n8n.api.setupOwner();
	return { n8n, userFolder, filesDir };
}

/**
 * Each run gets its own folder (user folders, logs, videos), so two runs in one checkout do not
 * clobber each other; the last few are kept for reading, older ones of finished runs removed.
 */
function newRunDir(runsRoot: string, keep = 3): string {
	mkdirSync(runsRoot, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const runDir = join(runsRoot, `${stamp}-${process.pid}`);
	mkdirSync(runDir);
	const older = readdirSync(runsRoot).sort().reverse().slice(keep);
	for (const name of older) {
		const pid = Number(name.split('-').pop());
		if (pid && isAlive(pid)) continue;
		rmSync(join(runsRoot, name), { recursive: true, force: true });
	}
	return runDir;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const runDir = newRunDir(join(cacheRoot(REPO_ROOT), 'runs'));
	say(`n8n versions: ${options.versions.join(', ')}; queue mode: ${options.queue}; editor: ${options.editor}; work folder ${runDir}`);

	const { runtimes, tarball } = await prepare(options, runDir);
	// One key serves every scenario back to back: a budget no real key has. Freepik's 50 requests
	// per minute are the unit and reliability tests' business; here they would only couple scenarios.
	const sandbox: SandboxProcess = await phase('start the sandbox CLI', async () => await startSandboxCli(REPO_ROOT, runDir, 0.5, 1000));
	say(`sandbox at ${sandbox.url}`);
	const fakeOpenAi = await startFakeOpenAi();
	const sandboxTail = (): string => `--- last 20 lines of ${sandbox.process.logFile} ---\n${sandbox.process.tail(20)}`;

	let postgres: PostgresService | undefined;
	let scaleOutSandboxes: { sandbox: SandboxProcess; limited: SandboxProcess } | undefined;
	if (options.scaleOut) {
		postgres = await phase('start postgres', async () => await startPostgres(join(runDir, 'postgres')));
		say(`postgres on 127.0.0.1:${postgres.port}`);
		scaleOutSandboxes = await phase('start the scale-out sandboxes', async () => ({
			sandbox: await startSandboxCli(REPO_ROOT, runDir, 0.5, 1_000_000, { name: 'sandbox-scaleout', control: true }),
			limited: await startSandboxCli(REPO_ROOT, runDir, 1, 50, {
				name: 'sandbox-limited',
				control: true,
				args: ['--queued-ms', String(LIMITED_QUEUED_MS), '--running-ms', String(LIMITED_RUNNING_MS), '--retry-after', '1'],
			}),
		}));
	}

	for (const runtime of runtimes) {
		if (options.scaleOut && postgres && scaleOutSandboxes) await runScaleOut(runtime, runDir, tarball, options, postgres, scaleOutSandboxes);
		if (options.scaleOutOnly) continue;
		const name = `n8n-${runtime.version}`;
		const { n8n, filesDir } = await startInstance(runtime, name, runDir, tarball);
		try {
			const credentials = await createCredentials(n8n.api, sandbox.url, fakeOpenAi.url);
			const context: Context = { repoRoot: REPO_ROOT, runtime, n8n, sandboxUrl: sandbox.url, filesDir, credentials };
			const scenarios: Scenario[] = [
				nodesLoaded,
				credentialTests,
				textToVideoPoll,
				textToVideoApimart,
				motionControlExample,
				turboApimart,
				pipelineBatch('poll'),
				textToVideoWebhook,
				pipelineBatch('webhook'),
				webhookBatchAtTheLimit,
				triggerPair,
				formUpload,
				agentTool(fakeOpenAi),
			];
			if (options.editor) {
				const editorOptions: EditorOptions = {
					screenshotsDir: options.updateScreenshots && runtime.major >= 2 ? join(REPO_ROOT, 'docs', 'screenshots') : join(runDir, name, 'screenshots'),
				};
				scenarios.push(...editorScenarios(editorOptions));
			}
			await runScenarios(`n8n ${runtime.version}`, context, scenarios, options, sandboxTail);
		} finally {
			await phase(`${name}: stop`, async () => await n8n.stop());
		}

		if (options.queue) {
			const queueName = `${name}-queue`;
			const redis = await phase(`${queueName}: start redis-server`, async () => await startRedis(join(runDir, queueName)));
			const { n8n: main } = await startInstance(runtime, queueName, runDir, tarball, { redisPort: redis.port }).catch(async (error: Error) => {
				await redis.process.stop();
				throw error;
			});
			try {
				const worker = await phase(`${queueName}: start n8n worker`, async () => await N8nInstance.startWorker(runtime, main, `${queueName}-worker`));
				const credentials = await createCredentials(main.api, sandbox.url);
				const context: Context = {
					repoRoot: REPO_ROOT,
					runtime,
					n8n: main,
					sandboxUrl: sandbox.url,
					filesDir: main.options.filesFolder,
					credentials,
				};
				await runScenarios(`n8n ${runtime.version} queue mode`, context, queueScenarios(worker), options, () => `${worker.logTail(60)}\n${sandboxTail()}`);
				await worker.stop();
			} finally {
				await phase(`${queueName}: stop`, async () => {
					await main.stop();
					await redis.process.stop();
				});
			}
		}
	}
	await fakeOpenAi.close();
	await sandbox.process.stop();
}

/** The limited sandbox's render: short, so the real-time 50/min limit is what the pair waits for. */
const LIMITED_QUEUED_MS = 500;
const LIMITED_RUNNING_MS = 3000;

/**
 * Queue mode as n8n documents it for scale: Postgres, redis, `n8n start` (production webhooks off
 * on the main), two `n8n worker` (concurrency 1, so two executions land on two workers) and two
 * `n8n webhook` behind a loopback round-robin proxy; WEBHOOK_URL is the proxy.
 */
async function runScaleOut(
	runtime: N8nRuntime,
	runDir: string,
	tarball: string,
	options: Options,
	postgres: PostgresService,
	sandboxes: { sandbox: SandboxProcess; limited: SandboxProcess },
): Promise<void> {
	const name = `n8n-${runtime.version}-scaleout`;
	const database = `n8n_${runtime.version.replace(/\./g, '_')}`;
	const started = Date.now();
	await postgres.createDatabase(database);
	const redis = await phase(`${name}: start redis-server`, async () => await startRedis(join(runDir, name)));
	// The proxy's targets are known only once the webhook processes run; WEBHOOK_URL must be set before.
	const targets: string[] = [];
	const proxy = await startRoundRobinProxy(targets);
	const userFolder = join(runDir, name);
	const filesDir = join(userFolder, 'files');
	const stops: Array<() => Promise<void>> = [async () => await proxy.close(), async () => await redis.process.stop()];
	try {
		await phase(`${name}: npm install the package into .n8n/nodes`, async () => await installCommunityPackage(runtime, userFolder, tarball));
		const main = await phase(`${name}: start n8n ${runtime.version} (queue mode main on Postgres)`, async () =>
			await N8nInstance.startMain(runtime, {
				name,
				userFolder,
				filesFolder: filesDir,
				queue: { redisPort: redis.port },
				postgres: { port: postgres.port, database, user: postgres.user, password: postgres.password },
				webhookUrl: proxy.url,
				mainWebhooksOff: true,
			}),
		);
		stops.unshift(async () => await main.stop());
		await main.api.setupOwner();
		const workers = await phase(`${name}: start 2 n8n worker`, async () =>
			await Promise.all([1, 2].map(async (index) => await N8nInstance.startWorker(runtime, main, `${name}-worker${index}`, 1))),
		);
		const webhooks = await phase(`${name}: start 2 n8n webhook`, async () =>
			await Promise.all([1, 2].map(async (index) => await N8nInstance.startWebhook(runtime, main, `${name}-webhook${index}`))),
		);
		stops.unshift(...[...workers, ...webhooks].map((instance) => async () => await instance.stop()));
		targets.push(...webhooks.map((webhook) => webhook.baseUrl));
		say(`${name}: proxy ${proxy.url} → ${targets.join(', ')}`);
		const credentials = await createCredentials(main.api, sandboxes.sandbox.url);
		credentials['Freepik limited'] = {
			id: await main.api.createCredential('Freepik limited', 'freepikApi', {
				apiKey: DEFAULT_FREEPIK_KEY,
				host: 'custom',
				customBaseUrl: sandboxes.limited.url,
				webhookSecret: DEFAULT_WEBHOOK_SECRET,
			}),
			type: 'freepikApi',
		};
		const context: Context = { repoRoot: REPO_ROOT, runtime, n8n: main, sandboxUrl: sandboxes.sandbox.url, filesDir, credentials };
		const topology: ScaleOut = {
			main,
			workers,
			webhooks,
			proxy,
			postgres,
			database,
			sandbox: sandboxes.sandbox,
			limited: sandboxes.limited,
			limitedRenderMs: LIMITED_QUEUED_MS + LIMITED_RUNNING_MS,
		};
		const where = `n8n ${runtime.version} scale-out`;
		await runScenarios(where, context, scaleOutScenarios(topology, { trials: options.trials }), options, () =>
			[...workers, ...webhooks].map((instance) => instance.logTail(30)).join('\n'),
		);
		if (options.recordResults) {
			const file = recordScaleOutResults(REPO_ROOT, {
				version: runtime.version,
				node: `Node ${execFileSync(runtime.nodeBinary, ['--version'], { encoding: 'utf8' }).trim()}`,
				trials: options.trials,
				phaseMs: Date.now() - started,
				outcomes: outcomes.filter((outcome) => outcome.where === where),
				command: `npm run test:e2e -- ${process.argv.slice(2).join(' ')}`,
			});
			updateReadmeResults(REPO_ROOT);
			say(`${name}: results written to ${file} and README.md`);
		}
	} finally {
		await phase(`${name}: stop`, async () => {
			for (const stop of stops) await stop().catch(() => undefined);
		});
		say(`${name}: scale-out phase took ${formatMs(Date.now() - started)}`);
	}
}

function report(): void {
	printTimings();
	process.stdout.write('\nScenarios\n');
	for (const outcome of outcomes) {
		process.stdout.write(`  ${outcome.ok ? 'PASS' : outcome.reportOnly ? 'FAIL (report-only)' : 'FAIL'}  [${outcome.where}] ${outcome.scenario} (${formatMs(outcome.ms)})\n`);
		if (!outcome.ok) process.stdout.write(`        ${outcome.detail.split('\n').join('\n        ')}\n`);
	}
	const failed = outcomes.filter((outcome) => !outcome.ok && !outcome.reportOnly).length;
	const reported = outcomes.filter((outcome) => !outcome.ok && outcome.reportOnly).length;
	process.stdout.write(`\n${outcomes.length - failed - reported} passed, ${failed} failed${reported ? `, ${reported} failed but report-only` : ''}\n`);
	if (failed > 0 || outcomes.length === 0) process.exitCode = 1;
}

onInterrupt(report);

main()
	.catch((error: Error) => {
		say(`e2e aborted: ${error.stack ?? error.message}`);
		process.exitCode = 1;
	})
	.finally(async () => {
		await stopAll();
		report();
		// Every child is stopped; an idle keep-alive socket must not hold the run open.
		process.exit();
	});
