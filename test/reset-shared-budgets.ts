import { resetSharedBudgets } from '../nodes/shared/transport';
import { forgetRenderTimes } from '../nodes/shared/wait/renderTimes';

// The sandbox forgets its rate-limit windows and tasks between cases; the node's per-key budget
// and its memory of render times must too.
beforeEach(() => {
	resetSharedBudgets();
	forgetRenderTimes();
});
