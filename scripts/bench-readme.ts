/**
 * Writes the README's Benchmarks section from the last real-n8n benchmark run
 * (bench/results/n8n-latest.json, written by `npm run bench:n8n`): nothing in it is typed by
 * hand. `--check` fails (exit 1) when the README differs from what this script would write, so
 * stale figures cannot land (.ci/run runs it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { formatN8nReport, type N8nBenchResult } from '../bench/n8n';

const ROOT = join(__dirname, '..');
const README = join(ROOT, 'README.md');
const RESULT = join(ROOT, 'bench', 'results', 'n8n-latest.json');
const START = '<!-- bench:start (written by `npm run bench:readme` from bench/results/n8n-latest.json; do not edit) -->';
const END = '<!-- bench:end -->';

export function section(result: N8nBenchResult): string {
	const cpu = result.machine.cpuModel ? `, ${result.machine.cpuModel}` : '';
	return [
		START,
		'',
		'```bash',
		'npm run bench:n8n             # the packed package in a real n8n, side by side with what users build; JSON in bench/results/',
		'npm run bench:n8n -- --smoke  # what CI runs: one batch of 10 per contender, a few minutes',
		'npm run bench:readme          # rewrites this section from bench/results/n8n-latest.json',
		'npm run bench                 # the fast engine bench for development (scaled clock, not the figures below)',
		'```',
		'',
		`Last run: ${result.generatedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${result.commit}, n8n ${result.n8n}, ` +
			`${result.machine.cpus} cores${cpu}, Node ${result.machine.node}, ${Math.round(result.durationS / 60)} min. ` +
			`Every contender runs as a workflow in the same n8n, those of one batch size at the same time, each on its own key of the sandbox, which enforces ` +
			`${result.limit} (every /v1 request counts, downloads do not). Floors: poll ${result.floors.poll}; webhook ${result.floors.webhook}. ` +
			'How it is measured: [docs/benchmarks.md](docs/benchmarks.md).',
		'',
		formatN8nReport(result)
			.split('\n')
			.slice(2)
			.join('\n'),
		'',
		END,
	].join('\n');
}

function main(): void {
	const check = process.argv.includes('--check');
	if (!existsSync(RESULT)) throw new Error(`${RESULT} is missing: run npm run bench:n8n first`);
	const result = JSON.parse(readFileSync(RESULT, 'utf8')) as N8nBenchResult;
	const readme = readFileSync(README, 'utf8');
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md has no generated Benchmarks section (${START} ... ${END})`);
	const written = readme.slice(0, start) + section(result) + readme.slice(end + END.length);
	if (check) {
		if (written !== readme) {
			process.stderr.write('README.md: the Benchmarks section is not what bench/results/n8n-latest.json gives: run npm run bench:readme\n');
			process.exitCode = 1;
		} else process.stdout.write('README.md Benchmarks section matches bench/results/n8n-latest.json\n');
		return;
	}
	writeFileSync(README, written);
	process.stdout.write(`README.md Benchmarks section written from ${RESULT}\n`);
}

if (require.main === module) main();
