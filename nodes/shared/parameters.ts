import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isHttpUrl, uploadPlaceholder } from './binary';
import type { PendingUpload } from './providers/types';
import type { Violation } from './schemas';
import { describeValue } from './schemas/common';

/** The form's labels of the parameters a mapper reads, for errors about what the user set. */
const FIELD_LABELS: Record<string, string> = {
	prompt: 'Prompt',
	negativePrompt: 'Negative Prompt',
	duration: 'Duration (Seconds)',
	aspectRatio: 'Aspect Ratio',
	cfgScale: 'CFG Scale',
	shotType: 'Shot Type',
	multiShot: 'Multi-Shot',
	generateAudio: 'Generate Audio',
	audio: 'Audio',
	watermark: 'Watermark',
	videoReferType: 'Use the Video To',
	keepOriginalSound: 'Keep Original Sound',
	voiceIds: 'Voice IDs',
	model: 'Model',
	characterOrientation: 'Character Orientation',
};

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

	/** The node's version: version-1 nodes keep the parameter names of the first form. */
	get nodeVersion(): number {
		return this.context.getNode().typeVersion;
	}

	/** The parameter's value; `fallback` when this node has no such parameter or it is hidden. */
	raw(name: string, fallback: unknown = null): unknown {
		const value = this.context.getNodeParameter(name, this.itemIndex, fallback);
		return value === null ? undefined : value;
	}

	/**
	 * Text, or undefined when empty: an empty optional text field is not sent. Anything that is
	 * not a string (an expression that gave an object, a number) is refused, never stringified.
	 */
	text(name: string): string | undefined {
		const value = this.raw(name, '');
		if (value === undefined || value === '') return undefined;
		if (typeof value !== 'string') {
			this.refuse(name, `${describeValue(value)} given, expected text`);
			return undefined;
		}
		return value.trim() === '' ? undefined : value;
	}

	/**
	 * A number or choice, passed on as given (an expression may yield "5": the contract refuses a
	 * wrong type with a message instead of this silently converting it). These fields always have
	 * a value in the form, so an empty one came from an expression: refused, never replaced by the
	 * provider's default.
	 */
	value(name: string): IDataObject[string] {
		const value = this.raw(name) as IDataObject[string];
		if (value === '' || (typeof value === 'string' && value.trim() === '')) {
			this.refuse(name, `${describeValue(value)} given: the field is empty (an expression that produced nothing?)`);
			return undefined;
		}
		return value;
	}

	/** true/false, or the strings "true"/"false" an expression may give; anything else is refused. */
	boolean(name: string): boolean | undefined {
		const value = this.raw(name);
		if (value === undefined || typeof value === 'boolean') return value;
		if (value === 'true' || value === 'false') return value === 'true';
		this.refuse(name, `${describeValue(value)} given, expected true or false`);
		return undefined;
	}

	private refuse(name: string, message: string): void {
		this.problems.push({ field: FIELD_LABELS[name] ?? name, message });
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
	media(
		value: unknown,
		field: string,
		path: string,
		kind: PendingUpload['kind'],
		limits?: PendingUpload['limits'],
	): string | undefined {
		if (value === undefined || value === null) return undefined;
		if (typeof value !== 'string') {
			this.problems.push({ field, message: `${describeValue(value)} given, expected an http(s) URL or the name of a binary property` });
			return undefined;
		}
		const text = value.trim();
		if (text === '') return undefined;
		if (isHttpUrl(text) || /^[a-z][a-z0-9+.-]*:/i.test(text)) return text;
		this.uploads.push({ path, binaryProperty: text, field, kind, ...(limits ? { limits } : {}) });
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
