// n8n's own checks for community packages, run offline on this repository.
//
//   node scripts/check-community.mjs <toolsDir> <repoDir> <unpackedTarballDir>
//
// Called by scripts/check-community.sh, which installs the tools (pinned in
// scripts/check-community.package{,-lock}.json) into a cache folder outside the
// repository, builds and packs the package and unpacks the tarball.
//
// 1. `n8n-node lint`: ESLint with the flat config that `@n8n/node-cli` ships
//    (`@n8n/node-cli/eslint`, the config every `n8n-node new` project uses), on
//    the files that are published from source: nodes/, credentials/, package.json.
// 2. The community-package scanner that n8n runs before a package may be verified
//    (`@n8n/scan-community-package`): its `analyzePackage` on the source tree
//    (SOURCE_FILE_PATTERNS, as it does for the provenance-attested source) and on
//    the unpacked `npm pack` tarball (`**/*.js` + package.json, as it does for the
//    published artefact). The scanner's CLI only takes a published package name
//    and needs the network; these are the same two calls, without it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [toolsDir, repoDir, tarballDir] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!toolsDir || !repoDir || !tarballDir) {
	console.error('usage: node scripts/check-community.mjs <toolsDir> <repoDir> <unpackedTarballDir>');
	process.exit(2);
}

const toolsRequire = createRequire(path.join(toolsDir, 'package.json'));
const importFromTools = (specifier) => import(pathToFileURL(toolsRequire.resolve(specifier)).href);

const results = [];

async function lintLikeN8nNodeCli() {
	// Resolve eslint the way node-cli does (its own dependency), and its config.
	const cliConfigPath = toolsRequire.resolve('@n8n/node-cli/eslint');
	const cliRequire = createRequire(cliConfigPath);
	const { ESLint } = cliRequire('eslint');
	const { config } = cliRequire(cliConfigPath);
	const eslint = new ESLint({
		cwd: repoDir,
		overrideConfigFile: true,
		overrideConfig: config,
		errorOnUnmatchedPattern: false,
	});
	const lintResults = await eslint.lintFiles(['nodes', 'credentials', 'package.json']);
	const formatter = await eslint.loadFormatter('stylish');
	const text = await formatter.format(lintResults);
	const errors = lintResults.reduce((n, r) => n + r.errorCount, 0);
	const warnings = lintResults.reduce((n, r) => n + r.warningCount, 0);
	return {
		name: `n8n-node lint (@n8n/node-cli eslint config) on ${lintResults.length} files`,
		passed: errors === 0,
		summary: `${errors} errors, ${warnings} warnings`,
		details: text,
	};
}

async function scan(label, dir, patterns) {
	const { analyzePackage } = await importFromTools('@n8n/scan-community-package/scanner/scanner.mjs');
	const result = await analyzePackage(dir, patterns);
	return {
		name: `@n8n/scan-community-package analyzePackage, ${label}`,
		passed: result.passed,
		summary: result.message ?? (result.passed ? 'no violations' : ''),
		details: result.details ?? '',
	};
}

const scanner = await importFromTools('@n8n/scan-community-package/scanner/scanner.mjs');

results.push(await lintLikeN8nNodeCli());
results.push(await scan('source tree (SOURCE_FILE_PATTERNS)', repoDir, scanner.SOURCE_FILE_PATTERNS));
results.push(await scan('npm pack tarball (**/*.js, package.json)', tarballDir, ['**/*.js', 'package.json']));

let failed = 0;
for (const r of results) {
	console.log(`${r.passed ? 'PASS' : 'FAIL'}  ${r.name}: ${r.summary}`);
	if (r.details && r.details.trim()) console.log(r.details.replace(/^/gm, '      '));
	if (!r.passed) failed++;
}
console.log(failed ? `\n${failed} of ${results.length} checks failed` : `\nall ${results.length} checks passed`);
process.exit(failed ? 1 : 0);
