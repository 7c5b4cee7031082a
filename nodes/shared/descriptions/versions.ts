import type { DisplayShow } from '../providers/types';

/**
 * Version 1 is the form before the unified labels (Quality saved as `tier` or `mode`, Get Task
 * and List Tasks saved as `getTask` / `listTasks`, APIMart's Image URLs, Images With Roles and
 * Audio). Saved version-1 nodes keep their form and run unchanged; new nodes get version 2.
 */
export const NODE_VERSIONS = [1, 2];
export const DEFAULT_NODE_VERSION = 2;

/** A field of the version-1 form only. */
export function inVersionOne(show: DisplayShow): DisplayShow {
	return { ...show, '@version': [1] };
}

/** A field of the current form (version 2 and later). */
export function fromVersionTwo(show: DisplayShow): DisplayShow {
	return { ...show, '@version': [{ _cnd: { gte: 2 } }] };
}
