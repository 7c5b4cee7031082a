import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { BodyContract } from '../../../nodes/shared/schemas';
import { contractFacts, type Fact, firstEntryPath } from './schemaFacts';
import type { NodeType, Provider } from './fixture';

/**
 * The bad-input corpus, generated from the validation schemas: for every body field the schema
 * describes, values just past its limits (lengths, ranges, counts, enum members, URL schemes,
 * types), set through the node's own parameters the way a user or an expression would. Each case
 * must be refused before any request, by an error that names the field. Values just inside the
 * limits form a second list that must be sent.
 */

export interface Combo {
	type: NodeType;
	provider: Provider;
	contract: BodyContract;
	label: string;
	/** Valid parameters: the base every case changes one thing in. */
	base: IDataObject;
	bindings: Record<string, Binding | Unreachable>;
}

/** How a body field is reached from the node's parameters. */
export interface Binding {
	/** The node field, as the UI names it (errors about a binary property name it). */
	label: string;
	/** Parameters with `value` where the field's first entry comes from. */
	set: (base: IDataObject, value: unknown) => IDataObject;
	/** For list facts: parameters giving `count` entries. */
	count?: (base: IDataObject, count: number) => IDataObject;
	/** Text whose blank value the body cannot leave out (a prompt without shots, a shot's prompt). */
	blankRefused?: boolean;
	/** The node sends numbers for this enum of numeric strings (Freepik durations). */
	numericEnum?: boolean;
	/** The node can send this list with fewer entries than its minimum (otherwise it leaves it out). */
	belowMin?: boolean;
	/** Other rules make a list of its maximum length invalid anyway (no accepted case). */
	maxNeverValid?: boolean;
	/** Enum members valid only with other fields (checked by the rule cases instead). */
	notAloneValid?: unknown[];
}

export interface Unreachable {
	unreachable: string;
}

export interface Case {
	combo: Combo;
	name: string;
	parameters: IDataObject;
	items?: INodeExecutionData[];
	/** What the error must name: a body path or the node field (any of them, when several). */
	field: string | string[];
}

// ---- values

const URL = (name: string) => `https://example.com/${name}.png`;
const VIDEO_URL = 'https://example.com/clip.mp4';
const expression = (source: string) => `={{ ${source} }}`;

/** Non-http(s) URLs and broken ones: each has a scheme, so it reaches the body and its check. */
export const BAD_URLS: Array<[string, string]> = [
	['ftp: URL', 'ftp://example.com/a.png'],
	['file: URL', 'file:///etc/passwd'],
	['javascript: URL', 'javascript:alert(1)'],
	['data: URI', 'data:image/png;base64,iVBORw0KGgo='],
	['mailto: URL', 'mailto:fox@example.com'],
	['http:// without host', 'http://'],
	['URL with a space in the host', 'https://exa mple.com/a.png'],
];

const ASCII = 'a';
const CJK = '雪';
const EMOJI = '🦊'; // two UTF-16 units: the schema counts JavaScript string length

function emojiText(units: number): string {
	return EMOJI.repeat(Math.floor(units / 2)) + (units % 2 ? ASCII : '');
}

const FLAG_LABELS: Record<string, string> = {
	generate_audio: 'Generate Audio',
	audio: 'Audio',
	watermark: 'Watermark',
	multi_shot: 'Multi-Shot',
};

const ENUM_TYPOS: Record<string, unknown[]> = {
	aspect_ratio: ['16:10', '4:3', '16/9', '16:9 ', 'auto'],
	mode: ['STD', 'ultra', '8k', ' pro'],
	shot_type: ['custom', 'Customize', 'intelligent', 'intelligence'],
	role: ['first-frame', 'start_frame', 'FIRST_FRAME'],
	refer_type: ['edit', 'Base'],
	keep_original_sound: ['true', 'YES'],
};

function lastSegment(path: string): string {
	return path.split('.').pop()!.replace(/\[\]$/, '');
}

// ---- generation

