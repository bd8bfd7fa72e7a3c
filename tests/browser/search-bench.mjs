// Search latency in headless Chromium on a built site: the first query of a
// fresh page (manifest and shards loaded) and later queries, over HTTP
// and from file://, with the bytes each query loaded.
//   node search-bench.mjs SITE_DIR [PAGE] [QUERY ...]
// Medians of RUNS (env, default 5) fresh pages per query.
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { launch, serve } from './lib.mjs';

const [siteArg, pageArg = 'index.html', ...queryArgs] = process.argv.slice(2);
if (!siteArg) {
  console.error('usage: node search-bench.mjs SITE_DIR [PAGE] [QUERY ...]');
  process.exit(2);
}
const site = resolve(siteArg);
const queries = queryArgs.length ? queryArgs : ['install', 'retry sched', '英飛凌', 'configuration'];
const RUNS = Number(process.env.RUNS || 5);

function indexSizes(dir) {
  let raw = 0, gz = 0, files = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) continue;
    const bytes = readFileSync(path);
    raw += bytes.length;
    gz += gzipSync(bytes).length;
    files += 1;
  }
  return { files, raw, gz };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

async function measure(chrome, url, query) {
  const firsts = [], laters = [], loaded = [];
  let results = 0;
  for (let run = 0; run < RUNS; run++) {
    const ctx = await chrome.newContext();
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.quire && window.quire.search);
    if (process.env.SETTLE) await page.waitForTimeout(Number(process.env.SETTLE));
    const first = await page.evaluate(async (q) => {
      const t = performance.now();
      const r = await window.quire.search(q);
      return [performance.now() - t, r.length];
    }, query);
    firsts.push(first[0]);
    results = first[1];
    // Bytes of the search files this query loaded (decoded sizes, as on disk).
    loaded.push(await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/search/'))
      .reduce((sum, e) => sum + e.decodedBodySize, 0)));
    // Later queries: the same words typed further, as a reader would.
    const later = await page.evaluate(async (q) => {
      const times = [];
      for (const variant of [q + ' ', q.slice(0, -1), q]) {
        const t = performance.now();
        await window.quire.search(variant);
        times.push(performance.now() - t);
      }
      return Math.max(...times);
    }, query);
    laters.push(later);
    await ctx.close();
  }
  return { first: median(firsts), later: median(laters), loaded: median(loaded), results };
}

const searchDir = join(site, 'search');
const sizes = indexSizes(searchDir);
console.log(`index: ${sizes.files} files, ${kb(sizes.raw)} raw, ${kb(sizes.gz)} gzip`);
const chrome = await launch();
const server = await serve(site, '/kb/');
try {
  for (const [label, base] of [['http', server.base], ['file', pathToFileURL(site).href + '/']]) {
    for (const q of queries) {
      const m = await measure(chrome, base + pageArg, q);
      const loaded = m.loaded ? `, loaded ${kb(m.loaded)}` : '';
      console.log(`${label.padEnd(4)} ${JSON.stringify(q).padEnd(16)} first ${m.first.toFixed(0).padStart(4)} ms, later ${m.later.toFixed(1).padStart(5)} ms, ${m.results} results${loaded}`);
    }
  }
} finally {
  await chrome.close();
  await server.close();
}
