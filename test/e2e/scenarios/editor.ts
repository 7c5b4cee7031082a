import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type BrowserContext, chromium, type Page } from 'playwright-core';

import { check } from '../lib/assert';
import { type Context, findNode, loadExample } from '../lib/context';
import type { WorkflowJson } from '../lib/n8n';
import { say } from '../lib/log';
import { KLING_NODE_TYPES } from './credentials';
import type { Scenario } from './generate';

/**
 * n8n's editor in Debian's chromium, driven by Playwright (playwright-core: no browser download).
 * Asserts that node search finds our five nodes and takes the screenshots shown in the README.
 */
export interface EditorOptions {
	screenshotsDir: string;
}

export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export const NODE_DISPLAY_NAMES = ['Kling Omni', 'Kling Omni Reference', 'Kling V3', 'Kling Motion Control', 'Kling Trigger'];

/** The node panel shows a trigger under its app's name ("Kling"): a result is known by name and description. */
async function describedNodes(context: Context): Promise<Array<{ name: string; displayName: string; description: string }>> {
	const types = await context.n8n.api.request<Array<{ name: string; displayName: string; description: string }>>('GET', '/types/nodes.json');
	return KLING_NODE_TYPES.map((name) => {
		const type = types.find((candidate) => candidate.name === name);
		if (!type) throw new Error(`n8n does not list ${name}`);
		return { name, displayName: type.displayName, description: type.description };
	});
}

async function withEditor<T>(context: Context, body: (page: Page) => Promise<T>): Promise<T> {
	const profile = mkdtempSync(join(tmpdir(), 'kling-e2e-chromium-'));
	let browser: BrowserContext | undefined;
	try {
		browser = await chromium.launchPersistentContext(profile, {
			executablePath: '/usr/bin/chromium',
			headless: true,
			args: CHROMIUM_FLAGS,
			viewport: { width: 1440, height: 900 },
			deviceScaleFactor: 1,
			timeout: 60_000,
		});
		await browser.addCookies([{ name: 'n8n-auth', value: context.n8n.api.authCookie.split('=').slice(1).join('='), url: context.n8n.baseUrl }]);
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(30_000);
		return await body(page);
	} finally {
		await browser?.close().catch(() => undefined);
		rmSync(profile, { recursive: true, force: true });
	}
}

