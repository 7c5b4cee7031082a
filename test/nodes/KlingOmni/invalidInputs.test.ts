import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { binaryFrom, imageBinary, jsonItems } from '../../harness/workflows';
import { APIMART, errorText, FREEPIK, type Fixture, nodeError, prompt, startFixture } from './helpers';

/**
 * Inputs the node must refuse before anything is sent: each row runs the real node in the
 * engine, expects a NodeOperationError whose text names the field and the limit, and checks the
 * sandbox saw no request at all.
 */
interface InvalidCase {
	name: string;
	parameters: IDataObject;
	/** Every pattern must match the error's message (field, limit). */
	expected: RegExp[];
	items?: INodeExecutionData[];
}

const URL = (name: string) => `https://example.com/${name}.png`;
const images = (count: number) => ({ image: Array.from({ length: count }, (_, index) => ({ image: URL(`img${index + 1}`) })) });
const freepikElement = (name: string) => ({ frontalImage: URL(`${name}-front`), referenceImages: `${URL(`${name}-a`)}, ${URL(`${name}-b`)}` });
const apimartElement = (name: string, imageCount = 2, description = `the ${name}`) => ({
	name,
	description,
	images: Array.from({ length: imageCount }, (_, index) => URL(`${name}${index + 1}`)).join(', '),
});
const shots = (count: number, seconds?: number) => ({
	shot: Array.from({ length: count }, (_, index) => ({ prompt: `shot ${index + 1}`, ...(seconds !== undefined ? { duration: seconds } : {}) })),
});
const fp = (parameters: IDataObject): IDataObject => ({ ...FREEPIK, waitMode: 'none', ...parameters });
const am = (parameters: IDataObject): IDataObject => ({ ...APIMART, waitMode: 'none', ...parameters });

