import type { TrackedTask } from './tracked';

/**
 * How long this provider has recently taken to render a model row's videos, remembered by the
 * process across executions: a nightly pipeline sends the same kind of request every night, and
 * a poller that knows renders take about 25 s need not look at 5, 10 and 15 s. Only the first
 * look of a batch uses it (see poll.ts): no look before the shortest recent render, so a wrong
 * memory costs at most the difference, never a request.
 *
 * The age recorded is submit -> seen finished, a bound on the render from above: kept only when
 * tight (a callback, or a look shortly before found the task unfinished). A read that waited for
 * the key's budget would teach a render of a minute: measured, the next batch's first look then
 * waited a minute too. The shortest of the last few is the expectation, so one slow night does
 * not push the looks later. Kept per provider host and model row; bounded in entries, samples
 * and age.
 */
const SAMPLES_KEPT = 8;
const FORGET_AFTER_MS = 24 * 60 * 60_000;
const ROWS_KEPT = 200;

interface Sample {
	ageMs: number;
	at: number;
}

const RECENT = new Map<string, Sample[]>();

/** How close before the finding the last unfinished look must be for the age to count. */
const TIGHT_GAP = { minMs: 2_000, share: 0.2 };

/**
 * The render time a polled task shows: its age when found succeeded, if a look found it
 * unfinished shortly before (within 2 s or a fifth of the age); otherwise undefined.
 */
export function polledRenderTime(entry: Pick<TrackedTask, 'task' | 'submittedAt' | 'settledAt' | 'checkedAt'>): number | undefined {
	if (entry.task.state !== 'succeeded' || entry.settledAt === undefined || entry.checkedAt === undefined) return undefined;
	const age = entry.settledAt - entry.submittedAt;
	return entry.settledAt - entry.checkedAt <= Math.max(TIGHT_GAP.minMs, age * TIGHT_GAP.share) ? age : undefined;
}

function keyOf(baseUrl: string, rowKey: string): string {
	return `${baseUrl} ${rowKey}`;
}

/** A task of this row was found succeeded `ageMs` after it was submitted. */
export function recordRenderTime(baseUrl: string, rowKey: string, ageMs: number, now = Date.now()): void {
	if (!Number.isFinite(ageMs) || ageMs <= 0) return;
	const key = keyOf(baseUrl, rowKey);
	const samples = RECENT.get(key) ?? [];
	samples.push({ ageMs, at: now });
	if (samples.length > SAMPLES_KEPT) samples.splice(0, samples.length - SAMPLES_KEPT);
	RECENT.delete(key);
	RECENT.set(key, samples);
	// The map keeps insertion order: the least recently recorded rows go first.
	while (RECENT.size > ROWS_KEPT) RECENT.delete(RECENT.keys().next().value as string);
}

/** The shortest recent render of this row, or undefined when none was seen within a day. */
export function shortestRecentRender(baseUrl: string, rowKey: string, now = Date.now()): number | undefined {
	const samples = (RECENT.get(keyOf(baseUrl, rowKey)) ?? []).filter((sample) => now - sample.at < FORGET_AFTER_MS);
	return samples.length > 0 ? Math.min(...samples.map((sample) => sample.ageMs)) : undefined;
}

/** The shortest recent render among several rows (a batch's); none when any row has no memory yet. */
export function shortestRecentRenderOf(baseUrl: string, rowKeys: Iterable<string>, now = Date.now()): number | undefined {
	let shortest: number | undefined;
	for (const rowKey of new Set(rowKeys)) {
		const recent = shortestRecentRender(baseUrl, rowKey, now);
		if (recent === undefined) return undefined;
		shortest = shortest === undefined ? recent : Math.min(shortest, recent);
	}
	return shortest;
}

/** Tests: each case starts without memory, as each case's sandbox starts without tasks. */
export function forgetRenderTimes(): void {
	RECENT.clear();
}
