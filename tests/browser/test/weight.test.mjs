// What every page costs a slow phone: the CSS and JavaScript it loads
// (gzipped, under 60 KB) and how much the layout moves while it loads (the
// cumulative layout shift, ~0 even once nav.js and quire.js have run).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { encodePath, buildSpace, serve, openSite } from '../lib.mjs';

const PREFIX = '/kb/sub/';
const BUDGET = 60 * 1024;
// The index and its shards load on demand, when the reader searches.
const ON_DEMAND = /\/search\//;

let chrome, server, pages, site;

before(async () => ({ chrome, server, pages } = site = await openSite(PREFIX)));
after(() => site?.close());

/** Pages of several kinds: the home page, a nested one, CJK text, tables and code, tabs. */
function samplePages() {
  const wanted = ['index.html', 'contacts/display-name-rules.html', 'writing-guide/tables-cards-and-buttons.html',
    'writing-guide/code-blocks-and-diagrams.html', 'writing-guide/steppers-tabs-and-columns.html', '404.html'];
  const some = wanted.filter((p) => pages.includes(p));
  return some.length >= 3 ? some : pages.slice(0, 6);
}

describe('weight', () => {
  test('the CSS and JavaScript a page loads total under 60 KB gzip', async (t) => {
    const context = await chrome.newContext();
    const page = await context.newPage();
    const report = [];
    for (const rel of samplePages()) {
      const bodies = [];
      const collect = async (response) => {
        const type = response.request().resourceType();
        const url = response.url();
        if ((type === 'stylesheet' || type === 'script') && !ON_DEMAND.test(url)) {
          bodies.push(response.body().then((b) => ({ url, raw: b.length, gzip: gzipSync(b, { level: 9 }).length })));
        }
      };
      page.on('response', collect);
      await page.goto(server.base + encodePath(rel), { waitUntil: 'networkidle' });
      page.off('response', collect);
      const files = await Promise.all(bodies);
      // Inline <style> and <script> count too (the scheme script, the 404 page's style).
      const inline = await page.evaluate(() => [...document.querySelectorAll('style, script:not([src])')].map((e) => e.textContent).join(''));
      const inlineGzip = inline ? gzipSync(Buffer.from(inline), { level: 9 }).length : 0;
      const total = files.reduce((n, f) => n + f.gzip, 0) + inlineGzip;
      report.push(`${rel}: ${(total / 1024).toFixed(1)} KB gzip (${files.map((f) => `${f.url.slice(server.base.length)} ${(f.gzip / 1024).toFixed(1)}`).join(', ')}, inline ${(inlineGzip / 1024).toFixed(1)})`);
      assert.ok(total < BUDGET, `${rel} loads ${total} bytes of CSS and JavaScript gzipped, over ${BUDGET}`);
      if (rel !== '404.html') {
        const names = files.map((f) => f.url);
        assert.ok(names.some((u) => u.endsWith('/nav.js')), `${rel}: nav.js is counted`);
        assert.ok(names.some((u) => u.endsWith('/quire.css')), `${rel}: quire.css is counted`);
      }
    }
    await context.close();
    report.forEach((line) => t.diagnostic(line));
  });
});

/**
 * Load each of `urls` in `page` with its scripts held back until the first
 * paint (a slow phone paints the HTML before its deferred scripts arrive).
 * For each: the cumulative layout shift (`cls`), the part of it from the
 * moment the scripts were let through (`scripts`), what moved, and whether
 * the page has images whose size is not known before they arrive.
 */
async function layoutShifts(page, urls) {
  let painted, release;
  await page.context().addInitScript(() => {
    new PerformanceObserver((list) => { if (list.getEntries().length) console.debug('quire-test: painted'); })
      .observe({ type: 'paint', buffered: true });
  });
  page.on('console', (m) => { if (m.text() === 'quire-test: painted') release(); });
  await page.route(/\.js$/, async (route) => {
    await Promise.race([painted, new Promise((ok) => setTimeout(ok, 3000))]);
    await page.evaluate(() => { window.quireTestScripts ??= performance.now(); }).catch(() => {});
    await route.continue();
  });
  const out = [];
  for (const url of urls) {
    painted = new Promise((ok) => { release = ok; });
    await page.goto(url, { waitUntil: 'load' });
    out.push(await page.evaluate(() => new Promise((done) => {
      // Two frames after load: whatever the deferred scripts changed has been laid out.
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const entries = [];
        new PerformanceObserver((list) => entries.push(...list.getEntries())).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => {
          const real = entries.filter((e) => !e.hadRecentInput);
          const since = window.quireTestScripts ?? 0;
          const name = (n) => !n ? '?' : n.nodeType !== 1 ? n.nodeName
            : `${n.tagName.toLowerCase()}${n.id ? '#' + n.id : ''}${typeof n.className === 'string' && n.className.trim() ? '.' + n.className.trim().split(/\s+/).join('.') : ''}`;
          done({
            cls: real.reduce((n, e) => n + e.value, 0),
            scripts: real.filter((e) => e.startTime >= since).reduce((n, e) => n + e.value, 0),
            sources: real.flatMap((e) => (e.sources || []).map((s) => `${name(s.node)} ${e.value.toFixed(4)}`)),
            // An image without width and height (nor a CSS aspect ratio) takes its room only once it arrives.
            unsized: [...document.images].filter((i) => !(i.getAttribute('width') && i.getAttribute('height'))
              && getComputedStyle(i).aspectRatio === 'auto').map((i) => i.getAttribute('src')),
          });
        }, 50);
      }));
    })));
  }
  return out;
}