function rejectedFor(combo: Combo, fact: Fact, binding: Binding): Case[] {
	const field = firstEntryPath(fact.path);
	const make = (name: string, parameters: IDataObject, caseField: string | string[] = field): Case => ({
		combo,
		name: `${fact.path}: ${name}`,
		parameters,
		field: caseField,
	});
	const set = (value: unknown) => binding.set(combo.base, value);
	switch (fact.kind) {
		case 'text': {
			const cases = [
				make(`${fact.max + 1} characters`, set(ASCII.repeat(fact.max + 1))),
				make(`${fact.max + 1} CJK characters`, set(CJK.repeat(fact.max + 1))),
				make(`emoji making ${fact.max + 1} UTF-16 units`, set(emojiText(fact.max + 1))),
			];
			if (binding.blankRefused) {
				cases.push(
					make('whitespace only', set(' \t\n ')),
					make('no-break and ideographic spaces only', set('\u00a0\u3000\u2003')),
					make('empty string from an expression', set(expression('""'))),
				);
			}
			return cases;
		}
		case 'enum': {
			if (binding.numericEnum) {
				return [
					...[2, 16, 0, -5, 5.5].map((value) => make(`${value}`, set(value))),
					...['16', '05', ' 5', '5s'].map((value) => make(`"${value}" from an expression`, set(expression(JSON.stringify(value))))),
				];
			}
			const typos = ENUM_TYPOS[lastSegment(fact.path)] ?? [`${fact.options[0]} `, fact.options[0].toUpperCase()];
			return typos
				.filter((value) => !fact.options.includes(value as string))
				// The tier picks the model row before any body exists: its error names the form field (Mode, or version 2's Quality).
				.map((value) => make(`${JSON.stringify(value)} (not one of ${fact.options.join(', ')})`, set(value), fact.path === 'mode' ? binding.label : field));
		}
		case 'int': {
			const cases = [make(`${fact.min - 1}`, set(fact.min - 1)), make('a fraction', set(fact.min + 0.5))];
			if (fact.max !== undefined) cases.push(make(`${fact.max + 1}`, set(fact.max + 1)));
			cases.push(make('a number as a string from an expression', set(expression(`"${fact.min + 1}"`))));
			cases.push(make('NaN from an expression', set(expression('Number("five")'))));
			return cases;
		}
		case 'decimal':
			return [
				make(`${fact.min - 0.01}`, set(Math.round((fact.min - 0.01) * 100) / 100)),
				make(`${fact.max + 0.01}`, set(Math.round((fact.max + 0.01) * 100) / 100)),
				make('a number as a string from an expression', set(expression('"0.5"'))),
			];
		case 'list': {
			const cases: Case[] = [];
			if (binding.count && fact.max !== undefined) cases.push(make(`${fact.max + 1} entries`, binding.count(combo.base, fact.max + 1)));
			if (binding.count && binding.belowMin && fact.min > 0) {
				cases.push(make(`${fact.min - 1} entries`, binding.count(combo.base, fact.min - 1)));
			}
			return cases;
		}
		case 'url':
			return BAD_URLS.map(([name, value]) => make(name, set(value)));
		case 'name':
			return [make('two words', set('my dog')), make('empty', set('')), make('whitespace only', set('   '))];
		case 'nonBlank':
			return [make('empty', set('')), make('whitespace only', set(' \t '))];
		case 'flag': {
			// The node reads flags before the body exists: its error names the form field.
			const label = [field, FLAG_LABELS[lastSegment(fact.path)] ?? binding.label];
			return [
				make('1 from an expression', set(expression('1')), label),
				make('"yes" from an expression', set(expression('"yes"')), label),
				make('"TRUE" from an expression', set(expression('"TRUE"')), label),
			];
		}
		case 'literal':
			return [];
	}
}

function acceptedFor(combo: Combo, fact: Fact, binding: Binding): Case[] {
	const make = (name: string, parameters: IDataObject): Case => ({
		combo,
		name: `${fact.path}: ${name}`,
		parameters,
		field: firstEntryPath(fact.path),
	});
	const set = (value: unknown) => binding.set(combo.base, value);
	switch (fact.kind) {
		case 'text':
			return [
				make(`${fact.max} characters`, set(ASCII.repeat(fact.max))),
				make(`${fact.max} CJK characters`, set(CJK.repeat(fact.max))),
				make(`emoji making ${fact.max} UTF-16 units`, set(emojiText(fact.max))),
			];
		case 'enum':
			if (binding.numericEnum) {
				return [make('3', set(3)), make('15', set(15)), make('"5" from an expression', set(expression('"5"')))];
			}
			return fact.options
				.filter((value) => !binding.notAloneValid?.includes(value))
				.map((value) => make(JSON.stringify(value), set(value)));
		case 'int':
			return fact.max === undefined ? [] : [make(`${fact.min}`, set(fact.min)), make(`${fact.max}`, set(fact.max))];
		case 'decimal':
			return [make(`${fact.min}`, set(fact.min)), make(`${fact.max}`, set(fact.max))];
		case 'list':
			return binding.count && fact.max !== undefined && !binding.maxNeverValid
				? [make(`${fact.max} entries`, binding.count(combo.base, fact.max))]
				: [];
		case 'flag':
			// "true"/"false" as text (what a sheet or a Set node hands on) mean what they say.
			return [make('"true" as a string from an expression', set(expression('"true"'))), make('false', set(false))];
		default:
			return [];
	}
}

export interface Corpus {
	rejected: Case[];
	accepted: Case[];
	/** Schema fields no node parameter can set to a bad value, with the reason. */
	unreachable: Array<{ combo: string; path: string; reason: string }>;
	/** Schema fields the combos neither bind nor explain (must stay empty). */
	unbound: Array<{ combo: string; path: string }>;
}

export function buildCorpus(combos: Combo[], extraRejected: (combo: Combo) => Case[]): Corpus {
	const corpus: Corpus = { rejected: [], accepted: [], unreachable: [], unbound: [] };
	const schemeless = new Set<Combo>();
	for (const combo of combos) {
		for (const fact of contractFacts(combo.contract)) {
			const binding = combo.bindings[fact.path];
			if (!binding) {
				corpus.unbound.push({ combo: combo.label, path: fact.path });
				continue;
			}
			if ('unreachable' in binding) {
				corpus.unreachable.push({ combo: combo.label, path: fact.path, reason: binding.unreachable });
				continue;
			}
			corpus.rejected.push(...rejectedFor(combo, fact, binding));
			corpus.accepted.push(...acceptedFor(combo, fact, binding));
			// A value without a scheme is read as the name of a binary property: with no binary data
			// of that name on the item, the error names the node field (once per combination).
			if (fact.kind === 'url' && fact.path !== 'webhook_url' && !schemeless.has(combo)) {
				schemeless.add(combo);
				corpus.rejected.push({
					combo,
					name: `${binding.label}: a URL without a scheme (read as a binary property that does not exist)`,
					parameters: binding.set(combo.base, 'example.com/a.png'),
					field: binding.label,
				});
			}
		}
		corpus.rejected.push(...extraRejected(combo));
	}
	return corpus;
}

export const helpers = { URL, VIDEO_URL, expression };
