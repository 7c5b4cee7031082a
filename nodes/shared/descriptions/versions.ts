import type { INodeProperties } from 'n8n-workflow';

import type { DisplayShow, Family } from '../providers/types';

/**
 * Version 1 is the form before the unified labels (Quality saved as `tier` or `mode`, Get Task
 * and List Tasks saved as `getTask` / `listTasks`, APIMart's Image URLs, Images With Roles and
 * Audio). Saved version-1 nodes keep their form and run unchanged; new nodes get version 2.
 */
export const NODE_VERSIONS = [1, 2];
export const DEFAULT_NODE_VERSION = 2;

/** A family added with the version-2 form (Motion Control) has no saved version-1 nodes: its node starts at 2. */
const FIRST_VERSION: Partial<Record<Family, number>> = { motionControl: 2 };

/** The versions a family's node offers. */
export function nodeVersions(family: Family): number[] {
	return NODE_VERSIONS.filter((version) => version >= (FIRST_VERSION[family] ?? 1));
}

/** The form of the versions a node offers: a node without version 1 drops the fields of the version-1 form. */
export function forVersions(versions: number[], properties: INodeProperties[]): INodeProperties[] {
	if (versions.includes(1)) return properties;
	return properties.filter((property) => !isVersionOneOnly(property.displayOptions?.show));
}

function isVersionOneOnly(show: DisplayShow | undefined): boolean {
	const versions = show?.['@version'];
	return Array.isArray(versions) && versions.length === 1 && versions[0] === 1;
}

/** A field of the version-1 form only. */
export function inVersionOne(show: DisplayShow): DisplayShow {
	return { ...show, '@version': [1] };
}

/** A field of the current form (version 2 and later). */
export function fromVersionTwo(show: DisplayShow): DisplayShow {
	return { ...show, '@version': [{ _cnd: { gte: 2 } }] };
}