const freepikCases: InvalidCase[] = [
	{ name: 'prompt of 2501 characters', parameters: fp({ prompt: prompt(2501) }), expected: [/prompt/, /2501 characters, at most 2500/] },
	{ name: 'empty prompt and no shots', parameters: fp({ prompt: '' }), expected: [/prompt: missing/, /prompt or multi_prompt/] },
	{ name: 'whitespace-only prompt', parameters: fp({ prompt: '   \n\t ' }), expected: [/prompt/, /missing|empty|whitespace/] },
	{ name: 'duration 2', parameters: fp({ prompt: 'a fox', duration: 2 }), expected: [/duration/, /"2"/, /"3"\.\."15"/] },
	{ name: 'duration 16', parameters: fp({ prompt: 'a fox', duration: 16 }), expected: [/duration/, /"16"/, /"3"\.\."15"/] },
	{ name: 'fractional duration 5.5', parameters: fp({ prompt: 'a fox', duration: 5.5 }), expected: [/duration/, /"5\.5"/, /"3"\.\."15"/] },
	{ name: '7 shots', parameters: fp({ prompt: '', duration: 15, shots: shots(7) }), expected: [/multi_prompt/, /7 shots given, at most 6 allowed/] },
	{ name: '6 shots need 18 s, more than 15 s', parameters: fp({ prompt: '', duration: 15, shots: shots(6) }), expected: [/multi_prompt/, /18 s/, /15 s maximum/] },
	{ name: '3 shots x 3 s > duration 8', parameters: fp({ prompt: '', duration: 8, shots: shots(3) }), expected: [/duration/, /3 shots/, /at least "9"/] },
	{ name: 'shots together with a prompt', parameters: fp({ prompt: 'a fox', duration: 9, shots: shots(3) }), expected: [/multi_prompt/, /cannot be combined with prompt/] },
	{ name: 'shot prompt of 2501 characters', parameters: fp({ prompt: '', duration: 6, shots: { shot: [{ prompt: prompt(2501) }, { prompt: 'b' }] } }), expected: [/multi_prompt\[0\]/, /2501 characters, at most 2500/] },
	{ name: 'empty shot prompt', parameters: fp({ prompt: '', duration: 6, shots: { shot: [{ prompt: 'a' }, { prompt: '  ' }] } }), expected: [/multi_prompt\[1\]/, /empty or whitespace/] },
	{ name: '@Image3 with 2 reference images', parameters: fp({ prompt: '@Image1 meets @Image3', referenceImages: images(2) }), expected: [/prompt/, /@Image3/, /only 2 reference images/] },
	{ name: '@Image0 (numbering starts at 1)', parameters: fp({ prompt: '@Image0 walks', referenceImages: images(1) }), expected: [/prompt/, /@Image0/, /starts at 1/] },
	{ name: '@Image1 in a shot without reference images', parameters: fp({ prompt: '', duration: 6, shots: { shot: [{ prompt: '@Image1 runs' }, { prompt: 'b' }] } }), expected: [/multi_prompt\[0\]/, /@Image1/, /no reference images/] },
	{ name: '@Element2 with 1 element', parameters: fp({ prompt: '@Element2 dances', elements: { element: [freepikElement('cat')] } }), expected: [/prompt/, /@Element2/, /only 1 element/] },
	{ name: '<<<voice_1>>> without voice ids', parameters: fp({ prompt: '<<<voice_1>>> says hi' }), expected: [/prompt/, /<<<voice_1>>>/, /no voices/] },
	{ name: '<<<voice_2>>> with 1 voice id', parameters: fp({ prompt: '<<<voice_2>>> says hi', voiceIds: 'voice_a' }), expected: [/prompt/, /<<<voice_2>>>/, /only 1 voice/] },
	{ name: '3 voice ids', parameters: fp({ prompt: 'hi', voiceIds: 'v1, v2, v3' }), expected: [/voice_ids/, /3 voice IDs given, at most 2 allowed/] },
	{ name: 'end frame without start frame', parameters: fp({ prompt: 'a fox', endImage: URL('end') }), expected: [/end_image_url/, /first frame/] },
	{ name: 'aspect ratio auto without any image', parameters: fp({ prompt: 'a fox', aspectRatio: 'auto' }), expected: [/aspect_ratio/, /"auto" needs an input image/] },
	{ name: '5 reference images', parameters: fp({ prompt: 'a fox', referenceImages: images(5) }), expected: [/image_urls/, /= 5, at most 4 allowed together/] },
	{ name: '3 reference images + 2 elements', parameters: fp({ prompt: 'a fox', referenceImages: images(3), elements: { element: [freepikElement('a'), freepikElement('b')] } }), expected: [/image_urls/, /3 reference images \+ 2 elements = 5, at most 4/] },
	{ name: 'element without reference images', parameters: fp({ prompt: '@Element1', elements: { element: [{ frontalImage: URL('front'), referenceImages: '' }] } }), expected: [/elements\[0\]\.reference_image_urls/, /required|at least 1/] },
	{ name: 'ftp:// start frame', parameters: fp({ prompt: 'a fox', startImage: 'ftp://example.com/start.png' }), expected: [/start_image_url/, /"ftp:\/\/example\.com\/start\.png" is not an http\(s\) URL/] },
	{ name: 'ftp:// reference image', parameters: fp({ prompt: 'a fox', referenceImages: { image: [{ image: 'ftp://example.com/r.png' }] } }), expected: [/image_urls\[0\]/, /not an http\(s\) URL/] },
	{ name: 'javascript: element image', parameters: fp({ prompt: '@Element1', elements: { element: [{ frontalImage: 'javascript:alert(1)', referenceImages: URL('r') }] } }), expected: [/elements\[0\]\.frontal_image_url/, /not an http\(s\) URL/] },
	{ name: 'start frame naming a binary property that does not exist', parameters: fp({ prompt: 'a fox', startImage: 'photo' }), items: [{ json: {}, binary: { data: imageBinary() } }], expected: [/Start Frame/, /"photo" is neither an http\(s\) URL nor a binary property/, /it has: data/] },
	{ name: 'reference image from a binary that is not an image', parameters: fp({ prompt: 'a fox', referenceImages: { image: [{ image: 'doc' }] } }), items: [{ json: {}, binary: { doc: binaryFrom(Buffer.from('%PDF-1.4'), 'application/pdf', 'a.pdf') } }], expected: [/Reference Images\[1\]/, /application\/pdf/, /image\/png, image\/jpeg, image\/webp/] },
	{ name: 'webhook URL that is not http(s)', parameters: fp({ prompt: 'a fox', options: { webhookUrl: 'ftp://hooks.example.com/kling' } }), expected: [/webhook_url/, /not an http\(s\) URL/] },
	{ name: 'webhook URL together with Wait for Webhook', parameters: fp({ prompt: 'a fox', waitMode: 'webhook', options: { webhookUrl: 'https://hooks.example.com/kling' } }), expected: [/Webhook URL/, /Wait for Webhook/] },
	{ name: 'unknown tier', parameters: fp({ prompt: 'a fox', tier: 'ultra' }), expected: [/tier|Quality/, /"ultra"/, /std.*pro/] },
	{ name: 'Max Wait of 0 minutes', parameters: fp({ prompt: 'a fox', waitMode: 'poll', options: { maxWaitMinutes: 0 } }), expected: [/Max Wait/, /not a positive number/] },
	{ name: 'negative Requests per Minute', parameters: fp({ prompt: 'a fox', options: { requestsPerMinute: -5 } }), expected: [/Requests per Minute/, /not a positive number/] },
];

