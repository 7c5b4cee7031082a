const { src, dest } = require('gulp');

// tsc emits only JavaScript: node/credential icons and codex files (*.node.json) are copied beside it.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

function buildCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = async function buildAssets() {
	await Promise.all([streamDone(buildIcons()), streamDone(buildCodex())]);
};

function streamDone(stream) {
	return new Promise((resolve, reject) => stream.on('end', resolve).on('finish', resolve).on('error', reject));
}
