// Every link, image, script and stylesheet of the built sample site answers
// when the site is served under a sub-path: a crawl from index.html that
// follows every relative URL and never meets a 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, SITE } from '../lib.mjs';

const PREFIX = '/docs/kb/';
let server;
before(async () => { server = await serve(SITE, PREFIX); });
after(async () => { await server?.close(); });

/** The URLs a page refers to: href, src and srcset values. */
function references(html) {
  const out = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) out.push(m[1]);
  for (const m of html.matchAll(/\ssrcset="([^"]*)"/g)) {
    for (const part of m[1].split(',')) out.push(part.trim().split(/\s+/)[0]);
  }
  return out.map((u) => u.replace(/&amp;/g, '&')).filter((u) => u && !/^(?:[a-z][a-z0-9+.-]*:|#|\/\/)/i.test(u));
}

test('a crawl of the sample site under a sub-path finds no broken reference', async () => {
  const start = new URL(server.base + 'index.html');
  const seen = new Set([start.href]), queue = [start], broken = [];
  let pages = 0, files = 0;
  while (queue.length) {
    const url = queue.shift();
    const response = await fetch(url);
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
  assert.deepEqual(broken, []);
  assert.ok(pages >= 26, `only ${pages} pages reached`);
  assert.ok(files >= 5, `only ${files} files reached`);
  console.log(`crawl: ${pages} pages and ${files} files, none missing`);
});
