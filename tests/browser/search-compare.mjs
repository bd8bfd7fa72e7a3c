// quire's search against Pagefind on one built site: recall, time and bytes.
//   node search-compare.mjs SITE_DIR QUERIES.json [--lang xx] [--limit N] [--json FILE] [--engines quire,pagefind]
//
// QUERIES.json is a list of { "query": "...", "expect": ["page.html", "page.html#anchor", "folder/"] }.
// Pagefind (pinned below, or the binary in env PAGEFIND) is installed on first
// use into ~/.cache/quire/, indexes the site's <article class="page"> into a
// temporary folder (the site is not touched), and is served beside it at
// /pagefind/. Each query of each engine runs on a fresh page of index.html
// (no cache) served with gzip: time and bytes run from the call to the
// answer with `limit` complete results, index loading included; the page and
// the engine's script (search.js, pagefind.js) are loaded before.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launch, serve } from './lib.mjs';

const PAGEFIND_VERSION = '1.6.0';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    lang: { type: 'string' }, // forced on Pagefind (it trusts <html lang> otherwise)
    limit: { type: 'string', default: '20' },
    json: { type: 'string' },
    // `--engines quire` compares ranking changes fast: Pagefind's answers do not change with them.
    engines: { type: 'string', default: 'quire,pagefind' },
  },
});
if (positionals.length !== 2 || !(Number(opts.limit) >= 1)) {
  console.error('usage: node search-compare.mjs SITE_DIR QUERIES.json [--lang xx] [--limit N] [--json FILE] [--engines quire,pagefind]');
  process.exit(2);
}
const site = resolve(positionals[0]);
const queries = JSON.parse(readFileSync(positionals[1], 'utf8'));
const limit = Number(opts.limit);

/** The Pagefind binary: env PAGEFIND, else the npm package installed once into a cache folder. */
function pagefindBinary() {
  if (process.env.PAGEFIND) return process.env.PAGEFIND;
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'quire', `pagefind-${PAGEFIND_VERSION}`);
  const bin = join(cache, 'node_modules', '.bin', 'pagefind');
  if (!existsSync(bin)) {
    console.error(`installing pagefind@${PAGEFIND_VERSION} into ${cache}`);
    execFileSync('npm', ['install', '--prefix', cache, '--no-save', '--no-audit', '--no-fund', `pagefind@${PAGEFIND_VERSION}`], { stdio: 'inherit' });
  }
  return bin;
}

/** Pagefind's bundle for the site, written into `out`. Pages are its
    article (what quire indexes), URLs keep index.html like quire's. */
function runPagefind(out) {
  const args = ['--site', site, '--output-path', out, '--root-selector', 'article.page', '--keep-index-url', '--quiet'];
  if (opts.lang) args.push('--force-language', opts.lang);
  execFileSync(pagefindBinary(), args, { stdio: 'inherit' });
}

/* ---------- one query on a fresh page ---------- */

// Each engine's answer, timed in the page: a list of hits, best first, `urls`
// being what a hit links to, `excerpt` its text.
const ALL_ENGINES = {
  async quire(page, query, n) {
    return page.evaluate(async ([q, n]) => {
      const start = performance.now();
      const results = await window.quire.search(q, { limit: n });
      const ms = performance.now() - start;
      return { ms, hits: results.slice(0, n).map((r) => ({ urls: [r.url], excerpt: r.excerpt })) };
    }, [query, n]);
  },
  // A Pagefind hit is a page with up to three of its sections under it, the
  // ones its UI shows (those with the most matches); they count as that hit.
  async pagefind(page, query, n) {
    return page.evaluate(async ([q, n]) => {
      const start = performance.now();
      const search = await window.pagefind.search(q);
      const pages = await Promise.all(search.results.slice(0, n).map((r) => r.data()));
      const ms = performance.now() - start;
      return { ms, hits: pages.map((p) => {
        const subs = p.sub_results || [];
        const others = subs[0] && subs[0].url === p.url ? subs.slice(1) : subs;
        const shown = others.length <= 3 ? others : [...others].sort((a, b) => b.locations.length - a.locations.length).slice(0, 3);
        return { urls: [p.url, ...shown.map((s) => s.url)], excerpt: p.excerpt };
      }) };
    }, [query, n]);
  },
};

const ENGINES = Object.fromEntries(opts.engines.split(',').map((name) => {
  if (!ALL_ENGINES[name]) { console.error(`unknown engine ${name}`); process.exit(2); }
  return [name, ALL_ENGINES[name]];
}));

async function prepare(page, engine) {
  if (engine === 'quire') await page.waitForFunction(() => window.quire && window.quire.search);
  else await page.evaluate(async () => { window.pagefind = await import('/pagefind/pagefind.js'); });
}

async function runOne(chrome, server, engine, query) {
  const context = await chrome.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.base + 'index.html', { waitUntil: 'networkidle' });
    await prepare(page, engine);
    const before = server.sent();
    const { ms, hits } = await ENGINES[engine](page, query, limit);
    return { ms: Math.round(ms), bytes: server.sent() - before, hits };
  } finally {
    await context.close();
  }
}

/* ---------- scoring ---------- */