describe('layout shift', () => {
  for (const width of [375, 1440]) {
    test(`the cumulative layout shift of loading a page is ~0 at ${width}px`, async (t) => {
      const context = await chrome.newContext({ viewport: { width, height: width < 800 ? 740 : 900 } });
      const page = await context.newPage();
      const results = await layoutShifts(page, pages.map((rel) => server.base + encodePath(rel)));
      await context.close();
      const shifts = [], late = [];
      let worst = 0, worstScripts = 0;
      results.forEach(({ cls, scripts, sources, unsized }, i) => {
        worst = Math.max(worst, cls);
        worstScripts = Math.max(worstScripts, scripts);
        // Whatever the scripts move counts on every page; the rest only
        // where no image of unknown size may arrive after the first paint.
        if (scripts >= 0.01 || (cls >= 0.01 && !unsized.length)) shifts.push(`${pages[i]}: CLS ${cls.toFixed(4)}, ${scripts.toFixed(4)} once the scripts ran (${sources.join(', ')})`);
        else if (cls >= 0.01) late.push(`${pages[i]}: CLS ${cls.toFixed(4)} from images of unknown size (${unsized.join(', ')})`);
      });
      t.diagnostic(`${pages.length} pages at ${width}px: largest CLS ${worst.toFixed(4)}, ${worstScripts.toFixed(4)} once the scripts ran`);
      late.forEach((line) => t.diagnostic(line));
      assert.deepEqual(shifts, []);
    });
  }

  test('nav.js drawing the sidebar of a large site moves nothing', async (t) => {
    // 90 top-level entries: more than a page carries inline, so nav.js draws the rest.
    const files = { 'README.md': '# Large\n', 'area/nested.md': '# Nested\n\nText.\n', 'area/deeper.md': '# Deeper\n\nText.\n' };
    const lines = ['# Summary', '', '## First group', ''];
    for (let i = 0; i < 90; i++) {
      if (i === 45) lines.push('', '## Second group', '');
      lines.push(`* [Page ${i}](p${i}.md)`);
      if (i === 60) lines.push('  * [Nested](area/nested.md)', '    * [Deeper](area/deeper.md)');
      files[`p${i}.md`] = `# Page ${i}\n\nText.\n`;
    }
    files['SUMMARY.md'] = lines.join('\n') + '\n';
    const space = buildSpace(files, 'Large');
    if (!space) return t.skip('no quire binary (set QUIRE_BIN or run cargo build)');
    const large = await serve(space.out, '/docs/');
    try {
      for (const width of [1440, 375]) {
        const context = await chrome.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        const [{ cls, sources }] = await layoutShifts(page, [large.base + 'area/nested.html']);
        // The metric ignores entries that are redrawn rather than moved, so
        // the current page's entry is also followed by eye: where it shows
        // before the scripts run, and after.
        let release;
        const held = new Promise((ok) => { release = ok; });
        await page.unrouteAll();
        await page.route(/\.js$/, async (route) => { await held; await route.continue(); });
        const current = () => page.evaluate(() => {
          const s = document.getElementById('sidebar'), a = s.querySelector('[aria-current="page"]');
          const box = s.getBoundingClientRect(), r = a.getBoundingClientRect();
          return { top: Math.round(r.top), entries: s.querySelectorAll('a.nav-link').length, inView: r.top >= box.top && r.bottom <= box.bottom };
        });
        await page.goto(large.base + 'area/deeper.html', { waitUntil: 'commit' });
        await page.waitForSelector('.site-footer', { state: 'attached' });
        const before = await current();
        release();
        await page.waitForLoadState('load');
        await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
        const after = await current();
        await context.close();
        t.diagnostic(`large site at ${width}px: CLS ${cls.toFixed(4)}, current entry at ${before.top} px, then ${after.top} px`);
        assert.ok(cls < 0.01, `CLS ${cls.toFixed(4)} at ${width}px: ${sources.join(', ')}`);
        assert.ok(after.entries > 90, `the whole navigation is drawn (${after.entries} links)`);
        if (width === 1440) {
          assert.ok(before.inView && after.inView, 'the current page is in view in the sidebar');
          assert.ok(Math.abs(after.top - before.top) <= 1, `the current entry stays put: ${before.top} → ${after.top}`);
        }
      }
    } finally {
      await large.close();
      space.remove();
    }
  });
});
