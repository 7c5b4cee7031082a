import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { BodyContract, Violation } from '../schemas';

export type ProviderName = 'freepik' | 'apimart';

/** The three Kling 3 modes, one per generation node. */
export type Family = 'omni' | 'omniReference' | 'v3';

export type TaskState = 'pending' | 'running' | 'succeeded' | 'failed';

/** Every provider answer is normalised to this; nothing after the provider modules reads raw bodies. */
export interface Task {
	provider: ProviderName;
	model: string;
	taskId: string;
	state: TaskState;
	/** The provider's own status word (CREATED, IN_PROGRESS, COMPLETED, FAILED, pending, ...). */
	status: string;
	videoUrls: string[];
	error?: string;
	hasNsfw?: boolean;
	progress?: number;
}

export interface ProviderRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject | Buffer;
	qs?: IDataObject;
	headers?: IDataObject;
}

/** What a node hands the shared machinery for one item: the exact body to send, and where. */
export interface GenerationRequest {
	provider: ProviderName;
	family: Family;
	/** Freepik: std | pro; APIMart carries its mode in the body. */
	tier?: string;
	model: string;
	contract: BodyContract;
	body: IDataObject;
	/** Body paths whose value is still an n8n binary property to upload (see binary.ts). */
	uploads: PendingUpload[];
	/** What the mapping itself found wrong with the parameters (beyond the body's contract). */
	problems?: Violation[];
}

export interface PendingUpload {
	/** Dot/bracket path in the body, e.g. `start_image_url` or `image_urls[1]`. */
	path: string;
	binaryProperty: string;
	/** The node parameter it came from, for error messages. */
	field: string;
	/** `frame`: a first or last frame, which Freepik holds to stricter limits than other images. */
	kind: 'image' | 'frame' | 'video';
}

export function isTerminal(state: TaskState): boolean {
	return state === 'succeeded' || state === 'failed';
}
