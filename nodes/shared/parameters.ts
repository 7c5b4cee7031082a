import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isHttpUrl, uploadPlaceholder } from './binary';
import type { PendingUpload } from './providers/types';
import type { Violation } from './schemas';

/**
 * Reads one item's node parameters for a body builder and records the inputs that name a
 * binary property instead of a URL (uploaded later, validated now through a placeholder).
 */
export class ItemParameters {
	readonly uploads: PendingUpload[] = [];

	readonly problems: Violation[] = [];

	constructor(
		private readonly context: IExecuteFunctions,
		readonly itemIndex: number,
	) {}

	/** The parameter's value; `fallback` when this node has no such parameter or it is hidden. */
	raw(name: string, fallback: unknown = null): unknown {
		const value = this.context.getNodeParameter(name, this.itemIndex, fallback);
		return value === null ? undefined : value;
	}

	/** Trimmed text, or undefined when empty (an empty optional field is not sent). */
	text(name: string): string | undefined {
		const value = this.raw(name, '');
		if (value === undefined || value === null) return undefined;
		const text = String(value);
		return text.trim() === '' ? undefined : text;
	}

	/**
	 * Numbers are passed on as given (an expression may yield "5"): the contract check refuses
	 * a wrong type with a message instead of this silently converting it.
	 */
	value(name: string): IDataObject[string] {
		const value = this.raw(name) as IDataObject[string];
		return value === '' ? undefined : value;
	}

	boolean(name: string): boolean | undefined {
		return this.raw(name) as boolean | undefined;
	}

	/** Entries of a fixedCollection with `multipleValues`, e.g. `shots.shot`. */
	entries(name: string): IDataObject[] {
		const [collection, key] = name.split('.');
		const value = this.raw(collection, {}) as IDataObject;
		const list = value?.[key];
		return Array.isArray(list) ? (list as IDataObject[]) : [];
	}

	/** Comma- or newline-separated list, e.g. voice ids. */
	list(name: string): string[] | undefined {
		const text = this.text(name);
		if (text === undefined) return undefined;
		return splitList(text);
	}

	/**
	 * A media input given as an http(s) URL or as the name of a binary property of the item.
	 * `field` names the parameter in errors; `path` is where the URL goes in the body.
	 */
	media(value: unknown, field: string, path: string, kind: PendingUpload['kind']): string | undefined {
		if (value === undefined || value === null) return undefined;
		const text = String(value).trim();
		if (text === '') return undefined;
		if (isHttpUrl(text) || /^[a-z][a-z0-9+.-]*:/i.test(text)) return text;
		this.uploads.push({ path, binaryProperty: text, field, kind });
		return uploadPlaceholder(text);
	}
}

export function splitList(text: string): string[] {
	return text
		.split(/[,\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Drops keys whose value is undefined so the body holds exactly what the user set. */
export function compact(body: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as IDataObject;
}
