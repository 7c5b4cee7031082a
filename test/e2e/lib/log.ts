/** Console output of the e2e: every line stamped with the time since start, phases timed. */
const startedAt = Date.now();

export interface PhaseTiming {
	name: string;
	ms: number;
	ok: boolean;
}

export const timings: PhaseTiming[] = [];

export function formatMs(ms: number): string {
	if (ms < 1000) return `${ms} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function say(message: string): void {
	const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
	process.stdout.write(`[e2e ${seconds}s] ${message}\n`);
}

/** Runs `body` as a named phase: announced, timed, recorded for the summary. */
export async function phase<T>(name: string, body: () => Promise<T>): Promise<T> {
	say(`▶ ${name}`);
	const started = Date.now();
	try {
		const result = await body();
		const ms = Date.now() - started;
		timings.push({ name, ms, ok: true });
		say(`✔ ${name} (${formatMs(ms)})`);
		return result;
	} catch (error) {
		const ms = Date.now() - started;
		timings.push({ name, ms, ok: false });
		say(`✘ ${name} failed after ${formatMs(ms)}: ${(error as Error).message}`);
		throw error;
	}
}

export function printTimings(): void {
	const width = Math.max(10, ...timings.map((timing) => timing.name.length));
	process.stdout.write('\nPhase timings\n');
	for (const timing of timings) {
		process.stdout.write(`  ${timing.ok ? '✔' : '✘'} ${timing.name.padEnd(width)}  ${formatMs(timing.ms).padStart(12)}\n`);
	}
	process.stdout.write(`  total ${formatMs(Date.now() - startedAt)}\n`);
}
