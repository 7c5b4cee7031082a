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
 * Asserts that node search finds our four nodes and takes the screenshots shown in the README.
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

export const NODE_DISPLAY_NAMES = ['Kling Omni', 'Kling Omni Reference', 'Kling V3', 'Kling Trigger'];

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

/** A workflow that shows all four nodes on one canvas, credentials set, for the screenshots. */
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
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					authentication: 'freepik',
					resource: 'video',
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
				typeVersion: 1,
				position: [260, 200],
				parameters: {
					authentication: 'freepik',
					resource: 'video',
					operation: 'generate',
					tier: 'pro',
					prompt: 'A hummingbird hovers at a red flower, slow motion, macro',
					waitMode: 'poll',
				},
				credentials: freepik,
			},
			{ ...klingTrigger, position: [0, 420] },
		],
		connections: {
			[trigger.name]: {
				main: [
					[
						{ node: 'Kling Omni', type: 'main', index: 0 },
						{ node: 'Kling Omni Reference', type: 'main', index: 0 },
						{ node: 'Kling V3', type: 'main', index: 0 },
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

async function closeNode(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page.waitForTimeout(500);
}

export function editorScenarios(options: EditorOptions): Scenario[] {
	const searchScenario: Scenario = {
		name: 'editor node search lists the four Kling nodes',
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
				return `search "Kling" shows all four: ${results.map((result) => result.split(' ').slice(0, 3).join(' ')).join(' | ')}`;
			});
		},
	};
	const screenshotsScenario: Scenario = {
		name: 'editor screenshots: canvas and the parameter panels of the four nodes',
		timeoutMs: 180_000,
		async run(context) {
			const workflow = await context.n8n.api.createWorkflow(showcaseWorkflow(context));
			return await withEditor(context, async (page) => {
				await openCanvas(page, `${context.n8n.baseUrl}/workflow/${workflow.id}`);
				await page.locator('[data-test-id="zoom-to-fit"]').first().click().catch(() => undefined);
				await page.locator('[data-test-id="zoom-out-button"]').first().click().catch(() => undefined);
				await page.waitForTimeout(800);
				const files = [await screenshot(page, options.screenshotsDir, 'canvas.png')];
				// n8n shows the `authentication` (Provider) parameter as the credential picker itself.
				const panels: Array<[string, string, string[]]> = [
					['Kling Omni', 'kling-omni.png', ['Credential', 'Operation', 'Quality', 'Prompt', 'Start Frame']],
					['Kling Omni Reference', 'kling-omni-reference.png', ['Credential', 'Operation', 'Reference Video']],
					['Kling V3', 'kling-v3.png', ['Credential', 'Operation', 'Quality', 'Prompt']],
					['Kling Trigger', 'kling-trigger.png', ['Credential', 'Trigger On', 'Download Video']],
				];
				for (const [node, file, labels] of panels) {
					await openNode(page, node);
					if (node === 'Kling Trigger') await showProductionUrl(page);
					files.push(await screenshot(page, options.screenshotsDir, file));
					const text = await page.locator('[data-test-id="ndv"], .ndv-wrapper').first().innerText();
					const missing = labels.filter((label) => !text.includes(label));
					check(missing.length === 0, `the ${node} panel lacks ${missing.join(', ')}: ${text.slice(0, 300).replace(/\s+/g, ' ')}`);
					if (node === 'Kling Omni') {
						// The lower half of the panel: how the node waits, and its options.
						await page.getByText('Wait for Result', { exact: true }).first().scrollIntoViewIfNeeded();
						await page.waitForTimeout(400);
						files.push(await screenshot(page, options.screenshotsDir, 'kling-omni-waiting.png'));
					}
					await closeNode(page);
				}
				return `${files.length} screenshots in ${options.screenshotsDir}`;
			});
		},
	};
	return [searchScenario, screenshotsScenario];
}
