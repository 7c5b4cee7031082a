import { check } from '../lib/assert';
import type { N8nInstance } from '../lib/n8n';
import { waitFor } from '../lib/wait';
import { type Scenario, textToVideoPoll, textToVideoWebhook } from './generate';

/**
 * Queue mode: the main process only enqueues; `n8n worker` runs the executions. The same
 * scenarios must pass, and the worker's log must show it ran (and, after the callback, finished)
 * each execution.
 */
export function queueScenarios(worker: N8nInstance): Scenario[] {
	const onWorker = (scenario: Scenario, times: number): Scenario => ({
		name: `${scenario.name} — run by the worker`,
		timeoutMs: scenario.timeoutMs + 20_000,
		async run(context) {
			const detail = await scenario.run(context);
			const executionId = /execution (\d+)/.exec(detail)?.[1];
			check(executionId, `no execution id in "${detail}"`);
			const finishedLine = `Worker finished execution ${executionId} `;
			const count = await waitFor(
				`the worker to log "${finishedLine.trim()}" ${times} time(s)`,
				() => {
					const seen = worker.process.log().split(finishedLine).length - 1;
					return seen >= times ? seen : undefined;
				},
				{ timeoutMs: 15_000, intervalMs: 250 },
			);
			const main = context.n8n.process.log();
			check(!main.includes(`Worker started execution ${executionId} `), 'the main process says it ran the execution as a worker');
			return `${detail}; worker finished it ${count} time(s) (${times === 2 ? 'before parking and after the resume' : 'polling inside the worker'})`;
		},
	});
	return [onWorker(textToVideoPoll, 1), onWorker(textToVideoWebhook, 2)];
}
