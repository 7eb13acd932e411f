/**
 * The Kustomer node in the real n8n editor, in a real browser: `npm run test:ui`.
 *
 * n8n 2.41.1 (scripts/e2e/install-n8n.sh) runs `n8n start` on 127.0.0.1 with the packed package installed
 * as a community package; Debian's Chromium, driven by playwright-core, signs in as the owner and
 *   - creates the Kustomer credential through the node's "Connect to Kustomer" dialog: its fields, the
 *     Region switch (Org Name / Base URL), a rejected key, then a key the mock Kustomer API accepts;
 *   - opens a workflow holding one Kustomer node per resource × operation (and per option value that
 *     changes the form) and checks each panel against the built node's description: the rows shown and
 *     their order, issues only on required fields left empty, what each "Add Field"/"Add Option" offers,
 *     the dropdowns, the lists loaded from Kustomer, and no console error;
 *   - switches Resource / Operation / Update Mode in a panel the way a person does;
 *   - builds a customer Bulk Create import by mapped columns (Define Fields: Map Columns, Map Automatically),
 *     runs it with a record Kustomer refuses, and checks the output pane's warning, the error output and the
 *     rows' identifiers;
 *   - opens the Kustomer Trigger's panel: its rows, the Events list loaded from Kustomer with plain labels;
 *   - saves screenshots of the Update, Bulk Update, Bulk Create, mapper and Kustomer Trigger panels, of the
 *     failure warning and of the credential dialog
 *     (into UI_SCREENSHOTS_DIR, default a temporary folder; `UI_SCREENSHOTS_DIR=docs` refreshes the README's).
 */
import { mkdirSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { INodeParameters, INodePropertyOptions, INodeTypeDescription, ICredentialType } from 'n8n-workflow';

import { DEFAULT_API_KEY, KLASSES, TAGS, TEAMS, startMockKustomer, type MockKustomer } from '../mock-kustomer';
import { N8nSandbox, REPO_ROOT, packPackage } from '../e2e/support/n8n';
import { CREDENTIAL_TYPE, NODE_TYPE } from '../e2e/support/workflows';
import {
	ConsoleWatch,
	VIEWPORT,
	closeNdv,
	dropdownChoices,
	issueTexts,
	launchChromium,
	nodeParameters,
	openNode,
	restJson,
	row,
	setUpOwnerAndSignIn,
	settle,
	visibleRows,
	canvasNode,
	clickEmptySpot,
	parkMouse,
	hideStrayEditorBoxes,
	ndv,
} from './support/editor';
import {
	expectCredentialFields,
	expectPanel,
	loadCredentialType,
	loadNodeDescription,
	loadTriggerDescription,
	panelCases,
	type PanelCase,
} from './support/expected';

const description: INodeTypeDescription = loadNodeDescription();
const credentialType: ICredentialType = loadCredentialType();
// The mapper's panels (Define Fields: Map Columns) hold n8n's own resource mapper, whose columns come from
// Kustomer and whose required columns n8n flags itself: the import by mapped columns below checks one.
const CASES = panelCases(description).filter((panel) => panel.variant !== 'fieldsInput = columns');

const SHOTS_DIR = process.env.UI_SCREENSHOTS_DIR
	? resolve(REPO_ROOT, process.env.UI_SCREENSHOTS_DIR)
	: mkdtempSync(join(tmpdir(), 'kustomer-ui-shots-'));

const hexId = (prefix: string, n: number) => prefix + String(n).padStart(24 - prefix.length, '0');
const CUSTOMERS = [
	{ id: hexId('c0', 1), name: 'Ada Lovelace', email: 'ada@example.com' },
	{ id: hexId('c0', 2), name: 'Grace Hopper', email: 'grace@example.com' },
];
const CONVERSATIONS = [
	{ id: hexId('a0', 1), name: 'Where is my order #1001?', customer: CUSTOMERS[0].id },
	{ id: hexId('a0', 2), name: 'Refund for order #1002', customer: CUSTOMERS[1].id },
	{ id: hexId('a0', 3), name: 'Change delivery address', customer: CUSTOMERS[0].id },
];
const COMPANIES = [{ id: hexId('f1', 1), name: 'Acme Inc.' }];
/** What each "From List" locator lists of the mock's records (Klasses are the mock's fixture). */
const LISTED: Record<string, Array<{ name: string }>> = {
	customerId: CUSTOMERS,
	conversationId: CONVERSATIONS,
	companyId: COMPANIES,
	klassName: KLASSES.map(({ attributes }) => ({ name: attributes.displayName })),
};

/** The three panels the README shows, filled in as a person would. */
interface ShotCase extends PanelCase {
	screenshot: string;
	input?: { name: string; items: Array<Record<string, unknown>> };
}
const SHOT_CASES: ShotCase[] = [
	{
		name: 'Update a conversation',
		resource: 'conversation',
		operation: 'update',
		screenshot: 'kustomer-update.png',
		parameters: {
			resource: 'conversation',
			operation: 'update',
			conversationId: { __rl: true, mode: 'list', value: CONVERSATIONS[0].id, cachedResultName: CONVERSATIONS[0].name },
			updateFields: { status: 'done', priority: 2, assignedTeams: [TEAMS[1].id] },
		},
	},
	{
		name: 'Close conversations in bulk',
		resource: 'conversation',
		operation: 'bulkUpdate',
		screenshot: 'kustomer-bulk-update.png',
		input: {
			name: 'Conversations to close',
			items: CONVERSATIONS.map(({ id, name }) => ({ id, name, status: 'open' })),
		},
		parameters: {
			resource: 'conversation',
			operation: 'bulkUpdate',
			updateMode: 'sameForAll',
			ids: '={{ $json.id }}',
			updateFields: { status: 'done' },
			options: { waitForCompletion: true },
		},
	},
	{
		name: 'Import customers in bulk',
		resource: 'customer',
		operation: 'bulkCreate',
		screenshot: 'kustomer-bulk-create.png',
		input: {
			name: 'Customers to import',
			items: [
				{ name: 'Katherine Johnson', crmId: 'crm-1001', locale: 'en-US' },
				{ name: 'Dorothy Vaughan', crmId: 'crm-1002', locale: 'en-US' },
				{ name: 'Mary Jackson', crmId: 'crm-1003', locale: 'en-US' },
			],
		},
		parameters: {
			resource: 'customer',
			operation: 'bulkCreate',
			additionalFields: { externalId: '={{ $json.crmId }}', locale: '={{ $json.locale }}', name: '={{ $json.name }}' },
			options: { batchSize: 100, waitForCompletion: true },
		},
	},
];

let mock: MockKustomer;
let sandbox: N8nSandbox;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: ConsoleWatch;
let credentialId = '';
const CREDENTIAL_NAME = 'Kustomer account';
const CUSTOM_API_CALL = 'Custom API Call';
const timings: string[] = [];
const t0 = Date.now();
const lap = (what: string, since: number) => timings.push(`${what}: ${((Date.now() - since) / 1000).toFixed(1)} s`);

beforeAll(async () => {
	let t = Date.now();
	mock = await startMockKustomer();
	CUSTOMERS.forEach(({ id, name, email }) => mock.seed('customer', { name, emails: [{ email, type: 'home' }] }, id));
	CONVERSATIONS.forEach(({ id, name, customer }) => mock.seed('conversation', { name, customer, status: 'open' }, id));
	COMPANIES.forEach(({ id, name }) => mock.seed('company', { name }, id));
	const tarball = await packPackage();
	sandbox = await N8nSandbox.create({ tarball });
	lap('package installed into the n8n user folder', t);
	t = Date.now();
	baseUrl = await sandbox.start(180_000);
	lap('n8n start until /healthz/readiness', t);
	t = Date.now();
	browser = await launchChromium();
	context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
	await setUpOwnerAndSignIn(context.request);
	page = await context.newPage();
	page.setDefaultTimeout(15_000);
	watch = new ConsoleWatch(page, baseUrl);
	// The console check must not pass vacuously: an error logged in the page has to reach the watch.
	await page.evaluate(() => console.error('kustomer-ui-test probe'));
	if (!watch.takeErrors().some((line) => line.includes('kustomer-ui-test probe'))) {
		throw new Error('the console watch did not see a console.error of the page');
	}
	lap('browser up, owner signed in', t);
}, 6 * 60_000);

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	await sandbox?.cleanup();
	await mock?.stop();
	const noise = watch?.noiseSummary() ?? [];
	// eslint-disable-next-line no-console
	console.log(
		[
			`UI test timings (total ${((Date.now() - t0) / 1000).toFixed(1)} s):`,
			...timings.map((line) => `  ${line}`),
			`screenshots: ${SHOTS_DIR}`,
			`ignored browser noise (not the node's): ${noise.length ? '' : 'none'}`,
			...noise.map((line) => `  ${line}`),
		].join('\n'),
	);
});

