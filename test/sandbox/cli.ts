import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox, type Sandbox, type SandboxOptions } from './index';

const USAGE =
	'usage: ts-node --transpile-only test/sandbox/cli.ts [--port 4010] [--time-scale 0.2] [--rate-limit 50]' +
	' [--queued-ms 1000] [--running-ms 3000] [--retry-after 0|1] [--control-port 0] [--freepik-keys a,b,c] [--webhook-timeout-ms 2000]';

interface CliOptions {
	sandbox: SandboxOptions;
	/** A second loopback port for test harnesses in other processes: request log, finishing stuck tasks. */
	controlPort?: number;
}

function parseArguments(argv: readonly string[]): CliOptions {
	const options: SandboxOptions = { port: 4010 };
	let controlPort: number | undefined;
	for (let index = 0; index < argv.length; index += 2) {
		const [flag, value] = [argv[index], argv[index + 1]];
		if (flag === '--freepik-keys' && value) {
			// Several keys, each with its own rate-limit window (side-by-side benchmarks).
			options.freepikKeys = value.split(',').filter(Boolean);
			continue;
		}
		const number = Number(value);
		if (value === undefined || Number.isNaN(number)) throw new Error(`${flag} needs a number\n${USAGE}`);
		if (flag === '--port') options.port = number;
		else if (flag === '--time-scale') options.timeScale = number;
		else if (flag === '--rate-limit') options.rateLimitPerMinute = number;
		else if (flag === '--queued-ms') options.lifecycle = { ...options.lifecycle, queuedMs: number };
		else if (flag === '--running-ms') options.lifecycle = { ...options.lifecycle, runningMs: number };
		else if (flag === '--retry-after') options.rateLimitRetryAfter = number !== 0;
		else if (flag === '--control-port') controlPort = number;
		else if (flag === '--webhook-timeout-ms') options.webhookTimeoutMs = number;
		else throw new Error(`unknown option ${flag}\n${USAGE}`);
	}
	return { sandbox: options, controlPort };
}

/**
 * GET /log: the request log without bodies; POST /complete-stuck: ends every unfinished
 * `[sandbox:stuck]` task at once (their webhooks leave together); POST /reset-log.
 */
async function startControl(sandbox: Sandbox, port: number): Promise<string> {
	const server = createServer((request, response) => {
		const reply = (status: number, body: unknown): void => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};
		const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
		if (request.method === 'GET' && path === '/log') {
			reply(
				200,
				sandbox.log.entries.map(({ at, method, path: entryPath, endpoint, responseStatus, apiKey, fault }) => ({
					at,
					method,
					path: entryPath,
					endpoint,
					status: responseStatus,
					apiKey,
					fault,
				})),
			);
		} else if (request.method === 'POST' && path === '/complete-stuck') {
			const stuck = sandbox.tasks.all().filter((task) => task.magic.has('stuck') && !['succeeded', 'failed', 'cancelled'].includes(task.phase));
			for (const task of stuck) sandbox.tasks.complete(task.id);
			reply(200, { completed: stuck.map((task) => task.id) });
		} else if (request.method === 'POST' && path === '/reset-log') {
			sandbox.log.clear();
			reply(200, { cleared: true });
		} else reply(404, { error: 'unknown control path' });
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
	const cli = parseArguments(process.argv.slice(2));
	const sandbox = await startSandbox(cli.sandbox);
	const { options } = sandbox;
	const control = cli.controlPort === undefined ? undefined : await startControl(sandbox, cli.controlPort);
	process.stdout.write(
		[
			`Kling sandbox listening on ${sandbox.url}`,
			`  Freepik / Magnific base URL: ${sandbox.url}  (header x-freepik-api-key or x-magnific-api-key)`,
			`  Freepik keys: ${options.freepikKeys.join(', ')}`,
			`  APIMart base URL: ${sandbox.url}  (Authorization: Bearer <key>)`,
			`  APIMart keys: ${options.apimartKeys.join(', ')}`,
			`  Webhook secret (${options.webhookSecretEncoding}): ${options.webhookSecret}`,
			`  Time scale: ${options.timeScale}`,
			...(control ? [`  Control on ${control}`] : []),
			'Ctrl+C to stop.',
			'',
		].join('\n'),
	);
	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
