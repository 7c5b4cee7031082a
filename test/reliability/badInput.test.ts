import { LogCapture } from './support/capture';
import { COMBOS, promptLimit, ruleCases } from './support/combos';
import { buildCorpus, type Case } from './support/corpus';
import { errorText, nodeError, outputItems, type Rig, startRig } from './support/fixture';
import { findSecrets } from './support/secrets';

/**
 * The bad-input corpus (support/corpus.ts), generated from the validation schemas across the
 * three generation nodes and both providers. Each case runs through n8n's engine and must be
 * refused before any request (the sandbox sees nothing) with an error naming the field. The
 * values just inside each limit must be sent.
 */
const corpus = buildCorpus(COMBOS, ruleCases);
const CREATE_ENDPOINTS = [
	'freepik.omni.create',
	'freepik.v3.create',
	'freepik.omniReference.create',
	'freepik.motionControl.create',
	'freepik.turboText.create',
	'freepik.turboImage.create',
	'apimart.create',
] as const;

const named = (cases: Case[]) => cases.map((entry) => [entry.name, entry] as const);
const fieldsOf = (entry: Case) => (Array.isArray(entry.field) ? entry.field : [entry.field]);

describe('Bad input corpus: refused before any request, naming the field', () => {
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

	/** The refusal: the node's error, or n8n's own (a required parameter left empty stops the run before it starts). */
	async function refusal(entry: Case): Promise<{ name?: string; message: string; description?: string | null }> {
		try {
			const execution = await rig.run({ type: entry.combo.type, parameters: entry.parameters, items: entry.items });
			expect(execution.run.status).toBe('error');
			return nodeError(execution.run) ?? { message: '' };
		} catch (error) {
			expect((error as Error).name).toBe('WorkflowHasIssuesError');
			return error as Error;
		}
	}

	it(`has at least 150 refused cases over all three nodes and both providers (${corpus.rejected.length})`, () => {
		expect(corpus.rejected.length).toBeGreaterThanOrEqual(150);
		for (const combo of COMBOS) {
			expect(corpus.rejected.filter((entry) => entry.combo === combo).length).toBeGreaterThanOrEqual(25);
		}
	});

	it('binds every field of every body schema to a node parameter, or says why none can reach it', () => {
		expect(corpus.unbound).toEqual([]);
		for (const entry of corpus.unreachable) expect(entry.reason).not.toBe('');
	});

	describe.each(COMBOS.map((combo) => [combo.label, combo] as const))('%s', (_label, combo) => {
		const rejected = corpus.rejected.filter((entry) => entry.combo === combo);
		const accepted = corpus.accepted.filter((entry) => entry.combo === combo);

		for (const [name, entry] of named(rejected)) {
			it(`refuses ${name}`, async () => {
				const error = await refusal(entry);
				expect(['NodeOperationError', 'WorkflowHasIssuesError']).toContain(error.name);
				expect(fieldsOf(entry).filter((field) => error.message.includes(field))).not.toEqual([]);
				expect(rig.sandbox.log.entries.map((request) => `${request.method} ${request.path}`)).toEqual([]);
				expect(findSecrets(errorText(error))).toEqual([]);
			});
		}

		it.each(named(accepted))('sends %s', async (_name, entry) => {
			const execution = await rig.run({ type: combo.type, parameters: entry.parameters, items: entry.items });
			expect(errorText(nodeError(execution.run))).toBe('');
			expect(rig.sandbox.log.count([...CREATE_ENDPOINTS])).toBe(1);
			expect(outputItems(execution.run)[0].json.taskId).toEqual(expect.any(String));
		});
	});

	it('a batch with one invalid item sends nothing for any item, on each node and provider', async () => {
		for (const combo of COMBOS) {
			rig.sandbox.reset();
			const limit = promptLimit(combo);
			const execution = await rig.run({
				type: combo.type,
				parameters: { ...combo.base, prompt: '={{ $json.prompt }}' },
				items: [{ json: { prompt: 'a valid prompt' } }, { json: { prompt: 'x'.repeat(limit + 1) } }],
			});
			expect(nodeError(execution.run)?.message).toMatch(new RegExp(`^Invalid input in item 1: prompt: ${limit + 1} characters`));
			expect(rig.sandbox.log.count()).toBe(0);
		}
	});

	it('nothing logged during the corpus carries a key', () => {
		expect(findSecrets(logs.text())).toEqual([]);
	});
});
