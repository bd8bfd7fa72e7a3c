// Every link, image, script and stylesheet of the built sample site answers
// when the site is served under a sub-path: a crawl from the home page that
// follows every relative URL and never meets a 404. The same sample built
// with `pretty_urls: true` (pages at `a/b/index.html`, linked as `a/b/`)
// is crawled too, and its script-drawn navigation and search results are
// followed in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve, launch, openPage, quireBinary, SITE } from '../lib.mjs';

const PREFIX = '/docs/kb/';
const CONTENT = fileURLToPath(new URL('../../../content', import.meta.url));
let server, pretty, prettyDir, chrome;

before(async () => {
  server = await serve(SITE, PREFIX);
  const bin = quireBinary();
  if (bin) {
    prettyDir = mkdtempSync(join(tmpdir(), 'quire-pretty-'));
    const config = join(prettyDir, 'quire.yaml');
    writeFileSync(config, `title: Pretty\ncontent: ${JSON.stringify(CONTENT)}\noutput: out\npretty_urls: true\n`);
    execFileSync(bin, ['build', prettyDir, '--config', config], { stdio: 'pipe' });
    pretty = await serve(join(prettyDir, 'out'), PREFIX);
    chrome = await launch();
  }
});
after(async () => {
  await server?.close();
  await pretty?.close();
  await chrome?.close();
  if (prettyDir) rmSync(prettyDir, { recursive: true, force: true });
});

/** The URLs a page refers to: href, src and srcset values. */
function references(html) {
  const out = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) out.push(m[1]);
  for (const m of html.matchAll(/\ssrcset="([^"]*)"/g)) {
    for (const part of m[1].split(',')) out.push(part.trim().split(/\s+/)[0]);
  }
  return out.map((u) => u.replace(/&amp;/g, '&')).filter((u) => u && !/^(?:[a-z][a-z0-9+.-]*:|#|\/\/)/i.test(u));
}

/** Fetch every page and file reachable from `start`; the ones not answering 200. */
async function crawl(start) {
  const seen = new Set([start.href]), queue = [start], broken = [];
  let pages = 0, files = 0;
  while (queue.length) {
    const url = queue.shift();
    const response = await fetch(url, { redirect: 'manual' });
    if (response.status !== 200) { broken.push(`${response.status} ${decodeURIComponent(url.pathname)} (from ${url.from || 'start'})`); continue; }
    if (!(response.headers.get('content-type') || '').startsWith('text/html')) { files += 1; await response.arrayBuffer(); continue; }
    pages += 1;
    for (const ref of references(await response.text())) {
      const next = new URL(ref, url);
      next.hash = '';
      next.search = '';
      assert.ok(next.pathname.startsWith(PREFIX), `${url.pathname} leaves the sub-path with ${ref}`);
      if (seen.has(next.href)) continue;
      seen.add(next.href);
      next.from = decodeURIComponent(url.pathname);
      queue.push(next);
    }
  }
  return { pages, files, broken, seen };
}

test('a crawl of the sample site under a sub-path finds no broken reference', async () => {
  const { pages, files, broken } = await crawl(new URL(server.base + 'index.html'));
  assert.deepEqual(broken, []);
  assert.ok(pages >= 26, `only ${pages} pages reached`);
  assert.ok(files >= 5, `only ${files} files reached`);
  console.log(`crawl: ${pages} pages and ${files} files, none missing`);
});

test('with pretty URLs every page is a folder and every link answers without a redirect', async (t) => {
  if (!pretty) return t.skip('no quire binary');
  const { pages, files, broken, seen } = await crawl(new URL(pretty.base));
  assert.deepEqual(broken, []);
  assert.ok(pages >= 26, `only ${pages} pages reached`);
  assert.ok(files >= 5, `only ${files} files reached`);
  // print.html is the space's printable document, a file at the space's root, not a page.
  const htmlLinks = [...seen].filter((u) => u.endsWith('.html') && !/\/print(-space)?\.html$/.test(u));
  assert.deepEqual(htmlLinks, [], 'pages are linked as folders');
  console.log(`pretty crawl: ${pages} pages and ${files} files, none missing`);
});

test('with pretty URLs the drawn navigation and search results lead to pages', async (t) => {
  if (!pretty) return t.skip('no quire binary');
  const { context, page, problems } = await openPage(chrome, pretty.base + 'getting-started/');
  try {
    // Open every branch, so nav.js draws the entries the page did not carry.
    await page.evaluate(() => {
      for (let round = 0; round < 10; round++) {
        const closed = [...document.querySelectorAll('.site-nav .nav-toggle[aria-expanded="false"]')];
        if (!closed.length) break;
        closed.forEach((b) => b.click());
      }
    });
    const hrefs = await page.$$eval('.site-nav a.nav-link', (as) => as.map((a) => a.href));
    assert.ok(hrefs.length >= 20, `only ${hrefs.length} navigation links`);
    const results = await page.evaluate(() => window.quire.search('webhook'));
    assert.ok(results.length > 0, 'search finds webhook');
    const targets = [...hrefs, ...results.map((r) => new URL(r.url, pretty.base).href)];
    for (const href of new Set(targets.map((h) => h.split('#')[0]))) {
      if (!href.startsWith(pretty.base)) continue;
      const response = await fetch(href, { redirect: 'manual' });
      assert.equal(response.status, 200, href);
      await response.arrayBuffer();
    }
    // The home page's own link from the top is the folder, never an empty href.
    const home = await page.$eval('.site-header .site-title', (a) => a.href);
    assert.equal(home, pretty.base);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