/** A site-relative, decoded URL: Pagefind's start with `/`, quire's do not. */
function normalize(url) {
  const path = url.replace(/^\//, '');
  try { return decodeURI(path); } catch { return path; }
}

/** The headings of a built page with an id: [level, id]. */
const headingCache = new Map();
function headings(page) {
  if (!headingCache.has(page)) {
    const file = join(site, page);
    headingCache.set(page, existsSync(file)
      ? [...readFileSync(file, 'utf8').matchAll(/<h([1-6])\b[^>]*\bid="([^"]*)"/g)].map((m) => [Number(m[1]), m[2]])
      : null);
  }
  return headingCache.get(page);
}

/** `page#id` and the sections nested in it (the h3s under an h2, …). */
function sectionIds(expect) {
  const [page, id] = expect.split('#');
  const list = headings(page) || [];
  const at = list.findIndex(([, i]) => i === id);
  const ids = [id];
  for (let k = at + 1; at >= 0 && k < list.length && list[k][0] > list[at][0]; k++) ids.push(list[k][1]);
  return ids.map((i) => `${page}#${i}`);
}

/** An expectation that names no page or heading of the site is a typo in the list. */
function missing(expect) {
  const [page, id] = expect.split('#');
  if (page.endsWith('/')) return !existsSync(join(site, page));
  const list = headings(page);
  return !list || (id !== undefined && !list.some(([, i]) => i === id));
}

/** `page.html` matches the page's sections, `page.html#a` that section and
    those nested in it, `folder/` any page under it. */
function matches(url, expect) {
  const u = normalize(url);
  return expect.some((e) => e.includes('#') ? sectionIds(e).includes(u)
    : u === e || u.startsWith(e + '#') || (e.endsWith('/') && u.startsWith(e)));
}

/** The expectations with their sections widened to the whole page. */
const pagesOf = (expect) => expect.map((e) => e.split('#')[0]);

function rankOf(hits, expect) {
  const i = hits.findIndex((h) => h.urls.some((u) => matches(u, expect)));
  return i < 0 ? null : i + 1;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : 0; };
const isEmpty = (excerpt) => !String(excerpt || '').replace(/<[^>]*>/g, '').trim();

function summary(rows) {
  const found = (k, rank = 'rank') => rows.filter((r) => r[rank] && r[rank] <= k).length;
  return {
    recall1: found(1), recall3: found(3), pageRecall3: found(3, 'pageRank'), queries: rows.length,
    medianMs: median(rows.map((r) => r.ms)),
    medianBytes: median(rows.map((r) => r.bytes)),
    emptyTop3: rows.reduce((n, r) => n + r.hits.slice(0, 3).filter((h) => isEmpty(h.excerpt)).length, 0),
  };
}

/* ---------- main ---------- */

for (const { query, expect } of queries) {
  for (const e of expect.filter(missing)) console.error(`warning: ${JSON.stringify(query)} expects ${e}, which is not in the site`);
}

const bundle = mkdtempSync(join(tmpdir(), 'quire-pagefind-'));
const removeBundle = () => rmSync(bundle, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { removeBundle(); process.exit(signal === 'SIGINT' ? 130 : 143); });
const rows = Object.fromEntries(Object.keys(ENGINES).map((name) => [name, []]));
let chrome, server;
try {
  if (ENGINES.pagefind) runPagefind(join(bundle, 'pagefind'));
  chrome = await launch();
  server = await serve(site, '/', { mounts: { '/pagefind/': join(bundle, 'pagefind') }, gzip: true });
  // Chromium's first page of a run is slow whatever it loads: not a query's cost.
  for (const engine of Object.keys(ENGINES)) await runOne(chrome, server, engine, queries[0].query);
  for (const { query, expect } of queries) {
    const line = [];
    for (const engine of Object.keys(ENGINES)) {
      const run = await runOne(chrome, server, engine, query);
      const rank = rankOf(run.hits, expect);
      rows[engine].push({ query, expect, rank, pageRank: rankOf(run.hits, pagesOf(expect)), ...run });
      line.push(`${engine} ${rank ? '#' + rank : '-'}`.padEnd(13));
    }
    console.log(`${line.join('')}${JSON.stringify(query)}`);
  }
} finally {
  await chrome?.close();
  await server?.close();
  removeBundle();
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`\n${queries.length} queries, ${limit} results each, on ${site}${opts.lang ? ` (Pagefind language ${opts.lang})` : ''}`);
console.log('engine    recall@1  recall@3  (page)  first query (median)  bytes/query gzip (median)  empty excerpts in top 3');
const summaries = {};
for (const engine of Object.keys(ENGINES)) {
  const s = summaries[engine] = summary(rows[engine]);
  console.log(`${engine.padEnd(9)} ${`${s.recall1}/${s.queries}`.padStart(8)}  ${`${s.recall3}/${s.queries}`.padStart(8)}  ${`${s.pageRecall3}`.padStart(6)}  ${`${s.medianMs} ms`.padStart(20)}  ${kb(s.medianBytes).padStart(25)}  ${String(s.emptyTop3).padStart(23)}`);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify({ site, limit, lang: opts.lang || null, summaries, rows }, null, 1));