const apimartCases: InvalidCase[] = [
	{ name: 'prompt of 2501 characters', parameters: am({ prompt: prompt(2501) }), expected: [/prompt/, /2501 characters, at most 2500/] },
	{ name: 'negative prompt of 2501 characters', parameters: am({ prompt: 'a fox', negativePrompt: prompt(2501, 'n') }), expected: [/negative_prompt/, /2501 characters, at most 2500/] },
	{ name: 'empty prompt', parameters: am({ prompt: '' }), expected: [/prompt: missing/] },
	{ name: 'whitespace-only prompt', parameters: am({ prompt: ' \n ' }), expected: [/prompt/, /missing|empty|whitespace/] },
	{ name: 'duration 2', parameters: am({ prompt: 'a fox', duration: 2 }), expected: [/duration/, /2 is outside 3\.\.15/] },
	{ name: 'duration 16', parameters: am({ prompt: 'a fox', duration: 16 }), expected: [/duration/, /16 is outside 3\.\.15/] },
	{ name: 'duration "5" (a string)', parameters: am({ prompt: 'a fox', duration: '5' }), expected: [/duration/, /"5" is a string/, /plain number 3\.\.15/] },
	{ name: 'duration "5" from an expression', parameters: am({ prompt: 'a fox', duration: '={{ "5" }}' }), expected: [/duration/, /"5" is a string/, /plain number 3\.\.15/] },
	{ name: 'fractional duration 5.5', parameters: am({ prompt: 'a fox', duration: 5.5 }), expected: [/duration/, /not a whole number/] },
	{ name: 'aspect ratio auto', parameters: am({ prompt: 'a fox', aspectRatio: 'auto' }), expected: [/aspect_ratio/, /"auto" is not one of "16:9", "9:16", "1:1"/] },
	{ name: 'aspect ratio 4:3', parameters: am({ prompt: 'a fox', aspectRatio: '4:3' }), expected: [/aspect_ratio/, /"4:3" is not one of/] },
	{ name: 'unknown mode', parameters: am({ prompt: 'a fox', mode: 'ultra' }), expected: [/Mode/, /"ultra" is not one of "std", "pro", "4k"/] },
	{ name: 'image URLs together with images with roles', parameters: am({ prompt: 'a fox', imageUrls: images(1), imagesWithRoles: { image: [{ image: URL('f'), role: 'first_frame' }] } }), expected: [/image_with_roles/, /cannot be combined with image_urls/] },
	{ name: 'last_frame without first_frame', parameters: am({ prompt: 'a fox', imagesWithRoles: { image: [{ image: URL('l'), role: 'last_frame' }] } }), expected: [/image_with_roles\[0\]\.role/, /"last_frame" needs a "first_frame"/] },
	{ name: 'two first frames', parameters: am({ prompt: 'a fox', imagesWithRoles: { image: [{ image: URL('a'), role: 'first_frame' }, { image: URL('b'), role: 'first_frame' }] } }), expected: [/image_with_roles\[1\]\.role/, /at most one allowed/] },
	{ name: '<<<image_3>>> with 2 image URLs', parameters: am({ prompt: '<<<image_1>>> and <<<image_3>>>', imageUrls: images(2) }), expected: [/prompt/, /<<<image_3>>>/, /only 2 images \(image_urls\)/] },
	{ name: '<<<image_2>>> with 1 image with role', parameters: am({ prompt: '<<<image_2>>>', imagesWithRoles: { image: [{ image: URL('a'), role: 'reference' }] } }), expected: [/prompt/, /<<<image_2>>>/, /only 1 image \(image_with_roles\)/] },
	{ name: '<<<voice_1>>> (APIMart has no voices)', parameters: am({ prompt: '<<<voice_1>>> speaks' }), expected: [/prompt/, /<<<voice_1>>>/, /APIMart takes no voice_ids/] },
	{ name: 'shot durations not adding up to the duration', parameters: am({ duration: 8, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 3 }, { prompt: 'b', duration: 4 }] } }), expected: [/duration/, /8 given/, /add up to 7 \(3 \+ 4\)/] },
	{ name: '7 shots', parameters: am({ duration: 7, multiShot: true, shotType: 'customize', shots: shots(7, 1) }), expected: [/multi_prompt/, /7 shots given, at most 6 allowed/] },
	{ name: 'shot of 0 seconds', parameters: am({ duration: 5, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: 'a', duration: 0 }, { prompt: 'b', duration: 5 }] } }), expected: [/multi_prompt\[0\]\.duration/, /at least 1/] },
	{ name: 'shot prompt of 2501 characters', parameters: am({ duration: 5, multiShot: true, shotType: 'customize', shots: { shot: [{ prompt: prompt(2501), duration: 5 }] } }), expected: [/multi_prompt\[0\]\.prompt/, /2501 characters, at most 2500/] },
	{ name: 'customize multi-shot without shots or prompt', parameters: am({ prompt: '', multiShot: true, shotType: 'customize' }), expected: [/multi_prompt: missing/, /customize/] },
	{ name: '4 elements', parameters: am({ prompt: '@a @b @c @d', elementList: { element: ['a', 'b', 'c', 'd'].map((name) => apimartElement(name)) } }), expected: [/element_list/, /4 elements given, at most 3 allowed/] },
	{ name: 'element with 1 image', parameters: am({ prompt: '@dog runs', elementList: { element: [apimartElement('dog', 1)] } }), expected: [/element_list\[0\]\.element_input_urls/, /1 image given, at least 2 required/] },
	{ name: 'element with 5 images', parameters: am({ prompt: '@dog runs', elementList: { element: [apimartElement('dog', 5)] } }), expected: [/element_list\[0\]\.element_input_urls/, /5 images given, at most 4 allowed/] },
	{ name: 'duplicate element names', parameters: am({ prompt: '@dog runs', elementList: { element: [apimartElement('dog'), apimartElement('dog')] } }), expected: [/element_list\[1\]\.name/, /"dog" is already used by element_list\[0\]/] },
	{ name: 'element name with a space', parameters: am({ prompt: 'a dog', elementList: { element: [apimartElement('my dog')] } }), expected: [/element_list\[0\]\.name/, /contains whitespace/] },
	{ name: 'element without description', parameters: am({ prompt: '@dog runs', elementList: { element: [apimartElement('dog', 2, '')] } }), expected: [/element_list\[0\]\.description/, /empty|required/] },
	{ name: '@cat when only @dog is an element', parameters: am({ prompt: '@dog chases @cat', elementList: { element: [apimartElement('dog')] } }), expected: [/prompt/, /@cat/, /"dog"/] },
	{ name: 'ftp:// image URL', parameters: am({ prompt: 'a fox', imageUrls: { image: [{ image: 'ftp://example.com/a.png' }] } }), expected: [/image_urls\[0\]/, /"ftp:\/\/example\.com\/a\.png" is not an http\(s\) URL/] },
	{ name: 'image naming a binary property that does not exist', parameters: am({ prompt: 'a fox', imageUrls: { image: [{ image: 'picture' }] } }), expected: [/Image URLs\[1\]/, /"picture" is neither an http\(s\) URL nor a binary property/, /no binary data/] },
	{ name: 'image from a binary that is not an image', parameters: am({ prompt: 'a fox', imagesWithRoles: { image: [{ image: 'data', role: 'first_frame' }] } }), items: [{ json: {}, binary: { data: binaryFrom(Buffer.from('hello'), 'text/plain', 'a.txt') } }], expected: [/Images With Roles\[1\]/, /text\/plain/, /image\/png/] },
	{ name: 'Wait for Webhook (APIMart has no callbacks)', parameters: am({ prompt: 'a fox', waitMode: 'webhook' }), expected: [/Wait for Webhook/, /Freepik/] },
];

