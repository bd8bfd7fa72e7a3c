// Time from an atomic save (write a temporary file, rename it over the page)
// to headless Chromium showing the new text, through `quire serve`.
//   node serve-latency.mjs SPACE_DIR PAGE.md [RUNS]
// Uses the release binary (cargo build --release) unless QUIRE_BIN is set.
// The page file is restored at the end.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lib.mjs';

const [spaceArg, pageArg, runsArg = '7'] = process.argv.slice(2);
if (!spaceArg || !pageArg) {
  console.error('usage: node serve-latency.mjs SPACE_DIR PAGE.md [RUNS]');
  process.exit(2);
}
const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = process.env.QUIRE_BIN || join(repo, 'target/release/quire');
if (!existsSync(bin)) { console.error(`no ${bin}: cargo build --release first`); process.exit(2); }
const space = resolve(spaceArg), file = join(space, pageArg), original = readFileSync(file, 'utf8');
const htmlPath = pageArg.replace(/(^|\/)README\.md$/i, '$1index.html').replace(/\.md$/, '.html');

const server = spawn(bin, ['serve', space, '--port', '0', '-q'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((ok, fail) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/Serving at (\S+)/);
    if (m) ok(m[1]);
  });
  server.on('exit', (code) => fail(new Error(`quire serve exited with ${code}`)));
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const chrome = await launch();
const times = [];
try {
  const page = await (await chrome.newContext()).newPage();
  await page.goto(base + htmlPath);
  await page.waitForTimeout(1500); // the first search index may still be building
  for (let run = 0; run < Number(runsArg); run++) {
    const marker = `latency-marker-${Date.now()}-${run}`;
    const reloaded = page.waitForEvent('load');
    const started = performance.now();
    const temp = join(dirname(file), `.${run}.quire-latency.tmp`);
    writeFileSync(temp, `${original}\n\n${marker}\n`);
    renameSync(temp, file);
    await reloaded;
    await page.waitForFunction((m) => document.body.textContent.includes(m), marker, { timeout: 30000 });
    times.push(performance.now() - started);
    await page.waitForTimeout(1200);
  }
} finally {
  writeFileSync(file, original);
  await chrome.close();
  server.kill('SIGTERM');
}
console.log(`${pageArg}: save → browser shows it: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
