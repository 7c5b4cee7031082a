import { resetSharedBudgets } from '../nodes/shared/transport';

// The sandbox forgets its rate-limit windows between cases; the node's per-key budget must too.
beforeEach(() => resetSharedBudgets());
