import type { IDataObject } from 'n8n-workflow';

import { LogCapture } from './support/capture';
import { COMBOS } from './support/combos';
import type { Combo } from './support/corpus';
import { errorText, nodeError, type Rig, startRig } from './support/fixture';

/**
 * Nothing is coerced into something the user did not mean (issue #14): a field set by value or
 * by expression that comes out empty or of the wrong type is refused, naming the field, with no
 * request sent; a field left untouched is sent as its default.
 */
const expression = (source: string) => `={{ ${source} }}`;

interface StrictCase {
	name: string;
	patch: (combo: Combo) => IDataObject;
	field: RegExp;
	/** Only for some combos. */
	when?: (combo: Combo) => boolean;
}

/** The Quality parameter of the combo's form: `quality`, or version 1's `tier` / `mode`. */
const quality = (combo: Combo) => ('quality' in combo.base ? 'quality' : combo.provider === 'freepik' ? 'tier' : 'mode');
const isTurbo = (combo: Combo) => combo.base.model === 'kling-v3-turbo';
/** Motion Control has no duration (the video's length follows the reference) nor aspect ratio. */
const hasDuration = (combo: Combo) => combo.type !== 'klingMotionControl';
/** Turbo image to video takes the image's ratio. */
const hasAspectRatio = (combo: Combo) => hasDuration(combo) && combo.contract !== 'freepik.turboImage';

const CASES: StrictCase[] = [
	{ name: 'Duration from an expression that gives ""', patch: () => ({ duration: expression('""') }), field: /Duration/, when: hasDuration },
	{
		name: 'Aspect Ratio from an expression that gives ""',
		patch: () => ({ aspectRatio: expression('""') }),
		field: /Aspect Ratio/,
		when: hasAspectRatio,
	},
	{
		name: 'Character Orientation from an expression that gives ""',
		patch: () => ({ characterOrientation: expression('""') }),
		field: /Character Orientation/,
		when: (combo) => !hasDuration(combo),
	},
	{ name: 'Quality / Mode from an expression that gives ""', patch: (combo) => ({ [quality(combo)]: expression('""') }), field: /Quality|Mode/ },
	{ name: 'Prompt from an expression that gives an object', patch: () => ({ prompt: expression('{ text: "a fox" }') }), field: /Prompt/ },
	{ name: 'Prompt from an expression that gives a number', patch: () => ({ prompt: expression('42') }), field: /Prompt/ },
	{ name: 'Prompt of zero-width characters only', patch: () => ({ prompt: '\u200b\u200c\u200d\u2060\ufeff' }), field: /prompt/ },
	{ name: 'Prompt with a lone surrogate', patch: () => ({ prompt: 'a fox \ud83e runs' }), field: /prompt/ },
	{ name: 'Prompt with a NUL character', patch: () => ({ prompt: 'a fox\u0000 runs' }), field: /prompt/ },
	{
		name: 'Multi-Shot given as "yes"',
		patch: () => ({ multiShot: expression('"yes"'), shotType: 'customize', shots: { shot: [{ prompt: 'wide', duration: 5 }] } }),
		field: /Multi-Shot/,
		when: (combo) => combo.type === 'kling3' && !isTurbo(combo),
	},
	{
		name: 'Generate Audio given as 1',
		patch: () => ({ generateAudio: expression('1') }),
		field: /Generate Audio/,
		when: (combo) => combo.provider === 'freepik' && ['klingOmni', 'kling3'].includes(combo.type) && !isTurbo(combo),
	},
];

describe('Strict input: nothing sent that the user did not mean', () => {
	let rig: Rig;
	const logs = new LogCapture();
	beforeAll(async () => {
		logs.install();
		rig = await startRig();
	});
	afterAll(async () => {
		await rig.close();
		logs.restore();
	});
	beforeEach(() => rig.sandbox.reset());

	describe.each(COMBOS.map((combo) => [combo.label, combo] as const))('%s', (_label, combo) => {
		for (const entry of CASES.filter((candidate) => candidate.when?.(combo) ?? true)) {
			it(`refuses ${entry.name}`, async () => {
				const execution = await rig.run({ type: combo.type, parameters: { ...combo.base, ...entry.patch(combo) } });
				expect(execution.run.status).toBe('error');
				const error = nodeError(execution.run);
				expect(error?.name).toBe('NodeOperationError');
				expect(errorText(error)).toMatch(entry.field);
				expect(rig.sandbox.log.count()).toBe(0);
			});
		}

		it('sends the defaults of fields left untouched', async () => {
			const untouched = { ...combo.base };
			delete untouched.duration;
			delete untouched.aspectRatio;
			delete untouched.characterOrientation;
			const execution = await rig.run({ type: combo.type, parameters: { ...untouched, waitMode: 'none' } });
			expect(errorText(nodeError(execution.run))).toBe('');
			const [create] = rig.sandbox.log.entries.filter((request) => request.method === 'POST' && !request.path.includes('upload'));
			if (!hasDuration(combo)) {
				expect(create.body).toMatchObject({ character_orientation: 'video' });
				return;
			}
			expect(create.body).toMatchObject({ duration: combo.provider === 'freepik' ? '5' : 5 });
			expect((create.body as IDataObject).aspect_ratio).toBe(hasAspectRatio(combo) ? '16:9' : undefined);
		});
	});
});
