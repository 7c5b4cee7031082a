import { runInThisContext } from 'node:vm';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

/**
 * Serialises anything an execution leaves behind, errors included: JSON.stringify drops an
 * Error's message, stack and cause (they are not enumerable), so every own property is walked,
 * enumerable or not, through `cause`, `context`, `errorResponse`, nested objects, Maps, Sets
 * and Buffers (as text, so a key inside a body would show).
 */
export function serializeEverything(value: unknown): string {
	const seen = new WeakSet<object>();
	const parts: string[] = [];
	const walk = (current: unknown, depth: number): void => {
		if (depth > 40) return;
		if (current === null || current === undefined) return;
		if (typeof current === 'string') {
			parts.push(current);
			return;
		}
		if (typeof current === 'number' || typeof current === 'boolean' || typeof current === 'bigint') {
			parts.push(String(current));
			return;
		}
		if (typeof current === 'function' || typeof current === 'symbol') return;
		const object = current as object;
		if (seen.has(object)) return;
		seen.add(object);
		if (Buffer.isBuffer(object) || object instanceof Uint8Array) {
			const buffer = Buffer.from(object as Uint8Array);
			parts.push(buffer.toString('latin1'));
			return;
		}
		if (object instanceof Map) {
			for (const [key, entry] of object) {
				walk(key, depth + 1);
				walk(entry, depth + 1);
			}
			return;
		}
		if (object instanceof Set) {
			for (const entry of object) walk(entry, depth + 1);
			return;
		}
		const keys = new Set<string>(Object.getOwnPropertyNames(object));
		if (object instanceof Error) for (const key of ['name', 'message', 'stack', 'cause', 'description', 'context']) keys.add(key);
		for (const key of keys) {
			parts.push(key);
			let entry: unknown;
			try {
				entry = (object as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			walk(entry, depth + 1);
		}
		// What n8n would store: JSON with toJSON honoured (NodeError has none, but a cause may).
		try {
			const json = JSON.stringify(object);
			if (json) parts.push(json);
		} catch {
			// Circular: the walk above covered it.
		}
	};
	walk(value, 0);
	return parts.join('\n');
}

export interface LogRecord {
	source: 'console' | 'LoggerProxy' | 'Logger' | 'stdout' | 'stderr';
	level: string;
	text: string;
}

/**
 * Records everything logged while installed: console (n8n's winston transport writes there),
 * LoggerProxy (the engine's debug lines with their metadata, which the configured level would
 * drop before any transport) and n8n's Logger itself (the ErrorReporter logs failed nodes with
 * their stack and cause chain). Nothing is printed: the test output stays readable.
 */
export class LogCapture {
	readonly records: LogRecord[] = [];

	private readonly restorers: Array<() => void> = [];

	install(): this {
		const record = (source: LogRecord['source'], level: string, args: unknown[]) => {
			this.records.push({ source, level, text: args.map((arg) => serializeEverything(arg)).join(' ') });
		};
		for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
			const original = console[level];
			console[level] = (...args: unknown[]) => record('console', level, args);
			this.restorers.push(() => {
				console[level] = original;
			});
		}
		// The root Logger re-initialises LoggerProxy when it is built: build it first, then wrap.
		const logger = Container.get(Logger);
		const prototype = Logger.prototype as unknown as { log: (level: string, message: string, metadata: unknown) => void };
		const originalLog = prototype.log;
		prototype.log = function (level: string, message: string, metadata: unknown) {
			capture.records.push({ source: 'Logger', level, text: `${message} ${serializeEverything(metadata)}` });
			return originalLog.call(this, level, message, metadata);
		};
		const capture = this;
		this.restorers.push(() => {
			prototype.log = originalLog;
		});
		const proxy = (level: string) => (message: string, metadata?: unknown) => record('LoggerProxy', level, [message, metadata]);
		LoggerProxy.init({
			error: proxy('error'),
			warn: proxy('warn'),
			info: proxy('info'),
			debug: proxy('debug'),
			scoped: () => LoggerProxy,
		} as unknown as Parameters<typeof LoggerProxy.init>[0]);
		this.restorers.push(() => LoggerProxy.init(logger));
		for (const stream of ['stdout', 'stderr'] as const) {
			const target = process[stream];
			const originalWrite = target.write.bind(target);
			target.write = ((chunk: unknown, ...rest: unknown[]) => {
				record(stream, 'write', [typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array)]);
				return (originalWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
			}) as typeof target.write;
			this.restorers.push(() => {
				target.write = originalWrite as typeof target.write;
			});
		}
		return this;
	}

	text(): string {
		return this.records.map((entry) => `[${entry.source}:${entry.level}] ${entry.text}`).join('\n');
	}

	clear(): void {
		this.records.length = 0;
	}

	restore(): void {
		while (this.restorers.length) this.restorers.pop()!();
	}
}

/**
 * Jest gives each test file its own `process` object whose events are not the real process's:
 * the real one is the global of Node's main context, where `runInThisContext` evaluates.
 */
const realProcess = runInThisContext('process') as NodeJS.Process;

/** Unhandled promise rejections and uncaught exceptions seen while installed. */
export class CrashWatch {
	readonly rejections: unknown[] = [];

	readonly exceptions: unknown[] = [];

	private readonly onRejection = (reason: unknown) => {
		this.rejections.push(reason);
	};

	private readonly onException = (error: unknown) => {
		this.exceptions.push(error);
	};

	install(): this {
		realProcess.on('unhandledRejection', this.onRejection);
		realProcess.on('uncaughtException', this.onException);
		return this;
	}

	describe(): string {
		return [...this.rejections, ...this.exceptions].map((error) => (error instanceof Error ? error.stack ?? error.message : String(error))).join('\n');
	}

	restore(): void {
		realProcess.off('unhandledRejection', this.onRejection);
		realProcess.off('uncaughtException', this.onException);
	}
}
