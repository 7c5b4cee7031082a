import { startSandbox, type SandboxOptions } from './index';

const USAGE = 'usage: ts-node --transpile-only test/sandbox/cli.ts [--port 4010] [--time-scale 0.2] [--rate-limit 50]';

function parseArguments(argv: readonly string[]): SandboxOptions {
	const options: SandboxOptions = { port: 4010 };
	for (let index = 0; index < argv.length; index += 2) {
		const [flag, value] = [argv[index], argv[index + 1]];
		const number = Number(value);
		if (value === undefined || Number.isNaN(number)) throw new Error(`${flag} needs a number\n${USAGE}`);
		if (flag === '--port') options.port = number;
		else if (flag === '--time-scale') options.timeScale = number;
		else if (flag === '--rate-limit') options.rateLimitPerMinute = number;
		else throw new Error(`unknown option ${flag}\n${USAGE}`);
	}
	return options;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox(parseArguments(process.argv.slice(2)));
	const { options } = sandbox;
	process.stdout.write(
		[
			`Kling sandbox listening on ${sandbox.url}`,
			`  Freepik / Magnific base URL: ${sandbox.url}  (header x-freepik-api-key or x-magnific-api-key)`,
			`  Freepik keys: ${options.freepikKeys.join(', ')}`,
			`  APIMart base URL: ${sandbox.url}  (Authorization: Bearer <key>)`,
			`  APIMart keys: ${options.apimartKeys.join(', ')}`,
			`  Webhook secret (${options.webhookSecretEncoding}): ${options.webhookSecret}`,
			`  Time scale: ${options.timeScale}`,
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