async function openCanvas(page: Page, url: string): Promise<void> {
	await page.goto(url, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-wrapper"], [data-test-id="node-view-root"]').first().waitFor({ state: 'visible', timeout: 60_000 });
	await dismissPopups(page);
}

/** Banners and one-time modals that would cover the canvas in a screenshot. */
async function dismissPopups(page: Page): Promise<void> {
	await page.waitForTimeout(1500);
	for (let round = 0; round < 3; round++) {
		const closers = page.locator('.el-dialog__headerbtn:visible, .el-message-box__headerbtn:visible, [data-test-id="banner-close-button"]:visible');
		if ((await closers.count()) === 0) break;
		await closers.first().click().catch(() => undefined);
		await page.waitForTimeout(300);
	}
	await page.keyboard.press('Escape').catch(() => undefined);
}

/** Opens the node panel, types the query, returns the text of each result (name and description). */
async function searchNodes(page: Page, query: string): Promise<string[]> {
	await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
	const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
	await search.waitFor({ state: 'visible' });
	await search.fill(query);
	await page.waitForTimeout(1000);
	const items = page.locator('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]');
	return (await items.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

async function screenshot(page: Page, dir: string, file: string): Promise<string> {
	mkdirSync(dir, { recursive: true });
	const path = join(dir, file);
	await page.screenshot({ path });
	say(`  screenshot ${path}`);
	return path;
}

/** A workflow that shows all five nodes on one canvas, credentials set, for the screenshots. */
function showcaseWorkflow(context: Context): WorkflowJson {
	const base = loadExample(context, 'text-to-video.workflow.json');
	const freepik = { freepikApi: { id: context.credentials['Freepik account'].id, name: 'Freepik account' } };
	const kling = findNode(base, 'Kling Omni');
	const trigger = findNode(base, 'When clicking ‘Execute workflow’');
	const results = loadExample(context, 'fire-and-forget-results.workflow.json');
	const klingTrigger = findNode(results, 'Kling Trigger');
	return {
		name: 'Kling nodes',
		nodes: [
			trigger,
			{ ...kling, position: [260, -200] },
			{
				id: '6a4f0d8e-2f7b-4c55-9d0e-1f2a3b4c5d01',
				name: 'Kling Omni Reference',
				type: 'n8n-nodes-kling.klingOmniReference',
				typeVersion: 2,
				position: [260, 0],
				parameters: {
					authentication: 'freepik',
					operation: 'generate',
					prompt: 'Keep the camera motion of @Video1, turn the street into a snowy night',
					video: 'https://example.com/street.mp4',
					videoReferType: 'feature',
					waitMode: 'poll',
				},
				credentials: freepik,
			},
			{
				id: '6a4f0d8e-2f7b-4c55-9d0e-1f2a3b4c5d02',
				name: 'Kling V3',
				type: 'n8n-nodes-kling.kling3',
				typeVersion: 2,
				position: [260, 200],
				parameters: {
					authentication: 'freepik',
					operation: 'generate',
					quality: 'pro',
					prompt: 'A hummingbird hovers at a red flower, slow motion, macro',
					waitMode: 'poll',
				},
				credentials: freepik,
			},
			{
				id: '6a4f0d8e-2f7b-4c55-9d0e-1f2a3b4c5d03',
				name: 'Kling Motion Control',
				type: 'n8n-nodes-kling.klingMotionControl',
				typeVersion: 2,
				position: [260, 400],
				parameters: {
					authentication: 'freepik',
					operation: 'generate',
					characterImage: 'https://example.com/product.png',
					video: 'https://example.com/dance.mp4',
					prompt: 'The product dances like the person in the video',
					waitMode: 'poll',
				},
				credentials: freepik,
			},
			{ ...klingTrigger, position: [0, 620] },
		],
		connections: {
			[trigger.name]: {
				main: [
					[
						{ node: 'Kling Omni', type: 'main', index: 0 },
						{ node: 'Kling Omni Reference', type: 'main', index: 0 },
						{ node: 'Kling V3', type: 'main', index: 0 },
						{ node: 'Kling Motion Control', type: 'main', index: 0 },
					],
				],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

async function openNode(page: Page, name: string): Promise<void> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"], [data-name="${name}"]`).first().dblclick();
	await page.locator('[data-test-id="ndv"], .ndv-wrapper').first().waitFor({ state: 'visible' });
	await page.waitForTimeout(1200);
}

/** Unfolds the trigger's "Webhook URLs" and picks the Production URL (best effort: cosmetic). */
async function showProductionUrl(page: Page): Promise<void> {
	await page.getByText('Webhook URLs', { exact: true }).first().click({ timeout: 5000 }).catch(() => undefined);
	await page.getByText('Production URL', { exact: true }).first().click({ timeout: 5000 }).catch(() => undefined);
	await page.waitForTimeout(400);
}

/** Escape closes the panel; failing that, its Back to canvas (1.x) or close button. */
async function closeNode(page: Page): Promise<void> {
	const panel = page.locator('[data-test-id="ndv"], .ndv-wrapper').first();
	// A focused select takes the Escape for itself.
	await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
	for (let attempt = 0; attempt < 2; attempt++) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(500);
		if (!(await panel.isVisible().catch(() => false))) return;
	}
	await page
		.locator('[data-test-id="back-to-canvas"], [data-test-id="ndv-close"]')
		.or(page.getByText('Back to canvas', { exact: true }))
		.first()
		.click({ timeout: 5000 })
		.catch(() => undefined);
	await page.waitForTimeout(500);
}

/** The head of every generation node's panel, in this order. */
const PROVIDER_FIRST = ['Provider', 'Credential', 'Operation'];

/** The labels the old form used where the concept now has one name. */
const OLD_LABELS = ['Mode', 'Audio', 'Image URLs', 'Images With Roles', 'Reference Video URL'];

/** The open panel's text, one trimmed line each; n8n 1.x labels the credential picker "Credential to connect with", 2.x "Credential". */
async function panelLines(page: Page): Promise<string[]> {
	const text = await page.locator('[data-test-id="ndv"], .ndv-wrapper').first().innerText();
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '')
		.map((line) => (line === 'Credential to connect with' ? 'Credential' : line));
}

function checkLabelsInOrder(node: string, lines: string[], labels: string[], ordered: string[]): void {
	const missing = labels.filter((label) => !lines.includes(label));
	check(missing.length === 0, `the ${node} panel lacks ${missing.join(', ')}: ${lines.slice(0, 40).join(' | ')}`);
	const positions = ordered.map((label) => lines.indexOf(label));
	check(
		positions.every((position, index) => index === 0 || position > positions[index - 1]),
		`the ${node} panel does not start ${ordered.join(' > ')}: ${lines.slice(0, 20).join(' | ')}`,
	);
	const old = OLD_LABELS.filter((label) => lines.includes(label));
	check(old.length === 0, `the ${node} panel still shows ${old.join(', ')}`);
}

/** Picks an option of a select parameter by its visible name. */
async function pickOption(page: Page, parameter: string, option: string): Promise<void> {
	await page.locator(`[data-test-id="parameter-input-${parameter}"]`).first().click();
	await page.locator('.el-select-dropdown:visible .el-select-dropdown__item, .el-popper:visible .el-select-dropdown__item').getByText(option, { exact: true }).first().click();
	await page.waitForTimeout(800);
}

/** The names and descriptions of a select parameter's options, read from its open dropdown. */
async function optionTexts(page: Page, parameter: string): Promise<string> {
	await page.locator(`[data-test-id="parameter-input-${parameter}"]`).first().click();
	await page.waitForTimeout(400);
	const text = (await page.locator('.el-select-dropdown:visible, .el-popper:visible').allInnerTexts()).join('\n');
	await page.keyboard.press('Escape');
	await page.waitForTimeout(300);
	return text;
}

/**
 * In the open Kling Omni panel: switch Provider to APIMart, check its form (same labels, APIMart's
 * Quality options, no hint that holds only for Freepik), screenshot it, and switch back.
 */
async function checkApimartForm(page: Page, dir: string, files: string[]): Promise<string> {
	await page.getByText('Provider', { exact: true }).first().scrollIntoViewIfNeeded();
	await pickOption(page, 'authentication', 'APIMart');
	checkLabelsInOrder('Kling Omni (APIMart)', await panelLines(page), [...PROVIDER_FIRST, 'Quality', 'Prompt', 'Multi-Shot', 'Start Frame', 'End Frame', 'Reference Images', 'Generate Audio'], PROVIDER_FIRST);
	const quality = await optionTexts(page, 'quality');
	check(quality.includes('4K'), `APIMart's Quality offers no 4K: ${quality}`);
	const waiting = await optionTexts(page, 'waitMode');
	check(!/Kling Trigger|Freepik|Wait for Webhook/.test(waiting), `under APIMart, Wait for Result says: ${waiting.replace(/\s+/g, ' ')}`);
	await page.getByText('Provider', { exact: true }).first().scrollIntoViewIfNeeded();
	// n8n leaves the new provider's credential unselected: pick it for the screenshot (cosmetic).
	await page.locator('[data-test-id="node-credentials-select"]').first().click({ timeout: 5000 }).catch(() => undefined);
	await page
		.locator('.el-select-dropdown:visible .el-select-dropdown__item, .el-popper:visible .el-select-dropdown__item')
		.getByText('APIMart account', { exact: true })
		.first()
		.click({ timeout: 5000 })
		.catch(() => undefined);
	await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
	await page.waitForTimeout(600);
	files.push(await screenshot(page, dir, 'kling-omni-apimart.png'));
	await page.getByText('Provider', { exact: true }).first().scrollIntoViewIfNeeded();
	await pickOption(page, 'authentication', 'Freepik (Magnific)');
	return 'APIMart form: same labels, 4K offered, no Freepik-only hint in Wait for Result';
}

/** Every text n8n serves for a generation node under APIMart (/types/nodes.json): no Freepik-only hint. */
async function checkServedHints(context: Context): Promise<string> {
	type Property = { name: string; displayName: string; description?: string; hint?: string; options?: Property[]; displayOptions?: { show?: Record<string, unknown[]> } };
	const types = await context.n8n.api.request<Array<{ name: string; version: number | number[]; properties: Property[] }>>('GET', '/types/nodes.json');
	const generation = types.filter((type) => KLING_NODE_TYPES.includes(type.name) && !type.name.endsWith('Trigger'));
	const underApimart = (property: Property): boolean => {
		const show = property.displayOptions?.show ?? {};
		const provider = show.authentication ?? show['/authentication'];
		return provider === undefined || provider.includes('apimart');
	};
	const texts = (property: Property): string[] =>
		underApimart(property)
			? [property.description ?? '', property.hint ?? '', ...(property.options ?? []).flatMap((option) => ('value' in option ? [option.description ?? ''] : texts(option)))]
			: [];
	const wrong = generation.flatMap((type) =>
		type.properties
			.filter((property) => property.name !== 'authentication')
			.flatMap(texts)
			.filter((text) => /Kling Trigger|Freepik allows/.test(text))
			.map((text) => `${type.name}: ${text}`),
	);
	check(wrong.length === 0, `texts shown under APIMart that hold only for Freepik: ${wrong.join(' | ')}`);
	return `no Freepik-only text under APIMart in ${generation.length} served node types`;
}

export function editorScenarios(options: EditorOptions): Scenario[] {
	const searchScenario: Scenario = {
		name: 'editor node search lists the five Kling nodes',
		timeoutMs: 120_000,
		async run(context) {
			return await withEditor(context, async (page) => {
				const nodes = await describedNodes(context);
				await openCanvas(page, `${context.n8n.baseUrl}/workflow/new`);
				const results = await searchNodes(page, 'Kling');
				await screenshot(page, options.screenshotsDir, 'node-search.png');
				// 2.x lists name and description; 1.x the name only. A trigger is listed under its app's name.
				const shows = (result: string, node: { displayName: string; description: string }): boolean =>
					result.includes(node.description) || result === node.displayName || result === node.displayName.replace(/ Trigger$/, '');
				const missing = nodes.filter((node) => !results.some((result) => shows(result, node)));
				check(
					missing.length === 0,
					`the editor's node search for "Kling" does not show ${missing.map((node) => node.displayName).join(', ')} (results: ${JSON.stringify(results)})`,
				);
				return `search "Kling" shows all five: ${results.map((result) => result.split(' ').slice(0, 3).join(' ')).join(' | ')}`;
			});
		},
	};
	const screenshotsScenario: Scenario = {
		name: 'editor screenshots: canvas and the parameter panels of the five nodes',
		timeoutMs: 180_000,
		async run(context) {
			const workflow = await context.n8n.api.createWorkflow(showcaseWorkflow(context));
			return await withEditor(context, async (page) => {
				await openCanvas(page, `${context.n8n.baseUrl}/workflow/${workflow.id}`);
				await page.locator('[data-test-id="zoom-to-fit"]').first().click().catch(() => undefined);
				await page.locator('[data-test-id="zoom-out-button"]').first().click().catch(() => undefined);
				await page.waitForTimeout(800);
				const files = [await screenshot(page, options.screenshotsDir, 'canvas.png')];
				// Provider is a visible field with its credential under it (issue #16); one label per concept.
				const panels: Array<[string, string, string[]]> = [
					['Kling Omni', 'kling-omni.png', [...PROVIDER_FIRST, 'Quality', 'Prompt', 'Multi-Shot', 'Start Frame', 'End Frame', 'Reference Images', 'Generate Audio']],
					['Kling Omni Reference', 'kling-omni-reference.png', [...PROVIDER_FIRST, 'Quality', 'Reference Video']],
					['Kling V3', 'kling-v3.png', [...PROVIDER_FIRST, 'Model', 'Quality', 'Prompt', 'Multi-Shot', 'Start Frame', 'End Frame']],
					[
						'Kling Motion Control',
						'kling-motion-control.png',
						[...PROVIDER_FIRST, 'Quality', 'Character Image', 'Reference Video', 'Prompt', 'Character Orientation'],
					],
					['Kling Trigger', 'kling-trigger.png', ['Credential', 'Trigger On', 'Download Video']],
				];
				const notes: string[] = [];
				for (const [node, file, labels] of panels) {
					await openNode(page, node);
					if (node === 'Kling Trigger') await showProductionUrl(page);
					files.push(await screenshot(page, options.screenshotsDir, file));
					checkLabelsInOrder(node, await panelLines(page), labels, node === 'Kling Trigger' ? [] : PROVIDER_FIRST);
					if (node === 'Kling Omni') {
						// The lower half of the panel: how the node waits, and its options.
						await page.getByText('Wait for Result', { exact: true }).first().scrollIntoViewIfNeeded();
						await page.waitForTimeout(400);
						files.push(await screenshot(page, options.screenshotsDir, 'kling-omni-waiting.png'));
						notes.push(await checkApimartForm(page, options.screenshotsDir, files));
					}
					await closeNode(page);
				}
				notes.push(await checkServedHints(context));
				return `${files.length} screenshots in ${options.screenshotsDir}; ${notes.join('; ')}`;
			});
		},
	};
	return [searchScenario, screenshotsScenario];
}