/** Fails with the non-noise console errors, failed requests and page errors since the last check. */
function expectNoConsoleErrors() {
	expect(watch.takeErrors()).toEqual([]);
}

async function createWorkflow(name: string, nodes: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
	const workflow = await restJson<{ id: string }>(context.request, 'POST', '/rest/workflows', {
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes,
		...extra,
	});
	return workflow.id;
}

async function openWorkflow(id: string, firstNode: string) {
	const t = Date.now();
	await page.goto(`/workflow/${id}`);
	await canvasNode(page, firstNode).waitFor({ timeout: 90_000 });
	await settle(page);
	lap(`editor loaded workflow ${id}`, t);
}

/** The credential the dialog test saved; when that test did not run (jest -t) or failed, one made through the API. */
async function ensureCredential() {
	if (credentialId) return;
	const credential = await restJson<{ id: string }>(context.request, 'POST', '/rest/credentials', {
		name: CREDENTIAL_NAME,
		type: CREDENTIAL_TYPE,
		data: { apiKey: DEFAULT_API_KEY, region: 'custom', baseUrl: mock.baseUrl },
	});
	credentialId = credential.id;
}

const kustomerNode = (name: string, parameters: INodeParameters, position: [number, number], withCredential = true) => ({
	id: `ui-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
	name,
	type: NODE_TYPE,
	typeVersion: 1,
	position,
	parameters,
	...(withCredential ? { credentials: { [CREDENTIAL_TYPE]: { id: credentialId, name: CREDENTIAL_NAME } } } : {}),
});

test('the editor knows the Kustomer node from the installed package, as built in dist/', async () => {
	const response = await context.request.get('/types/nodes.json');
	expect(response.status()).toBe(200);
	const types = (await response.json()) as INodeTypeDescription[];
	const ours = types.filter((type) => type.name === NODE_TYPE);
	expect(ours).toHaveLength(1);
	expect(ours[0].properties.map((p) => p.name)).toEqual(
		expect.arrayContaining(description.properties.map((p) => p.name)),
	);
	expect(ours[0].credentials?.map((c) => c.name)).toEqual([CREDENTIAL_TYPE]);
});

describe('credential dialog', () => {
	const credentialForm = () => page.locator('[data-test-id="editCredential-modal"]');
	const field = (name: string) => credentialForm().locator(`form[data-test-id="credential-connection-parameter"] [data-test-id="${name}"]`);
	const ourFieldsShown = async () => {
		const shown = await credentialForm()
			.locator('form[data-test-id="credential-connection-parameter"]')
			.filter({ visible: true })
			.evaluateAll((forms) => forms.map((form) => form.querySelector('[data-test-id]')?.getAttribute('data-test-id') ?? ''));
		const ours = new Set(credentialType.properties.map((property) => property.name));
		return shown.filter((name) => ours.has(name));
	};
	const regionOptions = (credentialType.properties.find((p) => p.name === 'region')!.options ?? []) as INodePropertyOptions[];
	const regionName = (value: string) => regionOptions.find((option) => option.value === value)!.name;
	const chooseRegion = async (value: string) => {
		await dropdownChoices(page, field('region'), regionName(value));
		await settle(page, 200);
		expect(await ourFieldsShown()).toEqual(expectCredentialFields(credentialType, { region: value }));
	};

	test('opens from the node, shows API Key, Region and the field each Region needs, and saves a key Kustomer accepts', async () => {
		const t = Date.now();
		const id = await createWorkflow('UI: credential', [kustomerNode('Kustomer', { resource: 'customer', operation: 'update' }, [0, 0], false)]);
		await openWorkflow(id, 'Kustomer');
		await openNode(page, 'Kustomer');

		// No credential exists yet: the panel offers to create one.
		const emptyState = page.locator('[data-test-id="node-credentials-empty-state"]');
		await expect(emptyState.innerText()).resolves.toMatch(/Connect to Kustomer/);
		await emptyState.locator('button').first().click();
		await credentialForm().waitFor();
		await settle(page);
		await expect(credentialForm().innerText()).resolves.toContain(credentialType.displayName);

		// Default Region: the org subdomain, which needs the Org Name.
		expect(await ourFieldsShown()).toEqual(expectCredentialFields(credentialType, {}));
		for (const property of credentialType.properties.filter((p) => ['apiKey', 'region', 'orgName'].includes(p.name))) {
			await expect(field(property.name).locator('label span.n8n-text').first().innerText()).resolves.toMatch(
				new RegExp(`^${property.displayName}\\s*\\*?$`),
			);
		}
		await expect(field('apiKey').locator('input').getAttribute('type')).resolves.toBe('password');
		expect(await dropdownChoices(page, field('region'))).toEqual(regionOptions.map((option) => option.name));

		await field('apiKey').locator('input').fill(DEFAULT_API_KEY);
		await field('orgName').locator('input').fill('acme');
		await field('orgName').locator('input').blur();
		await parkMouse(page);
		await settle(page, 300);
		mkdirSync(SHOTS_DIR, { recursive: true });
		await page.screenshot({ path: join(SHOTS_DIR, 'kustomer-credential.png') });

		// Every Region shows its own field only.
		await chooseRegion('us');
		await chooseRegion('custom');
		await expect(field('baseUrl').locator('label span.n8n-text').first().innerText()).resolves.toMatch(/^Base URL\s*\*?$/);
		await chooseRegion('org');
		await expect(field('orgName').locator('input').inputValue()).resolves.toBe('acme');
		await chooseRegion('custom');

		// Plain http to another host: the form says so in the node's words, as it is typed (Test could only
		// report the refused host's failed lookup).
		const plainHttp = credentialType.properties.find((property) => property.type === 'notice')!;
		await field('baseUrl').locator('input').fill('http://kustomer-gateway.example.com');
		await credentialForm().getByText(plainHttp.displayName).waitFor();

		// A key Kustomer rejects: n8n tests the credential on save and says it could not connect.
		await field('baseUrl').locator('input').fill(mock.baseUrl);
		await credentialForm().getByText(plainHttp.displayName).waitFor({ state: 'hidden' });
		await field('apiKey').locator('input').fill('not-the-key');
		mock.requests.length = 0;
		await credentialForm().locator('[data-test-id="credential-save-button"]').click();
		await credentialForm().getByText(/Couldn.t connect with these settings/).waitFor();
		const rejected = mock.requests.filter((request) => request.path === '/v1/auth/tokens/current');
		// (n8n 2.41 sends the test request twice when a new credential is saved)
		expect(rejected.length).toBeGreaterThan(0);
		expect([...new Set(rejected.map((request) => request.headers.authorization))]).toEqual(['Bearer not-the-key']);

		// The right key: the test passes and n8n closes the dialog, the node now uses the credential.
		mock.requests.length = 0;
		await field('apiKey').locator('input').fill(DEFAULT_API_KEY);
		await credentialForm().locator('[data-test-id="credential-save-button"]').click();
		await credentialForm().waitFor({ state: 'hidden', timeout: 30_000 });
		const accepted = mock.requests.filter((request) => request.path === '/v1/auth/tokens/current');
		expect(accepted.length).toBeGreaterThan(0);
		expect([...new Set(accepted.map((request) => request.headers.authorization))]).toEqual([`Bearer ${DEFAULT_API_KEY}`]);
		await page.waitForFunction(
			(name) => [...document.querySelectorAll('[data-test-id="node-parameters"] input')].some((input) => (input as HTMLInputElement).value === name),
			CREDENTIAL_NAME,
			{ timeout: 10_000 },
		);

		const credentials = await restJson<Array<{ id: string; name: string; type: string }>>(context.request, 'GET', '/rest/credentials');
		const saved = credentials.filter((credential) => credential.type === CREDENTIAL_TYPE);
		expect(saved.map((credential) => credential.name)).toEqual([CREDENTIAL_NAME]);
		credentialId = saved[0].id;
		await closeNdv(page);
		expectNoConsoleErrors();
		lap('credential dialog', t);
	});
});

describe('node panels', () => {
	const COLUMNS = 6;
	const SWITCH_NODE = 'Switch resource and operation';
	const allCases: Array<PanelCase | ShotCase> = [...SHOT_CASES, ...CASES];
	const checkedDropdowns = new Set<string>();

	beforeAll(async () => {
		await ensureCredential();
		const nodes: Array<Record<string, unknown>> = [];
		const connections: Record<string, unknown> = {};
		const pinData: Record<string, Array<{ json: Record<string, unknown> }>> = {};
		allCases.forEach((panel, index) => {
			const position: [number, number] = [(index % COLUMNS) * 300 + 300, Math.floor(index / COLUMNS) * 200];
			nodes.push(kustomerNode(panel.name, panel.parameters, position));
			const input = (panel as ShotCase).input;
			if (input) {
				nodes.push({
					id: `ui-input-${index}`,
					name: input.name,
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [position[0] - 150, position[1] + 100],
					parameters: {},
				});
				connections[input.name] = { main: [[{ node: panel.name, type: 'main', index: 0 }]] };
				pinData[input.name] = input.items.map((json) => ({ json }));
			}
		});
		// A node of its own for the switching test (the per-panel checks add options to theirs).
		nodes.push(kustomerNode(SWITCH_NODE, { resource: 'conversation', operation: 'update' }, [0, 0]));
		const id = await createWorkflow('UI: every panel', nodes, { connections, pinData });
		await openWorkflow(id, allCases[0].name);
	}, 3 * 60_000);

	afterEach(async () => {
		// Leave no panel open for the next case, whatever happened.
		if (await page.locator('[data-test-id="ndv"]').isVisible()) await closeNdv(page).catch(() => undefined);
	});

	async function checkPanel(panel: PanelCase) {
		const expected = expectPanel(description, panel.parameters);

		// The rows shown, in order: top level and inside filled collections.
		const rows = await visibleRows(page);
		expect(rows.map((r) => r.name)).toEqual(expected.rows);

		// Issues only on required fields left empty, with the texts n8n's rules give.
		const withIssues = rows.filter((r) => r.hasIssues).map((r) => r.name);
		expect(withIssues.sort()).toEqual(Object.keys(expected.issues).sort());
		expect(withIssues.filter((name) => !expected.requiredEmpty.includes(name))).toEqual([]);
		for (const name of withIssues) {
			expect(await issueTexts(page, name)).toEqual(expected.issues[name]);
		}

		// Dropdowns: Resource and Operation once per resource, the other options parameters in every panel.
		for (const [name, names] of Object.entries(expected.optionNames)) {
			const property = expected.properties[name];
			if (property.typeOptions?.loadOptionsMethod) continue;
			const key = name === 'resource' ? 'resource' : name === 'operation' ? `operation:${panel.resource}` : '';
			if (key && checkedDropdowns.has(key)) continue;
			if (key) checkedDropdowns.add(key);
			const choices = await dropdownChoices(page, row(page, name).locator(`[data-test-id="parameter-input-${name}"]`));
			// n8n appends "Custom API Call" to Resource and Operation of nodes whose credential the HTTP Request node can use.
			expect(choices).toEqual(key && choices.at(-1) === CUSTOM_API_CALL ? [...names, CUSTOM_API_CALL] : names);
		}

		// Dropdowns filled from Kustomer (load options) and "From List" locators list the mock's records.
		for (const property of Object.values(expected.properties)) {
			if (property.typeOptions?.loadOptionsMethod) {
				const choices = await dropdownChoices(page, row(page, property.name).locator(`[data-test-id="parameter-input-${property.name}"]`));
				expect(choices.length).toBeGreaterThan(0);
				if (property.typeOptions.loadOptionsMethod === 'getTags') {
					expect(choices).toEqual(expect.arrayContaining(TAGS.map((tag) => String(tag.attributes.name))));
				}
			}
			const value = panel.parameters[property.name] as { mode?: string } | undefined;
			const defaultMode = (property.default as { mode?: string } | undefined)?.mode;
			if (property.type === 'resourceLocator' && (value?.mode ?? defaultMode) === 'list') {
				const names = await listedRecords(property.name);
				expect(names.join('\n')).toContain(LISTED[property.name][0].name);
			}
		}

		// What each empty "Add Field" / "Add Option" offers: a dropdown of the collection's options, or
		// (n8n's choice when it counts a single option) a button that adds that option directly.
		for (const collection of expected.emptyCollections) {
			const add = row(page, collection.name).locator('[data-test-id="collection-parameter-add"]');
			if ((await add.locator('input').count()) === 0) {
				expect(collection.single).toBeDefined();
				await expect(add.innerText()).resolves.toContain(collection.single!.placeholder);
				await add.click();
				await row(page, collection.single!.name).waitFor();
				continue;
			}
			const offered = await dropdownChoices(page, add);
			expect(offered).toEqual(expect.arrayContaining(collection.mustOffer));
			expect(offered.filter((name) => !collection.mayOffer.includes(name))).toEqual([]);
		}
		expectNoConsoleErrors();
	}

	/** Opens a "From List" locator's list and returns the names listed (then closes it). */
	async function listedRecords(name: string): Promise<string[]> {
		const locator = page.locator(`[data-test-id="resource-locator-${name}"]`).filter({ visible: true }).first();
		await locator.locator('input').last().click();
		const items = page.locator('[data-test-id="rlc-item"]').filter({ visible: true });
		await items.first().waitFor();
		const names = await items.allInnerTexts();
		// Close the list with a click on an empty spot of the panel (a click outside the panel closes the panel).
		await clickEmptySpot(page);
		await items.first().waitFor({ state: 'hidden' });
		return names.map((text) => text.trim());
	}

	test('every Kustomer node on the canvas shows the package\'s icon', async () => {
		const icons = await page.locator('[data-test-id="canvas-node"] img').evaluateAll((images) =>
			images.map((image) => ({ src: (image as HTMLImageElement).getAttribute('src') ?? '', loaded: (image as HTMLImageElement).naturalWidth > 0 })),
		);
		const ours = icons.filter((icon) => icon.src.includes('/icons/n8n-nodes-kustomer/'));
		expect(ours.length).toBe(allCases.length + 1);
		expect(ours.filter((icon) => !icon.loaded)).toEqual([]);
		expectNoConsoleErrors();
	});

	test.each(SHOT_CASES.map((panel) => [panel.name, panel] as const))('%s (filled in, screenshot)', async (_name, panel) => {
		await openNode(page, panel.name);
		await parkMouse(page);
		await settle(page, 500);
		mkdirSync(SHOTS_DIR, { recursive: true });
		await hideStrayEditorBoxes(page);
		await page.screenshot({ path: join(SHOTS_DIR, panel.screenshot) });
		await checkPanel(panel);
		await closeNdv(page);
	});

	test.each(CASES.map((panel) => [panel.name, panel] as const))('%s', async (_name, panel) => {
		await openNode(page, panel.name);
		await checkPanel(panel);
		await closeNdv(page);
	});

	test('switching Resource, Operation and Update Mode in a panel shows the matching fields', async () => {
		await openNode(page, SWITCH_NODE);
		const operationOf = (resource: string, name: string) =>
			(
				description.properties.find(
					(p) => p.name === 'operation' && (p.displayOptions?.show?.resource as unknown[]).includes(resource),
				)!.options as INodePropertyOptions[]
			).find((option) => option.name === name)!.value as string;
		const resourceName = (value: string) =>
			(description.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).find(
				(option) => option.value === value,
			)!.name;
		const choose = async (name: string, choice: string) => {
			await dropdownChoices(page, row(page, name).locator(`[data-test-id="parameter-input-${name}"]`), choice);
			await settle(page, 300);
		};
		const shownOperation = async () =>
			await row(page, 'operation').locator('[data-test-id="parameter-input-operation"] input').first().inputValue();

		let parameters: INodeParameters = { resource: 'conversation', operation: 'update' };
		await choose('operation', 'Bulk Update');
		parameters = { ...parameters, operation: 'bulkUpdate' };
		expect((await visibleRows(page)).map((r) => r.name)).toEqual(expectPanel(description, parameters).rows);

		await choose('updateMode', 'Same Changes for a List of IDs');
		parameters = { ...parameters, updateMode: 'sameForAll' };
		expect((await visibleRows(page)).map((r) => r.name)).toEqual(expectPanel(description, parameters).rows);

		for (const resource of ['customer', 'message']) {
			await choose('resource', resourceName(resource));
			const operation = operationOf(resource, await shownOperation());
			parameters = { resource, operation, ...(operation === 'bulkUpdate' ? { updateMode: 'sameForAll' } : {}) };
			const rows = (await visibleRows(page)).map((r) => r.name);
			// Whether n8n keeps Update Mode across the switch is its choice; the form must match one of both.
			const candidates = [expectPanel(description, parameters).rows, expectPanel(description, { resource, operation }).rows];
			expect(candidates.map((c) => c.join(','))).toContain(rows.join(','));
		}
		await choose('operation', 'Bulk Create');
		expect((await visibleRows(page)).map((r) => r.name)).toEqual(
			expectPanel(description, { resource: 'message', operation: 'bulkCreate' }).rows,
		);
		await closeNdv(page);
		expectNoConsoleErrors();
	});
});

describe('a customer import by mapped columns, run with failing records', () => {
	const SOURCE = 'Customers from the CRM';
	const IMPORT = 'Import customers by mapped columns';
	const FAILED = 'Failed records';
	const ROWS = [
		{ name: 'Katherine Johnson', email: 'katherine@example.com', phone: '+14155550101', tierStr: 'gold' },
		{ name: 'Dorothy Vaughan', email: 'dorothy@example.com', phone: '+14155550102', tierStr: 'silver' },
		{ name: 'Mary Jackson', email: 'mary@example.com', phone: '+14155550103', tierStr: 'gold' },
	];

	afterAll(() => mock.failRecordsWhere(undefined));

	test('Define Fields: Map Columns, Map Automatically, run: the warning, the error output and the rows\' identifiers (screenshots)', async () => {
		await ensureCredential();
		const id = await createWorkflow(
			'UI: import by mapped columns',
			[
				{ id: 'ui-import-source', name: SOURCE, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					...kustomerNode(IMPORT, { resource: 'customer', operation: 'bulkCreate', options: { waitForCompletion: true } }, [300, 0]),
					onError: 'continueErrorOutput',
				},
				{ id: 'ui-import-failed', name: FAILED, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 150], parameters: {} },
			],
			{
				connections: {
					[SOURCE]: { main: [[{ node: IMPORT, type: 'main', index: 0 }]] },
					[IMPORT]: { main: [[], [{ node: FAILED, type: 'main', index: 0 }]] },
				},
				pinData: { [SOURCE]: ROWS.map((json) => ({ json })) },
			},
		);
		await openWorkflow(id, IMPORT);
		await openNode(page, IMPORT);

		// Two clicks: Define Fields "Map Columns", then "Map Automatically".
		await dropdownChoices(page, row(page, 'fieldsInput').locator('[data-test-id="parameter-input-fieldsInput"]'), 'Map Columns');
		const mapper = nodeParameters(page).locator('[data-test-id="resource-mapper-container"]');
		await mapper.waitFor();
		await dropdownChoices(page, mapper.locator('[data-test-id="mapping-mode-select"]'), 'Map Automatically');
		await mapper.getByText(/incoming data fields are named the same/).first().waitFor();
		await parkMouse(page);
		await settle(page, 500);
		await hideStrayEditorBoxes(page);
		mkdirSync(SHOTS_DIR, { recursive: true });
		await page.screenshot({ path: join(SHOTS_DIR, 'kustomer-bulk-create-mapper.png') });
		expectNoConsoleErrors();

		// Kustomer refuses one record of the bulk request.
		mock.failRecordsWhere((_resource, record) => (record.name === ROWS[1].name ? 'email is invalid' : undefined));
		mock.requests.length = 0;
		await ndv(page).locator('[data-test-id="node-execute-button"]').first().click();
		// The output pane's warning, with the counts and the failed row.
		const hints = ndv(page).locator('[data-test-id="run-data-hints"]').filter({ hasText: /created/ });
		await hints.first().waitFor({ timeout: 60_000 });
		await expect(hints.first().innerText()).resolves.toContain('2 created, 1 failed (input item 1): they are on the error output');

		const [submit] = mock.requests.filter((request) => request.method === 'POST' && request.path === '/v1/customers/bulk');
		expect((submit.body as Array<Record<string, unknown>>).map((record) => [record.name, record.emails, record.phones])).toEqual(
			ROWS.map(({ name, email, phone }) => [name, [{ email }], [{ phone }]]),
		);

		// The success output: the created rows, each with its input item's index and email.
		const table = (text: string) => ndv(page).locator('table').filter({ hasText: text }).first();
		const created = table('itemIndex');
		await created.waitFor();
		const textOf = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ');
		await expect(textOf(created)).resolves.toMatch(/created 0 katherine@example\.com.*created 2 mary@example\.com/);
		await expect(textOf(created)).resolves.not.toContain(ROWS[1].email);
		await parkMouse(page);
		await settle(page, 500);
		await hideStrayEditorBoxes(page);
		await page.screenshot({ path: join(SHOTS_DIR, 'kustomer-bulk-create-failures.png') });

		// The error output: the failed row with its error, its input item's index and email.
		await ndv(page).getByText(/^Error Branch/).first().click();
		const failed = table('email is invalid');
		await failed.waitFor();
		await expect(textOf(failed)).resolves.toContain(ROWS[1].email);
		await expect(textOf(failed)).resolves.not.toContain(ROWS[0].email);
		await closeNdv(page);
		expectNoConsoleErrors();
	});
});

describe('Kustomer Trigger panel', () => {
	const TRIGGER = 'Kustomer Trigger';
	const parameters: INodeParameters = {
		events: ['kustomer.conversation.create', 'kustomer.conversation.update'],
		options: { onlyWhenChanged: 'status, assignedTeams' },
	};

	test('shows the notice, Events from Kustomer with plain labels and the options (screenshot)', async () => {
		await ensureCredential();
		const id = await createWorkflow('UI: Kustomer Trigger', [
			{
				...kustomerNode(TRIGGER, parameters, [0, 0]),
				type: `${NODE_TYPE}Trigger`,
				webhookId: '0b6f4f7e-5c1a-4f0e-9d2b-7a8c9e1f2a3b',
			},
		]);
		await openWorkflow(id, TRIGGER);
		mock.requests.length = 0;
		await openNode(page, TRIGGER);
		await parkMouse(page);
		await settle(page, 500);
		await hideStrayEditorBoxes(page);
		mkdirSync(SHOTS_DIR, { recursive: true });
		await page.screenshot({ path: join(SHOTS_DIR, 'kustomer-trigger.png') });

		const rows = await visibleRows(page);
		// The notice comes first, a row without a label (expectPanel counts notices as such rows).
		expect(rows[0].name).toBe('');
		expect(rows.map((r) => r.name)).toEqual(expectPanel(loadTriggerDescription(), parameters).rows);
		expect(rows.filter((r) => r.hasIssues)).toEqual([]);
		await expect(nodeParameters(page).innerText()).resolves.toContain('Kustomer sends no delete events.');
		const events = await dropdownChoices(page, row(page, 'events').locator('[data-test-id="parameter-input-events"]'));
		expect(events).toEqual(expect.arrayContaining(['Conversation Created', 'Conversation Updated', 'Customer Updated', 'Message Created']));
		expect(mock.requests.filter((request) => request.path === '/v1/outbound-webhooks/events').length).toBeGreaterThan(0);
		expectNoConsoleErrors();
		await closeNdv(page);
	});
});
