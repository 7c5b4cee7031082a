/** Plain-text tables of a bench result (what `npm run bench` prints). */
import type { BatchSummary, Target } from './analysis';
import type { BenchConfig } from './config';
import type { MemoryResult } from './memory';
import { round } from './stats';

export interface ReportInput {
	config: BenchConfig;
	idealFormula: string;
	batches: BatchSummary[];
	memory: MemoryResult;
	targets: Target[];
	durationS: number;
}

const LABEL: Record<BatchSummary['contender'], string> = {
	poll: 'ours: Poll Until Finished',
	webhook: 'ours: Wait for Webhook',
	'baseline-sequential': 'baseline: per item, poll 5 s',
	'baseline-parallel': 'baseline: all items, poll 5 s',
	'poll-list-urls': 'ours: poll, if the list had URLs *',
};

function table(header: string[], rows: string[][]): string {
	const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function ratio(ours: number, theirs: number | undefined): string {
	return theirs === undefined || !Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0 ? '-' : `${round(ours / theirs, 2)}`;
}

function kinds(batch: BatchSummary): string {
	return Object.entries(batch.requestsByKindPerVideo)
		.map(([kind, count]) => `${kind} ${count}`)
		.join(', ');
}

export function formatReport(input: ReportInput): string {
	const { config, batches } = input;
	const out: string[] = [];
	out.push(
		`Kling nodes benchmark${config.smoke ? ' (smoke: short, not judged)' : ''}: time scale 1/${Math.round(1 / config.timeScale)}, times below in production seconds (measured / scale), ${input.durationS} s in all`,
		`Ideal: ${input.idealFormula}`,
		'',
	);

	const rows: string[][] = [];
	const sizes = [...new Set(batches.map((batch) => batch.items))].sort((a, b) => a - b);
	const order: BatchSummary['contender'][] = ['poll', 'webhook', 'poll-list-urls', 'baseline-sequential', 'baseline-parallel'];
	for (const items of sizes) {
		const of = (contender: BatchSummary['contender']) => batches.find((batch) => batch.items === items && batch.contender === contender);
		const sequential = of('baseline-sequential');
		for (const contender of order) {
			const batch = of(contender);
			if (!batch) continue;
			const ours = contender === 'poll' || contender === 'webhook' || contender === 'poll-list-urls';
			rows.push([
				String(items),
				LABEL[contender],
				`${batch.okRuns}/${batch.runs}`,
				`${batch.wallS}`,
				`${batch.firstCreateToOutputS}`,
				`${batch.idealS}`,
				`${batch.wallOverIdeal}`,
				`${batch.requestsPerVideo}`,
				kinds(batch),
				`${batch.throttled}`,
				ours ? ratio(batch.wallS, sequential?.wallS) : '',
				ours ? ratio(batch.requestsPerVideo, sequential?.requestsPerVideo) : '',
			]);
		}
	}
	out.push(
		'Batch (median of runs; 429s summed over runs; ours / baseline against "per item, poll 5 s")',
		table(
			['N', 'contender', 'ok runs', 'wall s', 'first create -> output s', 'ideal s', 'wall/ideal', 'req/video', 'requests by kind, per video', '429s', 'wall vs base', 'req vs base'],
			rows,
		),
		'  * sandbox option listIncludesGenerated: Freepik documents list items as {task_id, status} only; shows what the node would do if they carried the URLs',
		'',
	);
	const failures = batches.filter((batch) => batch.errors.length > 0);
	for (const batch of failures) out.push(`  not ok: ${LABEL[batch.contender]} x${batch.items}: ${batch.errors[0].slice(0, 200)}`);
	if (failures.length) out.push('');

	const memory = input.memory;
	const mb = (bytes: number | undefined) => (bytes === undefined ? '-' : `${round(bytes / 1024 / 1024, 1)}`);
	out.push(
		'Memory: one video streamed into binary data (filesystem mode), separate process',
		table(
			['video MB', 'ok', 'baseline RSS MB', 'peak RSS MB', 'above baseline MB', 'stored MB', 'binary mode', 'peak from', 'download s'],
			[
				[
					mb(memory.videoBytes),
					memory.ok ? 'yes' : `NO: ${memory.error ?? ''}`,
					mb(memory.baselineRssBytes),
					mb(memory.peakRssBytes),
					mb(memory.aboveBaselineBytes),
					mb(memory.storedBytes),
					memory.binaryMode ?? '-',
					memory.peakSource ?? '-',
					memory.downloadMs === undefined ? '-' : `${round(memory.downloadMs / 1000, 1)} (real)`,
				],
			],
		),
		'',
	);

	if (input.targets.length) {
		out.push(
			'Targets',
			table(
				['target', 'limit', 'measured', 'met'],
				input.targets.map((target) => [target.name, target.limit, target.measured, target.met ? 'yes' : 'NO']),
			),
			'',
		);
	}
	return out.join('\n');
}
