// @ts-check
/**
 * Jest's node environment, plus: what a test logged (n8n's logger and console, collected by
 * ./setup.ts) is kept out of the output while the test passes, and attached to its failure when
 * it does not. Logged outside any test (beforeAll, afterAll) is attached to the first failure of
 * the file, or reported with a failing hook.
 */
const { TestEnvironment } = require('jest-environment-node');

const MAX_LINES = 400;

/** @param {string[]} lines @param {string} title */
function logError(lines, title) {
	const shown = lines.length > MAX_LINES ? [`(${lines.length - MAX_LINES} earlier lines left out)`, ...lines.slice(-MAX_LINES)] : lines;
	// Prefixed so jest does not take a logged stack frame ("at ...") for the error's own stack.
	const text = `${title}\n${shown.flatMap((line) => line.split('\n')).map((line) => `  | ${line}`).join('\n')}`;
	const error = new Error(text);
	error.stack = text;
	return error;
}

class QuietEnvironment extends TestEnvironment {
	/** @param {{ name: string; test?: any; hook?: any; error?: unknown }} event */
	async handleTestEvent(event) {
		const log = /** @type {{ current?: string[]; outside: string[]; outsideShown: boolean } | undefined} */ (this.global.__testLog);
		if (!log) return;
		if (event.name === 'test_start') {
			log.current = [];
		} else if (event.name === 'test_done') {
			const lines = log.current ?? [];
			log.current = undefined;
			if (event.test.errors.length === 0) return;
			if (lines.length > 0) event.test.errors.push(logError(lines, 'What this test logged:'));
			if (log.outside.length > 0 && !log.outsideShown) {
				log.outsideShown = true;
				event.test.errors.push(logError(log.outside, 'Logged outside the tests of this file (beforeAll, afterAll), so far:'));
			}
		} else if (event.name === 'hook_failure' && log.outside.length > 0 && !log.outsideShown && event.hook?.type === 'afterAll') {
			log.outsideShown = true;
			const original = this.global.__testLog.originalConsole;
			original?.error(logError(log.outside, 'Logged outside the tests of this file:').stack);
		}
	}
}

module.exports = QuietEnvironment;
