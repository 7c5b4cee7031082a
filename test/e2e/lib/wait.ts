/** Thrown by a probe to stop waiting at once (the awaited state can no longer come). */
export class GiveUp extends Error {}

/**
 * Polls `probe` until it returns a value (not undefined): bounded in time and in attempts.
 * Errors thrown by the probe are retried (and reported on timeout), except GiveUp.
 */
export async function waitFor<T>(
	what: string | (() => string),
	probe: () => Promise<T | undefined> | T | undefined,
	{ timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	const maxAttempts = Math.ceil(timeoutMs / intervalMs) + 1;
	let lastError: Error | undefined;
	for (let attempt = 0; attempt < maxAttempts && Date.now() <= deadline; attempt++) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			if (error instanceof GiveUp) throw error;
			lastError = error as Error;
		}
		await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
	}
	const described = typeof what === 'function' ? what() : what;
	throw new Error(`Timed out after ${timeoutMs} ms waiting for ${described}${lastError ? ` (last error: ${lastError.message})` : ''}`);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A sleep that does not keep the process alive: for the losing side of a race against a deadline. */
export function deadline(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Runs `work` and fails if it takes longer than `ms`. */
export async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
		timer.unref();
	});
	try {
		return await Promise.race([work, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
