import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Kling3 } from '../../nodes/Kling3/Kling3.node';
import { KlingMotionControl } from '../../nodes/KlingMotionControl/KlingMotionControl.node';
import { KlingOmni } from '../../nodes/KlingOmni/KlingOmni.node';
import { KlingOmniReference } from '../../nodes/KlingOmniReference/KlingOmniReference.node';
import { KlingTrigger } from '../../nodes/KlingTrigger/KlingTrigger.node';
import { PROVIDERS } from '../../nodes/shared/providers';
import type { ProviderName } from '../../nodes/shared/providers/types';

/**
 * The form a user sees (issue #16), read from the node descriptions the way n8n's editor reads
 * them: which fields a provider and version show, their labels, hints and defaults.
 */
const GENERATION_NODES = [new KlingOmni(), new KlingOmniReference(), new Kling3(), new KlingMotionControl()].map((node) => node.description);

const KLING_3_QUALITIES = { freepik: ['Standard (720p)', 'Pro (1080p)'], apimart: ['Standard (720p)', 'Pro (1080p)', '4K'] };

/** What differs per node: its versions (Motion Control is new in version 2), its subtitle word, its Quality options. */
const NODE_FACTS: Record<string, { versions: number[]; model: string; qualities: Record<ProviderName, string[]> }> = {
	'Kling Omni': { versions: [1, 2], model: 'Omni', qualities: KLING_3_QUALITIES },
	'Kling Omni Reference': { versions: [1, 2], model: 'Omni Reference', qualities: KLING_3_QUALITIES },
	'Kling V3': { versions: [1, 2], model: 'V3', qualities: KLING_3_QUALITIES },
	'Kling Motion Control': { versions: [2], model: 'Motion Control', qualities: { freepik: ['Standard', 'Pro'], apimart: ['Standard', 'Pro'] } },
};
const ROOT = join(__dirname, '..', '..');

/** The fields n8n displays for these top-level values (NodeHelpers.displayParameter, like the editor). */
function shownFields(description: INodeTypeDescription, version: number, values: Record<string, unknown>): INodeProperties[] {
	const node = { typeVersion: version, parameters: values } as unknown as INode;
	const parameters = NodeHelpers.getNodeParameters(description.properties, values as never, true, false, node, description) ?? {};
	return description.properties.filter(
		(property) => property.type !== 'hidden' && NodeHelpers.displayParameter(parameters, property, node, description),
	);
}

function generateForm(description: INodeTypeDescription, provider: ProviderName, version = 2): INodeProperties[] {
	return shownFields(description, version, { authentication: provider, resource: 'video', operation: 'generate' });
}

/**
 * Every text of a field a user may read under a provider: description, hint, placeholder, and
 * those of its options (an option of a collection only where it shows for that provider).
 */
function textsOf(property: INodeProperties, provider: ProviderName): string[] {
	const own = [property.displayName, property.description, property.hint, property.placeholder].filter((text): text is string => !!text);
	const shownFor = (option: INodeProperties) => option.displayOptions?.show?.['/authentication']?.includes(provider) ?? true;
	const nested = (property.options ?? []).flatMap((option) =>
		'values' in option
			? option.values.flatMap((value) => textsOf(value, provider))
			: 'displayName' in option
				? shownFor(option as INodeProperties)
					? textsOf(option as INodeProperties, provider)
					: []
				: [(option as INodePropertyOptions).name, (option as INodePropertyOptions).description ?? ''],
	);
	return [...own, ...nested];
}

function subtitle(description: INodeTypeDescription, parameters: Record<string, unknown>): string {
	const expression = String(description.subtitle).replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return new Function('$parameter', `return ${expression}`)(parameters) as string;
}

