import type { IBinaryData, IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ModelRow, PendingUpload } from './providers/types';
import type { TrackedTask } from './wait/tracked';

/** What Generate Video will send for one item: the row that serves it and the exact body. */
export interface GenerationRequest {
	row: ModelRow;
	body: IDataObject;
	/** Body paths whose value is still an n8n binary property to upload (see binary.ts). */
	uploads: PendingUpload[];
}

/** One input item on its way through Generate Video. */
export interface ItemRun {
	itemIndex: number;
	request?: GenerationRequest;
	tracked?: TrackedTask;
	binary?: IBinaryData;
	error?: NodeApiError | NodeOperationError;
	download?: Promise<void>;
}
