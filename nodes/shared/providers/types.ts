import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';
import type { ZodTypeAny } from 'zod/v3';

import type { ItemParameters } from '../parameters';
import type { CallOptions, Connection } from '../transport';

/** Every provider the package speaks to; each has a folder beside this file and a registry entry. */
export type ProviderName = 'freepik' | 'apimart';

/** The Kling 3 modes, one per generation node. */
export type Family = 'omni' | 'omniReference' | 'kling3' | 'motionControl';

export type TaskState = 'pending' | 'running' | 'succeeded' | 'failed';

/** Every provider answer is normalised to this; nothing outside a provider's folder reads raw bodies. */
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

/** Where a model's tasks are created, read and listed. `{taskId}` in `status` is replaced. */
export interface Endpoints {
	create: string;
	status: string;
	/** Only where the provider lists tasks; waiting then reads many tasks with one request. */
	list?: string;
}

/** The form field where the user picks a row's tier, and how the option reads. */
export interface QualityOption {
	name: string;
	description?: string;
	/** The word the node's subtitle uses ("Pro"). */
	shortName: string;
}

/**
 * One row of the model table (models.ts): one family on one provider at one tier. Everything a
 * task of this model needs travels with it: where to send it, what body is valid, how to build it.
 */
export interface ModelRow {
	/** Stable id, kept in parked executions: `<provider>/<family>/<tier>`. */
	key: string;
	family: Family;
	provider: ProviderName;
	/** Freepik puts it in the path, APIMart in the body (`mode`). */
	tier: string;
	/** The model name the output reports for a task created with this row. */
	model: string;
	/** The name Get Task reports when the provider's answer does not say which tier ran. */
	familyModel: string;
	endpoints: Endpoints;
	/** Id of the body contract (tests and errors name it) and its schema. */
	contract: string;
	schema: ZodTypeAny;
	/** Maps one item's parameters to the documented body; uploads and problems land on `params`. */
	map: (params: ItemParameters, row: ModelRow) => IDataObject;
	/** What the Quality option of this row says in the form. */
	quality: QualityOption;
	/**
	 * Where a family offers more than one Kling model (Kling V3: Kling 3 and Kling 3 Turbo), the
	 * option of the node's Model field this row belongs to. The form then shows a Model field and
	 * one Quality field per model; fields a model does not take are hidden when it is chosen.
	 */
	modelOption?: ModelOption;
	/**
	 * Where one model has a create path (and a task namespace) per input mode, as Freepik's Kling 3
	 * Turbo has for text to video and image to video: the row serves only items without (`text`) or
	 * with (`image`) a Start Frame. Rows of the same tier differing only in this are picked per item.
	 */
	inputMode?: 'text' | 'image';
}

/** One option of a family's Model field (see ModelRow.modelOption). */
export interface ModelOption {
	/** The value of the `model` parameter. */
	value: string;
	name: string;
	description?: string;
}

/** The documented limits of a video input, checked from the file's own header before anything is sent. */
export interface VideoLimits {
	maxBytes: number;
	minSeconds: number;
	maxSeconds: number;
	/** The shorter side in pixels, where documented. */
	minSide?: number;
	maxSide?: number;
	minFps?: number;
	maxFps?: number;
	/** Why the duration range is what it is, for the message ("with Character Orientation Image"). */
	durationNote?: string;
}

/** The documented limits of an image input, where they differ from a frame's (JPG/PNG, 300 px, 10 MB, 1:2.5-2.5:1). */
export interface ImageLimits {
	formats: Array<'png' | 'jpeg' | 'webp' | 'gif'>;
	maxBytes: number;
	minSide: number;
	/** Longer side over shorter side; Infinity when the provider states no ratio. */
	maxAspect: number;
}

export interface PendingUpload {
	/** Dot/bracket path in the body, e.g. `start_image_url` or `image_urls[1]`. */
	path: string;
	binaryProperty: string;
	/** The node parameter it came from, for error messages. */
	field: string;
	/** `frame`: a first or last frame, which Freepik holds to stricter limits than other images. */
	kind: 'image' | 'frame' | 'video';
	/** The model's own limits for this input, where they differ from the defaults of its kind. */
	limits?: { video?: VideoLimits; image?: ImageLimits };
}

/** What a provider accepts as binary input, checked before anything is sent. */
export interface UploadRules {
	image: string[];
	/** Empty: the provider has no video upload (a URL is needed). */
	video: string[];
	/** Cap on an uploaded image, where the provider has one below its general limits. */
	maxImageBytes?: number;
}

/** A status word that a 2xx body carries when it is really an error (APIMart's `code`). */
export interface BodyError {
	message: string;
	code?: number;
}

/** Takes webhook callbacks: the create body carries a URL the provider calls on status changes. */
export interface CallbackSupport {
	/** The body field that carries the URL. */
	urlField: string;
	/** The task a callback describes, or undefined when the payload is not one. */
	parse(payload: unknown, model: string): Task | undefined;
}

/** The task list endpoint's paging, where a provider has one. */
export interface TaskListing {
	pageSizeMax: number;
	request(path: string, page: number, pageSize: number): ProviderRequest;
	/** The tasks of one page, or undefined when the answer is not a task list. */
	parse(body: unknown, model: string): Task[] | undefined;
}

/**
 * A provider adapter: everything the shared machinery needs to know about one API. Code outside
 * `providers/<name>/` reaches a provider only through this interface.
 */
export interface Provider {
	name: ProviderName;
	/** Short name in messages ("Freepik"). */
	label: string;
	/** Name in the Provider field ("Freepik (Magnific)"). */
	displayName: string;
	credentialType: string;
	/** Requests per minute per key the provider allows (or that pace it gently). */
	defaultRequestsPerMinute: number;
	/** What the form says about the provider's limit, under Requests per Minute. */
	rateLimitNote: string;
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/** The secret callbacks are signed with, when the provider signs and the user set one. */
	webhookSecret(credentials: ICredentialDataDecryptedObject): string | undefined;
	/** Where version-1 nodes saved the tier of a row (version 2 has one Quality field for every provider). */
	versionOneQualityParameter: { name: string; displayName: string };
	parseCreated(body: unknown, model: string): Task | undefined;
	parseStatus(body: unknown, model: string, taskId: string): Task | undefined;
	/** The task id in a damaged create answer (cut-off JSON), when it is there. */
	salvageTaskId(answerText: string): string | undefined;
	state(status: unknown): TaskState;
	/** The message of an error answer (4xx/5xx body). */
	errorMessage(body: unknown): string | undefined;
	/** An error carried by a 2xx answer. */
	bodyError(body: unknown): BodyError | undefined;
	listing?: TaskListing;
	callbacks?: CallbackSupport;
	uploadRules: UploadRules;
	upload(
		context: IExecuteFunctions,
		connection: Connection,
		upload: PendingUpload,
		itemIndex: number,
		callOptions: Omit<CallOptions, 'policy'>,
	): Promise<string>;
	/** The provider's Generate Video fields for one family; `show` places them in the form. */
	generateFields(family: Family, show: DisplayShow): INodeProperties[];
}

export type DisplayShow = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

export function isTerminal(state: TaskState): boolean {
	return state === 'succeeded' || state === 'failed';
}
