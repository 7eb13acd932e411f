/**
 * n8n in queue mode on this machine: PostgreSQL and Redis from Debian's packages (installed with apt-get
 * when missing), started on free loopback ports in temporary folders and stopped afterwards; one user
 * folder with the packed package installed once (as the Community Nodes screen does) for a main process
 * and its workers. Used by the queue-mode e2e test and by the benchmark.
 */
import { spawn, type ChildProcess } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { freePort, N8nSandbox, run, type WorkflowJson } from './n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME, CREDENTIAL_TYPE, mockCredential, NODE_TYPE } from './workflows';

const POSTGRES_ROOT = '/usr/lib/postgresql';

function postgresBin(): string | undefined {
	if (!existsSync(POSTGRES_ROOT)) return undefined;
	const versions = readdirSync(POSTGRES_ROOT).filter((name) => existsSync(join(POSTGRES_ROOT, name, 'bin', 'initdb')));
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	return newest && join(POSTGRES_ROOT, newest, 'bin');
}

/** PostgreSQL's and Redis's binaries, installed from Debian's packages when missing (needs root, as CI is). */
export async function ensureQueueServices(): Promise<{ postgresBin: string }> {
	const missing = !postgresBin() || !existsSync('/usr/bin/redis-server');
	if (missing) {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		await run('apt-get', ['update', '-qq'], { env, timeoutMs: 600_000 });
		await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql', 'redis-server'], { env, timeoutMs: 900_000 });
	}
	const bin = postgresBin();
	if (!bin) throw new Error(`PostgreSQL is not in ${POSTGRES_ROOT} after apt-get install postgresql`);
	return { postgresBin: bin };
}

