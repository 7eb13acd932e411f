/**
 * `npm run dev`, as a person starts it: waits for the editor it prints, logs in with the login it prints,
 * runs an imported example through n8n's REST API (as the editor's Execute button does) against the
 * stand-in, then stops it like Ctrl-C does (SIGINT to its process group) and checks that every process it
 * started has ended.
 */
import { spawn, type ChildProcess } from 'child_process';
import { existsSync } from 'fs';
import { freePort, REPO_ROOT } from './support/n8n';
import { sampleIds } from './support/workflows';

const version = process.env.N8N_E2E_VERSION || '2.41.1';
// `npm run dev` runs n8n 2.41.1 whatever version the e2e run is for: once is enough.
const describeDev = version === '2.41.1' ? describe : describe.skip;

const EXAMPLE = 'Kustomer: close stale conversations in bulk';

interface Started {
	child: ChildProcess;
	output: () => string;
}

function startDev(env: NodeJS.ProcessEnv): Started {
	// Its own process group, so the test can signal it as a terminal does and see whether any process is left.
	const child = spawn('npm', ['run', 'dev'], {
		cwd: REPO_ROOT,
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	return { child, output: () => output };
}

async function waitFor(what: string, started: Started, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const match = started.output().match(pattern);
		if (match) return match;
		if (started.child.exitCode !== null) break;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`npm run dev: no ${what}\n${started.output().slice(-6000)}`);
}

const groupAlive = (pgid: number) => {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
};

describeDev('npm run dev', () => {
	let started: Started | undefined;

	afterAll(() => {
		if (started?.child.pid && groupAlive(started.child.pid)) process.kill(-started.child.pid, 'SIGKILL');
	});

	test('starts n8n with the node, the stand-in and the examples; runs one; stops everything on Ctrl-C', async () => {
		const env: NodeJS.ProcessEnv = { ...process.env, N8N_PORT: String(await freePort()) };
		// The stand-in, whatever the machine's environment says; a tarball the e2e run made is not the dev build.
		for (const name of ['KUSTOMER_API_KEY', 'N8N_E2E_TARBALL', 'N8N_E2E_VERSION']) delete env[name];
		started = startDev(env);

		const [, editor] = await waitFor('editor URL', started, /\[dev\] Editor: (http:\/\/127\.0\.0\.1:\d+)\n/, 480_000);
		const [, email, password] = await waitFor('login', started, /\[dev\] Login: (\S+) \/ (\S+)\n/, 10_000);
		const [, mockUrl, apiKey] = await waitFor('stand-in', started, /local stand-in at (\S+) \(API key (\S+)\)/, 1000);
		const [, folder] = await waitFor('user folder', started, /user folder and logs in (\S+) /, 1000);
		expect(editor).toBe(`http://127.0.0.1:${env.N8N_PORT}`);

		const login = await fetch(`${editor}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': 'dev-test' },
			body: JSON.stringify({ emailOrLdapLoginId: email, password }),
		});
		expect(login.status).toBe(200);
		const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
		const rest = async (path: string, body?: unknown) => {
			const response = await fetch(`${editor}${path}`, {
				method: body === undefined ? 'GET' : 'POST',
				headers: { cookie, 'browser-id': 'dev-test', 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			expect(response.status).toBe(200);
			return ((await response.json()) as { data: any }).data;
		};

		// The three examples, each Kustomer node on the one credential, which points at the stand-in.
		const workflows: Array<{ id: string; name: string }> = await rest('/rest/workflows');
		expect(workflows.map((w) => w.name).sort()).toEqual([
			'Kustomer: bulk-import customers from a list',
			EXAMPLE,
			'Kustomer: tag messages',
		]);
		const credentials: Array<{ id: string; name: string; type: string }> = await rest('/rest/credentials');
		expect(credentials).toEqual([expect.objectContaining({ name: 'Kustomer (local stand-in)', type: 'kustomerApi' })]);

		const { id } = workflows.find((w) => w.name === EXAMPLE)!;
		const workflow = await rest(`/rest/workflows/${id}`);
		const kustomerNodes = workflow.nodes.filter((n: any) => n.type === 'n8n-nodes-kustomer.kustomer');
		expect(kustomerNodes.map((n: any) => n.credentials.kustomerApi.id)).toEqual([credentials[0].id]);
		const trigger = workflow.nodes.find((n: any) => n.type === 'n8n-nodes-base.manualTrigger').name;
		const conversationStatuses = async () => {
			const statuses: string[] = [];
			for (const conversation of sampleIds(workflow)) {
				const response = await fetch(`${mockUrl}/v1/conversations/${conversation}`, {
					headers: { authorization: `Bearer ${apiKey}` },
				});
				statuses.push(((await response.json()) as any).data.attributes.status);
			}
			return statuses;
		};
		expect(await conversationStatuses()).toEqual(['open', 'open', 'open', 'open']);
		const { executionId } = await rest(`/rest/workflows/${id}/run`, { triggerToStartFrom: { name: trigger } });
		let execution: { status: string } | undefined;
		for (let polls = 0; polls < 240 && !['success', 'error', 'crashed'].includes(execution?.status ?? ''); polls++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			execution = await rest(`/rest/executions/${executionId}`);
		}
		expect(execution?.status).toBe('success');
		// The example closed its three stale conversations in the stand-in and left the recent one alone.
		expect(await conversationStatuses()).toEqual(['done', 'open', 'done', 'done']);

		// Ctrl-C: the terminal sends SIGINT to the whole foreground process group.
		const pgid = started.child.pid!;
		const exited = new Promise((resolve) => started!.child.once('exit', resolve));
		process.kill(-pgid, 'SIGINT');
		// npm ends by the signal itself (as after any Ctrl-C), once the dev script has stopped what it started.
		await exited;
		for (let polls = 0; polls < 120 && groupAlive(pgid); polls++) await new Promise((r) => setTimeout(r, 250));
		expect(groupAlive(pgid)).toBe(false);
		expect(started.output()).toMatch(/\[dev\] SIGINT: stopping n8n and the stand-in\n\[dev\] stopped\n/);
		expect(existsSync(folder)).toBe(false);
		await expect(fetch(`${editor}/healthz`)).rejects.toThrow();
		await expect(fetch(`${mockUrl}/v1/customers`)).rejects.toThrow();
	});
});
