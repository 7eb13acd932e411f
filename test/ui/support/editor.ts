/**
 * Driving the n8n editor (2.41) in Debian's Chromium through playwright-core: launching the browser,
 * signing in, watching the console, and reading the node details view (NDV). The selectors are n8n's own
 * e2e hooks (data-test-id), not a public API: when a new n8n renames one, fix it here.
 */
import { existsSync } from 'fs';
import { chromium, type APIRequestContext, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };

export const OWNER = {
	email: 'ui-owner@example.com',
	firstName: 'UI',
	lastName: 'Owner',
	password: 'Ui-password-1234',
};

export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
	}
	// playwright-core's launch() gives every browser a fresh temporary profile (user-data-dir).
	return await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/**
 * Creates the instance owner through the REST API, then signs in through the browser context's own
 * request API so that the n8n-auth cookie lands in the browser. No browser-id header is sent, so the
 * session is not tied to one (the editor sends its own).
 */
export async function setUpOwnerAndSignIn(request: APIRequestContext): Promise<void> {
	const setup = await request.post('/rest/owner/setup', { data: OWNER, failOnStatusCode: false });
	if (!setup.ok()) throw new Error(`owner setup failed: ${setup.status()} ${await setup.text()}`);
	const login = await request.post('/rest/login', {
		data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		failOnStatusCode: false,
	});
	if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`);
}

export async function restJson<T = any>(request: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
	const response = await request.fetch(path, { method, data, failOnStatusCode: false });
	if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
	return ((await response.json()) as { data: T }).data;
}

export interface ConsoleEvent {
	kind: 'console' | 'pageerror' | 'http' | 'requestfailed';
	text: string;
	url?: string;
}

/**
 * Known noise that is not the node's: n8n's own calls to api.n8n.io and the node creator
 * looking community packages up on the npm registry, both unreachable offline. Anything to another host
 * than the n8n under test is noise as well: the node never makes the browser call anywhere.
 */
// The editor's own autosave of the open workflow is cut off when the test moves to the next workflow.
const NOISE = [/api\.n8n\.io/i, /registry\.npmjs\.org/i, /ERR_NAME_NOT_RESOLVED/, /ENOTFOUND/, /^net::ERR_ABORTED PATCH \S+\/rest\/workflows\//];

/** Console errors, uncaught page errors and failed requests to n8n, each either expected noise or not. */
export class ConsoleWatch {
	readonly events: Array<ConsoleEvent & { noise: boolean }> = [];
	private seen = 0;

	constructor(
		page: Page,
		private readonly origin: string,
	) {
		page.on('console', (message) => {
			if (message.type() !== 'error') return;
			this.add({ kind: 'console', text: message.text(), url: message.location()?.url });
		});
		page.on('pageerror', (error) => this.add({ kind: 'pageerror', text: `${error.name}: ${error.message}` }));
		page.on('response', (response) => {
			if (response.status() >= 400) {
				this.add({ kind: 'http', text: `${response.status()} ${response.request().method()} ${response.url()}`, url: response.url() });
			}
		});
		page.on('requestfailed', (request) => {
			this.add({ kind: 'requestfailed', text: `${request.failure()?.errorText} ${request.method()} ${request.url()}`, url: request.url() });
		});
	}

	private add(event: ConsoleEvent) {
		const foreign = event.url !== undefined && /^https?:/.test(event.url) && !event.url.startsWith(this.origin);
		const noise = foreign || NOISE.some((pattern) => pattern.test(event.text) || pattern.test(event.url ?? ''));
		this.events.push({ ...event, noise });
	}

	/** The events that are not noise since the last call, as printable lines. */
	takeErrors(): string[] {
		const fresh = this.events.slice(this.seen);
		this.seen = this.events.length;
		return fresh.filter((event) => !event.noise).map((event) => `${event.kind}: ${event.text}${event.url ? ` (${event.url})` : ''}`);
	}

	noiseSummary(): string[] {
		return [...new Set(this.events.filter((event) => event.noise).map((event) => `${event.kind}: ${event.text.slice(0, 160)}`))];
	}
}

// ---------------------------------------------------------------- canvas and node details view

export const canvasNode = (page: Page, name: string) =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`);
export const ndv = (page: Page) => page.locator('[data-test-id="ndv"]');
export const nodeParameters = (page: Page) => page.locator('[data-test-id="node-parameters"]');

export async function openNode(page: Page, name: string): Promise<void> {
	await canvasNode(page, name).dblclick();
	await ndv(page).waitFor();
	await nodeParameters(page).locator('[data-test-id="parameter-item"]').first().waitFor();
	await settle(page);
}