async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await ready().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${what} was not ready after ${timeoutMs} ms`);
}

/** A throw-away PostgreSQL cluster; initdb refuses root, so it runs as the `postgres` user. */
export class Postgres {
	private constructor(
		private readonly bin: string,
		private readonly dir: string,
		readonly port: number,
	) {}

	static async start(bin: string): Promise<Postgres> {
		const dir = mkdtempSync(join(tmpdir(), 'kustomer-e2e-pg-'));
		chownSync(dir, ...(await postgresIds()));
		const port = await freePort();
		const asPostgres = async (command: string, args: string[]) =>
			await run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { cwd: dir, timeoutMs: 120_000 });
		const data = join(dir, 'data');
		await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
		const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
		await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-o', options, '-w', 'start']);
		const postgres = new Postgres(bin, dir, port);
		await asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n']);
		return postgres;
	}

	async stop(): Promise<void> {
		await run('runuser', ['-u', 'postgres', '--', join(this.bin, 'pg_ctl'), '-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop'], {
			cwd: this.dir,
			allowFailure: true,
		});
		rmSync(this.dir, { recursive: true, force: true });
	}
}

async function postgresIds(): Promise<[number, number]> {
	const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
	const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
	return [uid, gid];
}

/** A Redis without persistence, as this process's child. */
export class Redis {
	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
	) {}

	static async start(): Promise<Redis> {
		const port = await freePort();
		const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
			stdio: 'ignore',
		});
		const redis = new Redis(child, port);
		await waitFor('Redis', async () => (await run('redis-cli', ['-p', String(port), 'ping'], { allowFailure: true })).stdout.includes('PONG'));
		return redis;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			this.child.once('exit', () => resolve());
			this.child.kill('SIGTERM');
		});
	}
}

export const WEBHOOK_PATH = 'kustomer-bulk-update';
const WORKFLOW_ID = 'queueBulkUpdate1';

/**
 * Webhook (POST, answers at once) → Split Out of the body's `records` → Kustomer Bulk Update of
 * conversations, each record's ID and name mapped from its item.
 */
export function bulkUpdateByWebhook(): WorkflowJson {
	return {
		id: WORKFLOW_ID,
		name: 'Bulk Update by webhook',
		nodes: [
			{
				id: 'queue-webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: '5b0f3f7e-5a53-4c39-9d7c-3f1e1f0b6a01',
				position: [0, 0],
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'queue-split',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.records', include: 'noOtherFields', options: {} },
			},
			{
				id: 'queue-kustomer',
				name: 'Bulk Update',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'conversation',
					operation: 'bulkUpdate',
					conversationId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					updateFields: { name: '={{ $json.name }}' },
				},
				credentials: { [CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Bulk Update', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export interface Execution {
	id: string;
	status: string;
	startedAt?: string;
	stoppedAt?: string;
}

/** Main plus workers of one user folder on PostgreSQL and Redis, the Bulk Update workflow published. */
export class QueueN8n {
	private readonly workers: ChildProcess[] = [];
	private session?: (path: string, init?: RequestInit) => Promise<Response>;
	baseUrl = '';

	private constructor(
		readonly sandbox: N8nSandbox,
		private readonly postgres: Postgres,
		private readonly redis: Redis,
	) {}

	static async start(options: { tarball: string; mockBaseUrl: string; workers: number }): Promise<QueueN8n> {
		const { postgresBin } = await ensureQueueServices();
		const postgres = await Postgres.start(postgresBin);
		const redis = await Redis.start().catch(async (error) => {
			await postgres.stop();
			throw error;
		});
		const sandbox = await N8nSandbox.create({
			tarball: options.tarball,
			env: {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				N8N_ENCRYPTION_KEY: 'kustomer-e2e-queue-mode-key',
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'postgres',
				N8N_WEBHOOK_URL: '',
			},
		});
		const queue = new QueueN8n(sandbox, postgres, redis);
		try {
			await sandbox.importCredentials([mockCredential(options.mockBaseUrl)]);
			await sandbox.importWorkflows([bulkUpdateByWebhook()]);
			await sandbox.n8n(['publish:workflow', `--id=${WORKFLOW_ID}`]);
			queue.baseUrl = await sandbox.start();
			await queue.addWorkers(options.workers);
			queue.session = await sandbox.ownerSession(queue.baseUrl);
			await waitFor('the webhook', async () => (await fetch(`${queue.baseUrl}/webhook/${WEBHOOK_PATH}`, { method: 'OPTIONS' })).status !== 404);
		} catch (error) {
			await queue.stop();
			throw error;
		}
		return queue;
	}

	get workerCount(): number {
		return this.workers.length;
	}

	async addWorkers(count: number): Promise<void> {
		await Promise.all(Array.from({ length: count }, async () => await this.startWorker()));
	}

	/** `n8n worker`, with its own task-runner broker port and health check, resolved once it is healthy. */
	private async startWorker(): Promise<void> {
		const healthPort = await freePort();
		const env = {
			...this.sandbox.env(),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_LOG_FILE_LOCATION: join(this.sandbox.root, `worker-${this.workers.length + 1}.log`),
		};
		const child = spawn(join(this.sandbox.install.nodeBinDir, 'node'), [this.sandbox.install.n8nEntry, 'worker', '--concurrency=10'], {
			cwd: this.sandbox.root,
			env,
			stdio: 'ignore',
		});
		this.workers.push(child);
		await waitFor('an n8n worker', async () => (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status === 200, 180_000);
	}

	/** Starts one execution through the production webhook, with these records in its body. */
	async trigger(records: Array<{ id: string; name: string }>): Promise<void> {
		const response = await fetch(`${this.baseUrl}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ records }),
		});
		if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
	}

	/** The workflow's executions, once `count` of them (counting from `after` on) have ended. */
	async executions(count: number, after = 0, timeoutMs = 600_000): Promise<Execution[]> {
		let executions: Execution[] = [];
		const ended = (execution: Execution) => !['new', 'running', 'waiting'].includes(execution.status);
		await waitFor(
			`${count} executions`,
			async () => {
				const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
				const body = (await (await this.session!(`/rest/executions?filter=${filter}`)).json()) as { data: { results: Execution[] } };
				executions = body.data.results.filter((execution) => Number(execution.id) > after);
				return executions.length >= count && executions.every(ended);
			},
			timeoutMs,
		);
		return executions;
	}

	async stop(): Promise<void> {
		await Promise.all(
			this.workers.map(
				async (worker) =>
					await new Promise<void>((resolve) => {
						if (worker.exitCode !== null) return resolve();
						const timer = setTimeout(() => worker.kill('SIGKILL'), 20_000);
						worker.once('exit', () => {
							clearTimeout(timer);
							resolve();
						});
						worker.kill('SIGTERM');
					}),
			),
		);
		await this.sandbox.cleanup();
		await this.redis.stop();
		await this.postgres.stop();
	}
}
