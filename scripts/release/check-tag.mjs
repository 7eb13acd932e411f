// The publish workflow's gate: the pushed tag names the version in package.json, and CHANGELOG.md has a
// dated section with entries for it. Exits non-zero, saying what to fix, when either does not hold.
//
//   node scripts/release/check-tag.mjs v1.2.3 [repoDir]
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [tag = '', repoDir = '.'] = process.argv.slice(2);
const { version } = JSON.parse(readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
const changelog = readFileSync(path.join(repoDir, 'CHANGELOG.md'), 'utf8');
const problems = [];

if (tag !== `v${version}`) {
	problems.push(`the tag "${tag}" does not name package.json's version ${version}: tag the release v${version}`);
}
const escaped = version.replace(/[.+]/g, '\\$&');
const section = new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2}\\n([\\s\\S]*?)(?=^## |^\\[|(?![\\s\\S]))`, 'm');
const body = section.exec(changelog)?.[1];
if (body === undefined) {
	problems.push(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD": move the Unreleased entries into one`);
} else if (!/^- /m.test(body)) {
	problems.push(`CHANGELOG.md's section for ${version} lists no changes`);
}

if (problems.length > 0) {
	for (const problem of problems) console.error(`release check: ${problem}`);
	process.exit(1);
}
console.log(`release check: tag ${tag} = package.json ${version}, CHANGELOG.md has its section`);
