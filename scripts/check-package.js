// Fails when the published package would hold more than dist/ + package.json, README and LICENSE,
// or declares runtime dependencies (n8n installs community packages without them).
const { execFileSync } = require('node:child_process');
const pkg = require('../package.json');

const problems = [];
if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
	problems.push(`package.json has runtime dependencies: ${Object.keys(pkg.dependencies).join(', ')}`);
}
const peers = Object.keys(pkg.peerDependencies ?? {});
if (peers.join() !== 'n8n-workflow') problems.push(`peerDependencies must be only n8n-workflow, found: ${peers.join(', ')}`);

const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const allowed = /^(dist\/.+|package\.json|README\.md|LICENSE)$/;
for (const { path } of report.files) {
	if (!allowed.test(path)) problems.push(`unexpected file in the package: ${path}`);
}
for (const path of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
	if (!report.files.some((file) => file.path === path)) problems.push(`n8n field lists ${path}, which is not in the package`);
}
if (problems.length > 0) {
	console.error(problems.join('\n'));
	process.exit(1);
}
console.log(`package ok: ${report.files.length} files, ${(report.size / 1024).toFixed(1)} kB packed, no runtime dependencies`);