describe('the form (issue #16)', () => {
	describe.each(GENERATION_NODES.map((description) => [description.displayName, description] as const))('%s', (_name, description) => {
		const facts = NODE_FACTS[description.displayName];

		it('is version 2 for new nodes and still offers version 1 to saved ones (a node new in version 2 has none)', () => {
			expect(description.version).toEqual(facts.versions);
			expect(description.defaultVersion).toBe(2);
		});

		it('shows Provider as its first field, a credential of its own under it', () => {
			for (const version of facts.versions) {
				const [first] = shownFields(description, version, { authentication: 'apimart', operation: 'generate' });
				expect(first).toMatchObject({ name: 'authentication', displayName: 'Provider', type: 'options' });
				expect((first.options as INodePropertyOptions[]).map((option) => option.name)).toEqual(['Freepik (Magnific)', 'APIMart']);
			}
			// n8n's editor hides a field that a credential's displayOptions.show depends on (its
			// "main auth field") and merges the credentials into one picker: none may use show.
			for (const credential of description.credentials ?? []) {
				expect(credential.displayOptions?.show).toBeUndefined();
			}
			const credentialOf = (provider: ProviderName) =>
				(description.credentials ?? [])
					.filter((credential) =>
						NodeHelpers.displayParameter({ authentication: provider }, credential, { typeVersion: 2, parameters: {} } as unknown as INode, description),
					)
					.map((credential) => credential.name);
			expect(credentialOf('freepik')).toEqual(['freepikApi']);
			expect(credentialOf('apimart')).toEqual(['apimartApi']);
		});

		it('has no Resource field to pick (one resource)', () => {
			const labels = shownFields(description, 2, { authentication: 'freepik' }).map((field) => field.displayName);
			expect(labels).not.toContain('Resource');
		});

		it('offers one Quality field per provider, from the model rows', () => {
			const quality = (provider: ProviderName) => generateForm(description, provider).filter((field) => field.displayName === 'Quality');
			for (const provider of ['freepik', 'apimart'] as const) {
				expect(quality(provider).map((field) => field.name)).toEqual(['quality']);
				expect((quality(provider)[0].options as INodePropertyOptions[]).map((option) => option.name)).toEqual(facts.qualities[provider]);
			}
		});

		it('uses one label per concept on both providers, and none of the old provider-specific ones', () => {
			const concept: Record<string, string> = {
				Quality: 'quality',
				'Start Frame': 'startImage',
				'End Frame': 'endImage',
				'Reference Images': 'referenceImages',
				'Generate Audio': 'generateAudio',
				'Multi-Shot': 'multiShot',
				'Reference Video': 'video',
			};
			for (const provider of ['freepik', 'apimart'] as const) {
				const fields = generateForm(description, provider);
				for (const field of fields) {
					if (concept[field.displayName]) expect([field.displayName, field.name]).toEqual([field.displayName, concept[field.displayName]]);
				}
				const labels = fields.map((field) => field.displayName);
				for (const old of ['Mode', 'Audio', 'Image URLs', 'Images With Roles', 'Reference Video URL']) expect(labels).not.toContain(old);
				// Shots are behind the Multi-Shot switch everywhere.
				const shots = fields.find((field) => field.name === 'shots');
				if (shots) expect(shots.displayOptions?.show?.multiShot).toEqual([true]);
			}
		});

		it('says nothing under APIMart that only holds for Freepik', () => {
			const fields = shownFields(description, 2, { authentication: 'apimart', resource: 'video', operation: 'generate', waitMode: 'none' });
			const texts = fields
				.filter((field) => field.name !== 'authentication')
				.flatMap((field) => textsOf(field, 'apimart'))
				.join('\n');
			expect(texts).not.toMatch(/Kling Trigger/);
			expect(texts).not.toMatch(/Freepik/);
			const options = fields.find((field) => field.name === 'options')?.options as INodeProperties[];
			const perMinute = options.filter((option) => option.name === 'requestsPerMinute');
			const apimartRate = perMinute.find((option) => option.displayOptions?.show?.['/authentication']?.includes('apimart'));
			expect(apimartRate?.default).toBe(PROVIDERS.apimart.defaultRequestsPerMinute);
			expect(apimartRate?.description).not.toMatch(/Freepik/);
		});

		it('offers the Kling Trigger under Freepik, whose callbacks it takes', () => {
			const texts = generateForm(description, 'freepik')
				.flatMap((field) => textsOf(field, 'freepik'))
				.join('\n');
			expect(texts).toMatch(/Kling Trigger/);
		});

		it('names a media field placeholder as a URL or a binary property', () => {
			const fields = generateForm(description, 'freepik');
			const startFrame = fields.find((field) => field.name === 'startImage') ?? fields.find((field) => field.name === 'characterImage');
			expect(startFrame?.placeholder).toBe('a URL, or the name of a binary property such as data');
		});

		it('subtitles what runs: operation, provider, model and quality', () => {
			const { model } = facts;
			expect(subtitle(description, { operation: 'generate', authentication: 'freepik', quality: 'pro' })).toBe(`Generate · Freepik · ${model} Pro`);
			if (facts.qualities.apimart.includes('4K')) {
				expect(subtitle(description, { operation: 'generate', authentication: 'apimart', quality: '4k' })).toBe(`Generate · APIMart · ${model} 4K`);
			}
			expect(subtitle(description, { operation: 'generate', authentication: 'freepik' })).toBe(`Generate · Freepik · ${model} Standard`);
			// Version 1 saved the tier under the provider's own name, and Get Task as getTask.
			expect(subtitle(description, { operation: 'generate', authentication: 'apimart', mode: 'pro' })).toBe(`Generate · APIMart · ${model} Pro`);
			expect(subtitle(description, { operation: 'getTask', authentication: 'freepik' })).toBe('Get Task · Freepik');
			expect(subtitle(description, { operation: 'getAll', authentication: 'freepik' })).toBe('Get Many · Freepik');
		});

		it('is named by n8n after the operation, with values that read', () => {
			const name = (operation: string, version = 2) =>
				NodeHelpers.makeNodeName({ authentication: 'freepik', resource: 'video', operation, '@version': version } as never, description);
			expect(name('generate')).toBe('Generate a video');
			expect(name('get')).toBe('Get a video generation task');
			expect(name('getAll')).toBe('Get many video generation tasks');
			const operations = (provider: ProviderName, version: number) =>
				(shownFields(description, version, { authentication: provider, resource: 'video' }).find((field) => field.name === 'operation')
					?.options as INodePropertyOptions[]).map((option) => [option.name, option.value]);
			expect(operations('freepik', 2)).toEqual([
				['Generate Video', 'generate'],
				['Get Task', 'get'],
				['Get Many', 'getAll'],
			]);
			expect(operations('apimart', 2)).toEqual([
				['Generate Video', 'generate'],
				['Get Task', 'get'],
			]);
			if (facts.versions.includes(1)) {
				expect(operations('freepik', 1).map(([, value]) => value)).toEqual(['generate', 'getTask', 'listTasks']);
			}
		});

		it('takes the Task ID from a list on Freepik, by ID on both', () => {
			const taskId = (provider: ProviderName) =>
				shownFields(description, 2, { authentication: provider, resource: 'video', operation: 'get' }).find((field) => field.name === 'taskId');
			expect(taskId('freepik')?.type).toBe('resourceLocator');
			expect(taskId('freepik')?.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
			expect(taskId('freepik')?.modes?.[0].typeOptions?.searchListMethod).toBe('searchTasks');
			expect(taskId('apimart')?.modes?.map((mode) => mode.name)).toEqual(['id']);
			if (facts.versions.includes(1)) {
				const versionOne = shownFields(description, 1, { authentication: 'freepik', resource: 'video', operation: 'getTask' });
				expect(versionOne.find((field) => field.name === 'taskId')?.type).toBe('string');
			}
		});
	});

	describe('Kling V3 with its two models', () => {
		const description = new Kling3().description;
		const form = (provider: ProviderName, model: string, version = 2) =>
			shownFields(description, version, { authentication: provider, resource: 'video', operation: 'generate', model });

		it('asks for the Model in both versions, Kling 3 by default (so a version-1 node runs as before)', () => {
			for (const version of [1, 2]) {
				const fields = shownFields(description, version, { authentication: 'freepik', resource: 'video', operation: 'generate' });
				const model = fields.find((field) => field.name === 'model');
				expect(model?.default).toBe('kling-v3');
				expect((model?.options as INodePropertyOptions[]).map((option) => option.name)).toEqual(['Kling 3', 'Kling 3 Turbo']);
			}
		});

		it('shows the Quality options of the chosen model, and hides what Turbo does not take', () => {
			const quality = (provider: ProviderName) =>
				(form(provider, 'kling-v3-turbo').find((field) => field.displayName === 'Quality')?.options as INodePropertyOptions[]).map(
					(option) => option.name,
				);
			expect(quality('freepik')).toEqual(['Standard (720p)', 'Pro (1080p)']);
			expect(quality('apimart')).toEqual(['Standard (720p)', 'Pro (1080p)']);
			for (const provider of ['freepik', 'apimart'] as const) {
				const names = form(provider, 'kling-v3-turbo').map((field) => field.name);
				expect(names.filter((name) => name === 'quality')).toHaveLength(1);
				expect(names).toEqual(expect.arrayContaining(['prompt', 'startImage', 'aspectRatio', 'duration']));
				for (const hidden of ['multiShot', 'endImage', 'generateAudio', 'negativePrompt']) expect(names).not.toContain(hidden);
			}
		});

		it('subtitles Turbo by its resolution', () => {
			const parameters = { operation: 'generate', authentication: 'freepik', model: 'kling-v3-turbo', quality: 'std' };
			expect(subtitle(description, parameters)).toBe('Generate · Freepik · V3 Turbo 720p');
			expect(subtitle(description, { ...parameters, authentication: 'apimart', quality: 'pro' })).toBe('Generate · APIMart · V3 Turbo 1080p');
			expect(subtitle(description, { ...parameters, model: 'kling-v3' })).toBe('Generate · Freepik · V3 Standard');
			// Version 1 saved the tier as `tier` or `mode`; a node without a model is Kling 3.
			expect(subtitle(description, { operation: 'generate', authentication: 'freepik', tier: 'pro' })).toBe('Generate · Freepik · V3 Pro');
		});
	});

	describe('Kling Motion Control, new in version 2', () => {
		const description = new KlingMotionControl().description;

		it('has only the current form: no field of version 1 in its description', () => {
			const versionOneOnly = description.properties.filter((property) => {
				const versions = property.displayOptions?.show?.['@version'];
				return Array.isArray(versions) && versions.length === 1 && versions[0] === 1;
			});
			expect(versionOneOnly).toEqual([]);
			const names = description.properties.map((property) => property.name);
			for (const old of ['tier', 'mode', 'audio', 'imageUrls', 'imagesWithRoles']) expect(names).not.toContain(old);
		});

		it('asks for the character, the reference video and the orientation under one label each', () => {
			for (const provider of ['freepik', 'apimart'] as const) {
				const labels = generateForm(description, provider).map((field) => field.displayName);
				expect(labels).toEqual(expect.arrayContaining(['Quality', 'Character Image', 'Reference Video', 'Prompt', 'Character Orientation']));
			}
		});
	});

	describe('the editor Docs link', () => {
		const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
		const repository = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		const anchor = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

		it.each([
			['KlingOmni', 'Kling Omni'],
			['KlingOmniReference', 'Kling Omni Reference'],
			['Kling3', 'Kling V3'],
			['KlingMotionControl', 'Kling Motion Control'],
			['KlingTrigger', 'Kling Trigger'],
		])('%s points at its README section', (folder, heading) => {
			const codex = JSON.parse(readFileSync(join(ROOT, 'nodes', folder, `${folder}.node.json`), 'utf8'));
			expect(codex.resources.primaryDocumentation).toEqual([{ url: `${repository}#${anchor(heading)}` }]);
			expect(readme).toMatch(new RegExp(`^### ${heading}$`, 'm'));
			expect(codex.resources.credentialDocumentation).toEqual([{ url: `${repository}#credentials` }]);
			expect(readme).toMatch(/^## Credentials$/m);
		});
	});

	describe('Kling Trigger', () => {
		const trigger = new KlingTrigger().description;
		const events = trigger.properties.find((property) => property.name === 'event')?.options as INodePropertyOptions[];

		it('names its events so that none reads like another', () => {
			expect(events.map((event) => [event.name, event.value])).toEqual([
				['Video Ready', 'completed'],
				['Task Failed', 'failed'],
				['Video Ready or Task Failed', 'finished'],
				['Any Status Change', 'any'],
			]);
			expect(subtitle(trigger, { event: 'finished' })).toBe('On video ready or task failed');
			expect(subtitle(trigger, { event: 'completed' })).toBe('On video ready');
		});
	});
});
