/**
 * `npm run dev` (started by scripts/dev/run.sh, compiled with tsconfig.dev.json): the real n8n with this
 * package installed as a community node, a ready Kustomer credential, the examples/ workflows imported and an
 * owner to log in with; by default against a local Kustomer stand-in (the test mock, seeded with sample data,
 * with a rate budget), against the real Kustomer when KUSTOMER_API_KEY and a region are set.
 *
 * It uses the e2e harness (test/e2e/support/n8n.ts): a throw-away n8n user folder, removed on exit.
 * When a file under nodes/ or credentials/ changes: `npm run build`, reinstall into n8n's nodes folder,
 * restart n8n. Ctrl-C (SIGINT) or SIGTERM stops n8n and the stand-in and removes what it made.
 */
import { spawn } from 'child_process';
import { watch, type FSWatcher } from 'fs';
import { rm } from 'fs/promises';
import { createServer } from 'net';
import { dirname, join } from 'path';
import { randomBytes } from 'crypto';
import { seedSamples, startMockKustomer, type MockKustomer, type SampleIds } from '../../test/mock-kustomer';
import {
	freePort,
	loadExamples,
	N8nSandbox,
	packBuild,
	PACKAGE_NAME,
	REPO_ROOT,
	type Owner,
} from '../../test/e2e/support/n8n';
import { CREDENTIAL_TYPE, kustomerResource, sampleIds, withMockCredential } from '../../test/e2e/support/workflows';

const OWNER: Owner = { email: 'dev@example.com', firstName: 'Kustomer', lastName: 'Dev', password: 'Kustomer-dev-1' };
/** Requests per minute the stand-in allows: the smallest Kustomer plan's org budget. */
const MOCK_RATE_LIMIT = Number(process.env.KUSTOMER_MOCK_RATE_LIMIT) || 300;
const REGIONS = ['us', 'eu', 'in'];
const WATCHED = ['nodes', 'credentials'];

const log = (message: string) => console.log(`[dev] ${message}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

interface Kustomer {
	/** Said at start: which Kustomer the credential points at. */
	description: string;
	credential: { name: string; data: Record<string, unknown> };
	mock?: MockKustomer;
}

/** The real Kustomer from KUSTOMER_API_KEY + KUSTOMER_ORG / KUSTOMER_REGION, or undefined for the stand-in. */
function realKustomer(env: NodeJS.ProcessEnv): Kustomer | undefined {
	const apiKey = env.KUSTOMER_API_KEY;
	if (!apiKey) return undefined;
	const org = env.KUSTOMER_ORG;
	const region = env.KUSTOMER_REGION?.toLowerCase();
	let data: Record<string, unknown>;
	let where: string;
	if (org) {
		data = { apiKey, region: 'org', orgName: org };
		where = `org "${org}"`;
	} else if (region && REGIONS.includes(region)) {
		data = { apiKey, region };
		where = `region ${region.toUpperCase()}`;
	} else if (region && /^https?:\/\//.test(region)) {
		data = { apiKey, region: 'custom', baseUrl: env.KUSTOMER_REGION };
		where = `base URL ${env.KUSTOMER_REGION}`;
	} else {
		throw new Error(
			'KUSTOMER_API_KEY is set, but not where your Kustomer is: set KUSTOMER_ORG (the subdomain you sign in ' +
				`with) or KUSTOMER_REGION (${REGIONS.join(', ')} or a base URL), or unset KUSTOMER_API_KEY for the stand-in`,
		);
	}
	return {
		description: `your Kustomer, ${where}, with the key in KUSTOMER_API_KEY (the examples change that org's data)`,
		credential: { name: `Kustomer (${where})`, data },
	};
}

/** The stand-in: the test mock on 127.0.0.1, seeded with sample records and the examples' sample IDs. */
async function standIn(): Promise<Kustomer> {
	const apiKey = `dev-${randomBytes(8).toString('hex')}`;
	const mock = await startMockKustomer({
		apiKey,
		latencyMs: 20,
		rateLimit: { limit: MOCK_RATE_LIMIT, windowMs: 60_000 },
		bulkProcessingMs: 1000,
	});
	const ids: SampleIds = {};
	for (const { workflow } of loadExamples()) {
		const resource = kustomerResource(workflow) as keyof SampleIds;
		ids[resource] = [...(ids[resource] ?? []), ...sampleIds(workflow)];
	}
	const seeded = seedSamples(mock, ids);
	const counts = Object.entries(seeded).map(([resource, list]) => `${list.length} ${resource}s`);
	return {
		description:
			`local stand-in at ${mock.baseUrl} (API key ${apiKey}): ${counts.join(', ')}; ` +
			`rate budget ${MOCK_RATE_LIMIT} requests a minute`,
		credential: { name: 'Kustomer (local stand-in)', data: { apiKey, region: 'custom', baseUrl: mock.baseUrl } },
		mock,
	};
}

