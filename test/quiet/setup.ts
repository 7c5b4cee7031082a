import { formatWithOptions, inspect } from 'node:util';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

/**
 * Keeps a green run quiet: n8n's logger and the console write into the running test's log,
 * which ./environment.js attaches to the test's failure and drops when it passes.
 *
 * n8n-core and the nodes log through `Container.get(Logger)` (n8n's winston logger, whose
 * console transport would print every line), n8n-core's engine through n8n-workflow's
 * `LoggerProxy`, which that Logger points at itself when it is built. The Logger is built here,
 * once per test file, and its winston logger is swapped for one that records: scoped loggers
 * and the LoggerProxy go through it, and `Logger.prototype.log` stays in the path (the
 * reliability tests scan it for secrets).
 */
interface TestLog {
	current?: string[];
	outside: string[];
	outsideShown: boolean;
	originalConsole: Pick<Console, 'log' | 'error'>;
}

const globals = globalThis as typeof globalThis & { __testLog?: TestLog };
const testLog: TestLog = (globals.__testLog = {
	outside: [],
	outsideShown: false,
	originalConsole: { log: console.log.bind(console), error: console.error.bind(console) },
});

function record(line: string): void {
	(testLog.current ?? testLog.outside).push(line);
}

const asText = (args: unknown[]) => formatWithOptions({ depth: 4, breakLength: Infinity }, ...args);

for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
	console[level] = (...args: unknown[]) => record(`[console.${level}] ${asText(args)}`);
}

type Meta = Record<string, unknown>;

/** The part of a winston logger n8n's Logger uses after it is built: log() and child(). */
function recordingWinston(defaults: Meta = {}) {
	return {
		log(level: string, message: string, metadata: Meta = {}) {
			const { file, function: fn, ...rest } = { ...defaults, ...metadata };
			const where = file ? ` (${String(file)}${fn ? ` ${String(fn)}` : ''})` : '';
			const extra = Object.keys(rest).length > 0 ? ` ${inspect(rest, { depth: 4, breakLength: Infinity })}` : '';
			record(`[n8n ${level}]${where} ${message}${extra}`);
		},
		child(meta: Meta) {
			return recordingWinston({ ...defaults, ...meta });
		},
	};
}

const logger = Container.get(Logger);
(logger as unknown as { setInternalLogger(internal: unknown): void }).setInternalLogger(recordingWinston());
