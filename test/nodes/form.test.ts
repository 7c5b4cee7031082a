import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Kling3 } from '../../nodes/Kling3/Kling3.node';
import { KlingOmni } from '../../nodes/KlingOmni/KlingOmni.node';
import { KlingOmniReference } from '../../nodes/KlingOmniReference/KlingOmniReference.node';
import { KlingTrigger } from '../../nodes/KlingTrigger/KlingTrigger.node';
import { PROVIDERS } from '../../nodes/shared/providers';
import type { ProviderName } from '../../nodes/shared/providers/types';

/**
 * The form a user sees (issue #16), read from the node descriptions the way n8n's editor reads
 * them: which fields a provider and version show, their labels, hints and defaults.
 */
const GENERATION_NODES = [new KlingOmni(), new KlingOmniReference(), new Kling3()].map((node) => node.description);
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
		it('is version 2 for new nodes and still offers version 1 to saved ones', () => {
			expect(description.version).toEqual([1, 2]);
			expect(description.defaultVersion).toBe(2);
		});

		it('shows Provider as its first field, a credential of its own under it', () => {
			for (const version of [1, 2]) {
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
			}
			expect((quality('freepik')[0].options as INodePropertyOptions[]).map((option) => option.name)).toEqual(['Standard (720p)', 'Pro (1080p)']);
			expect((quality('apimart')[0].options as INodePropertyOptions[]).map((option) => option.name)).toEqual([
				'Standard (720p)',
				'Pro (1080p)',
				'4K',
			]);
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
			const startFrame = generateForm(description, 'freepik').find((field) => field.name === 'startImage');
			expect(startFrame?.placeholder).toBe('a URL, or the name of a binary property such as data');
		});

		it('subtitles what runs: operation, provider, model and quality', () => {
			const model = { 'Kling Omni': 'Omni', 'Kling Omni Reference': 'Omni Reference', 'Kling V3': 'V3' }[description.displayName];
			expect(subtitle(description, { operation: 'generate', authentication: 'freepik', quality: 'pro' })).toBe(`Generate · Freepik · ${model} Pro`);
			expect(subtitle(description, { operation: 'generate', authentication: 'apimart', quality: '4k' })).toBe(`Generate · APIMart · ${model} 4K`);
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
			expect(operations('freepik', 1).map(([, value]) => value)).toEqual(['generate', 'getTask', 'listTasks']);
		});

		it('takes the Task ID from a list on Freepik, by ID on both', () => {
			const taskId = (provider: ProviderName) =>
				shownFields(description, 2, { authentication: provider, resource: 'video', operation: 'get' }).find((field) => field.name === 'taskId');
			expect(taskId('freepik')?.type).toBe('resourceLocator');
			expect(taskId('freepik')?.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
			expect(taskId('freepik')?.modes?.[0].typeOptions?.searchListMethod).toBe('searchTasks');
			expect(taskId('apimart')?.modes?.map((mode) => mode.name)).toEqual(['id']);
			const versionOne = shownFields(description, 1, { authentication: 'freepik', resource: 'video', operation: 'getTask' });
			expect(versionOne.find((field) => field.name === 'taskId')?.type).toBe('string');
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