/** A click on the empty part of the panel's tab bar (right of "Settings"): closes open dropdowns and lists. */
export async function clickEmptySpot(page: Page): Promise<void> {
	const settingsTab = ndv(page).getByText('Settings', { exact: true }).first();
	const box = await settingsTab.boundingBox();
	if (!box) throw new Error('the panel has no Settings tab to click beside');
	await page.mouse.click(box.x + box.width + 30, box.y + box.height / 2);
}

/** Moves the mouse where hovering shows nothing (over the panel's empty output area), e.g. before a screenshot. */
export async function parkMouse(page: Page): Promise<void> {
	const viewport = page.viewportSize() ?? VIEWPORT;
	await page.mouse.move(viewport.width - 200, viewport.height - 150);
}

/**
 * Hides, for a screenshot, the empty boxes CodeMirror (n8n's expression editors) leaves at the page's
 * top left outside the panel, one per expression field (classes like "ͼ1 ͼ2 ͼ12").
 */
export async function hideStrayEditorBoxes(page: Page): Promise<void> {
	await page.evaluate(() => {
		const panel = document.querySelector('[data-test-id="ndv"]');
		for (const element of document.querySelectorAll<HTMLElement>('div[class*="ͼ"]')) {
			if (!panel?.contains(element)) element.style.visibility = 'hidden';
		}
	});
}

export async function closeNdv(page: Page): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/** Lets the editor finish re-rendering and its dropdown requests (load options) settle. */
export async function settle(page: Page, ms = 300): Promise<void> {
	await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
	await page.waitForTimeout(ms);
}

export interface ParameterRow {
	name: string;
	hasIssues: boolean;
}

/**
 * The rows of the Parameters tab as shown: each visible parameter-item, named by its label's `for`
 * (the parameter's name). The Settings tab's rows are in the DOM too but hidden, so only visible rows count.
 */
export async function visibleRows(page: Page): Promise<ParameterRow[]> {
	return await nodeParameters(page)
		.locator('[data-test-id="parameter-item"]')
		.evaluateAll((items) =>
			items
				.filter((item) => (item as HTMLElement).offsetWidth > 0 || (item as HTMLElement).offsetHeight > 0)
				.map((item) => {
					// A collection's row contains its options' rows: the row's own label is the first label[for]
					// that does not belong to a nested parameter-item.
					const own = [...item.querySelectorAll('label[for]')].find(
						(label) => label.closest('[data-test-id="parameter-item"]') === item,
					);
					const issues = [...item.querySelectorAll('[data-test-id="parameter-issues"]')].some(
						(issue) => issue.closest('[data-test-id="parameter-item"]') === item,
					);
					return { name: own?.getAttribute('for') ?? '', hasIssues: issues };
				}),
		);
}

/** A visible row of the Parameters tab, by parameter name. */
export function row(page: Page, name: string): Locator {
	return nodeParameters(page)
		.locator('[data-test-id="parameter-item"]')
		.filter({ has: page.locator(`label[for="${name}"]`) })
		.filter({ visible: true })
		.last();
}

/** The texts of the issue tooltip of a parameter row (hovering its warning icon). */
export async function issueTexts(page: Page, name: string): Promise<string[]> {
	const icon = row(page, name).locator('[data-test-id="parameter-issues"]').first();
	await icon.locator('svg').first().hover();
	const tooltip = page.locator('[data-test-id="tooltip-content"]').filter({ visible: true }).last();
	await tooltip.waitFor();
	const text = await tooltip.innerText();
	await parkMouse(page);
	await tooltip.waitFor({ state: 'hidden' }).catch(() => undefined);
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !/^Issues:?$/.test(line));
}

/** The choices of the dropdown that is open now (n8n renders them in a popper at the end of the page). */
export async function openDropdownChoices(page: Page): Promise<string[]> {
	const items = page.locator('.el-select-dropdown__item').filter({ visible: true });
	await items.first().waitFor();
	return await items.evaluateAll((elements) =>
		elements.map((element) => (element.querySelector('.option-headline') ?? element).textContent!.trim()),
	);
}

/** Opens the select inside `container`, returns its choices and closes it again (or picks `choose`). */
export async function dropdownChoices(page: Page, container: Locator, choose?: string): Promise<string[]> {
	await container.locator('input').first().click();
	const choices = await openDropdownChoices(page);
	if (choose !== undefined) {
		const item = page
			.locator('.el-select-dropdown__item')
			.filter({ visible: true })
			.filter({ has: page.locator('.option-headline', { hasText: new RegExp(`^${escapeRegExp(choose)}$`) }) })
			.or(page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: new RegExp(`^${escapeRegExp(choose)}$`) }));
		await item.first().click();
	} else {
		// Escape would close the whole panel: a second click on the input closes the dropdown.
		await container.locator('input').first().click();
	}
	await page.locator('.el-select-dropdown__item').filter({ visible: true }).first().waitFor({ state: 'hidden' }).catch(() => undefined);
	return choices;
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