describe('Kling Omni refuses invalid input before sending anything', () => {
	let fixture: Fixture;
	beforeAll(async () => {
		fixture = await startFixture();
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => fixture.sandbox.reset());

	it('has at least 40 cases across both providers', () => {
		expect(freepikCases.length + apimartCases.length).toBeGreaterThanOrEqual(40);
		expect(freepikCases.length).toBeGreaterThanOrEqual(20);
		expect(apimartCases.length).toBeGreaterThanOrEqual(20);
	});

	describe.each([
		['Freepik', freepikCases],
		['APIMart', apimartCases],
	] as const)('%s', (_provider, cases) => {
		it.each(cases.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
			const execution = await fixture.run(entry.parameters, entry.items ?? jsonItems({}));
			const error = nodeError(execution.run);
			expect(execution.run.status).toBe('error');
			expect(error).toBeDefined();
			expect(error!.name).toBe('NodeOperationError');
			for (const pattern of entry.expected) expect(error!.message).toMatch(pattern);
			expect(fixture.sandbox.log.count()).toBe(0);
			expect(fixture.sandbox.tasks.all()).toHaveLength(0);
		});
	});

	it('names the item and says nothing was sent', async () => {
		const execution = await fixture.run(fp({ prompt: '={{ $json.prompt }}' }), jsonItems({ prompt: 'fine' }, { prompt: prompt(2600) }));
		const error = nodeError(execution.run);
		expect(error?.message).toMatch(/^Invalid input in item 1: prompt: 2600 characters, at most 2500 allowed/);
		expect(errorText(error)).toMatch(/Nothing was sent to the provider for this item/);
		// The valid item 0 is not created either: the batch is checked before the first request.
		expect(fixture.sandbox.log.count()).toBe(0);
	});

	it('lists every problem of an item at once', async () => {
		const execution = await fixture.run(am({ prompt: prompt(2501), duration: 16, aspectRatio: 'auto' }));
		const message = nodeError(execution.run)!.message;
		expect(message).toMatch(/prompt: 2501 characters/);
		expect(message).toMatch(/duration: 16 is outside 3\.\.15/);
		expect(message).toMatch(/aspect_ratio: "auto"/);
		expect(fixture.sandbox.log.count()).toBe(0);
	});
});