/** N8N_PORT, else n8n's usual 5678 when it is free, else any free port. */
async function editorPort(): Promise<number> {
	if (process.env.N8N_PORT) return Number(process.env.N8N_PORT);
	const free = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(5678, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? 5678 : await freePort();
}

function npmBuild(): Promise<boolean> {
	return new Promise((resolve) => {
		const child = spawn('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
		child.on('close', (code) => resolve(code === 0));
	});
}

/** Packs dist/ and (re)installs it into n8n's nodes folder, as the Community Nodes screen does. */
async function installBuild(n8n: N8nSandbox): Promise<void> {
	const tarball = await packBuild();
	await rm(join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
	await n8n.installCommunityPackage(tarball);
	await rm(dirname(tarball), { recursive: true, force: true });
}

/** The credential and the example workflows, made through n8n's REST API as the owner. */
async function importIntoN8n(session: Awaited<ReturnType<N8nSandbox['ownerSession']>>, kustomer: Kustomer) {
	const post = async (path: string, body: unknown) => {
		const response = await session(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`POST ${path} failed: ${response.status} ${await response.text()}`);
		return ((await response.json()) as { data: { id: string } }).data;
	};
	const { id } = await post('/rest/credentials', { ...kustomer.credential, type: CREDENTIAL_TYPE });
	const names: string[] = [];
	for (const { workflow } of loadExamples()) {
		const { name, nodes, connections, settings } = withMockCredential(workflow, { id, name: kustomer.credential.name });
		await post('/rest/workflows', { name, nodes, connections, settings });
		names.push(name);
	}
	return names;
}

async function main() {
	const started = Number(process.env.DEV_STARTED_AT) || Date.now();
	let n8n: N8nSandbox | undefined;
	let kustomer: Kustomer | undefined;
	const watchers: FSWatcher[] = [];
	let stopping = false;

	const stop = async (reason: string, exitCode = 0) => {
		if (stopping) return;
		stopping = true;
		log(`${reason}: stopping n8n${kustomer?.mock ? ' and the stand-in' : ''}`);
		for (const watcher of watchers) watcher.close();
		await n8n?.cleanup();
		await kustomer?.mock?.stop();
		log('stopped');
		process.exit(exitCode);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));

	try {
		kustomer = realKustomer(process.env) ?? (await standIn());
		log(`Kustomer: ${kustomer.description}`);
		n8n = await N8nSandbox.create({ env: { N8N_PORT: String(await editorPort()) } });
		await installBuild(n8n);
		const baseUrl = await n8n.start();
		const workflows = await importIntoN8n(await n8n.ownerSession(baseUrl, OWNER), kustomer);
		log(`n8n ${n8n.install.version} with ${PACKAGE_NAME}; user folder and logs in ${n8n.root} (removed on exit)`);
		log(`workflows: ${workflows.join('; ')}`);
		log(`Editor: ${baseUrl}`);
		log(`Login: ${OWNER.email} / ${OWNER.password}`);
		log(`editor ready ${seconds(started)} after \`npm run dev\` started`);
		log(`watching ${WATCHED.join('/, ')}/ (a change rebuilds, reinstalls and restarts n8n); Ctrl-C stops`);
	} catch (error) {
		if (stopping) return;
		console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
		await stop('failed', 1);
		return;
	}

	let timer: NodeJS.Timeout | undefined;
	let rebuilding: Promise<void> = Promise.resolve();
	const rebuild = async () => {
		const since = Date.now();
		log('sources changed: rebuilding');
		if (!(await npmBuild())) return log('build failed: n8n keeps the previous build; fix and save again');
		await n8n!.stop();
		await installBuild(n8n!);
		await n8n!.start();
		log(`rebuilt, reinstalled and restarted n8n in ${seconds(since)}`);
	};
	for (const folder of WATCHED) {
		watchers.push(
			watch(join(REPO_ROOT, folder), { recursive: true }, () => {
				clearTimeout(timer);
				timer = setTimeout(() => {
					if (!stopping) rebuilding = rebuilding.then(rebuild).catch((error) => log(`rebuild failed: ${error}`));
				}, 300);
			}),
		);
	}
}

void main();
