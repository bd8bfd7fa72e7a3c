// Browser tests of the default theme against a built site (env QUIRE_SITE,
// default ../../output). The site is served under a sub-path, /kb/sub/, by a
// local server on 127.0.0.1; one page is also opened from file://.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { serve, encodePath, quireBinary, buildSpace, SITE, openSite } from '../lib.mjs';

const PREFIX = '/kb/sub/';
// Each width once; the middle one in the dark scheme, so that dark-only
// resources (<picture> variants) are fetched too.
const PASSES = [[375, 'light'], [768, 'dark'], [1440, 'light']];
const DARK_BG = 'rgb(27, 28, 30)';
const LIGHT_BG = 'rgb(255, 255, 255)';

let chrome, server, pages, site;

/** The content page with the most outline entries: a good page to scroll. */
function outlinePage() {
  let best = null, most = 1;
  for (const rel of pages) {
    const n = (readFileSync(join(SITE, rel), 'utf8').match(/<li class="outline-l[23]">/g) || []).length;
    if (n > most) { best = rel; most = n; }
  }
  return best;
}

/** Watch a page for console errors, page errors, failed requests and foreign hosts. */
function watch(page, origin) {
  const seen = { problems: [], requests: [], at: '' };
  const report = (what) => seen.problems.push(`${seen.at || page.url()}: ${what}`);
  page.on('console', (m) => { if (m.type() === 'error') report(`console: ${m.text()}`); });
  page.on('pageerror', (e) => report(`page error: ${e.message}`));
  // ERR_ABORTED is a load the next navigation cancelled (a lazy image that
  // started late on a busy machine); a missing file answers 404, caught below.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText;
    if (why !== 'net::ERR_ABORTED') report(`request failed: ${r.url()} (${why})`);
  });
  page.on('response', (r) => { if (r.status() >= 400) report(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:')) return;
    seen.requests.push(url);
    if (origin && !url.startsWith(origin + '/')) report(`request to another host: ${url}`);
  });
  return seen;
}

before(async () => ({ chrome, server, pages } = site = await openSite(PREFIX)));
after(() => site?.close());

describe('every page', () => {
  for (const [width, colorScheme] of PASSES) {
    test(`loads cleanly from a sub-path and never scrolls sideways at ${width}px (${colorScheme})`, async () => {
      const context = await chrome.newContext({ viewport: { width, height: 800 }, colorScheme });
      const page = await context.newPage();
      const seen = watch(page, server.origin);
      const { problems, requests } = seen;
      const wide = [];
      for (const rel of pages) {
        seen.at = rel;
        const response = await page.goto(server.base + encodePath(rel), { waitUntil: 'load' });
        assert.equal(response.status(), 200, rel);
        const { sw, cw } = await page.evaluate(() => ({
          sw: document.documentElement.scrollWidth,
          cw: document.documentElement.clientWidth,
        }));
        if (sw > cw) wide.push(`${rel}: scrollWidth ${sw} > clientWidth ${cw}`);
      }
      await context.close();
      assert.deepEqual(problems, []);
      assert.deepEqual(wide, []);
      const outside = requests.filter((u) => !new URL(u).pathname.startsWith(PREFIX));
      assert.deepEqual(outside, [], 'every URL stays under the sub-path');
    });
  }

  test('previous and next links point to existing pages', () => {
    let links = 0;
    for (const rel of pages) {
      const html = readFileSync(join(SITE, rel), 'utf8');
      for (const m of html.matchAll(/<a class="page-card (?:prev|next)" rel="(?:prev|next)" href="([^"]+)"/g)) {
        const href = m[1].replace(/&amp;/g, '&').split('#')[0];
        const target = join(dirname(join(SITE, rel)), decodeURIComponent(href));
        assert.ok(existsSync(target), `${rel}: ${m[1]} does not exist`);
        assert.ok(target.endsWith('.html'), `${rel}: ${m[1]} is not a page`);
        links++;
      }
    }
    assert.ok(links >= pages.length - 2, `only ${links} previous/next links in ${pages.length} pages`);
  });
});

describe('file://', () => {
  test('a nested page works without a server', async () => {
    const nested = pages.find((p) => p.includes('/')) || pages[0];
    const context = await chrome.newContext();
    const page = await context.newPage();
    const { problems, requests } = watch(page, null);
    await page.goto(pathToFileURL(join(SITE, nested)).href, { waitUntil: 'load' });
    const state = await page.evaluate(() => ({
      nav: !!window.quireNav && (window.quireNav.nodes || window.quireNav).length,
      header: getComputedStyle(document.querySelector('.site-header')).position,
      toggle: document.querySelector('[data-set-scheme="dark"]')?.getAttribute('aria-pressed'),
    }));
    await page.click('[data-set-scheme="dark"]');
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('dark')));
    await context.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'only local files are read');
    assert.ok(state.nav > 0, 'nav.js loaded');
    assert.equal(state.header, 'sticky', 'the stylesheet applies');
    assert.equal(state.toggle, 'false', 'quire.js ran');
  });
});

describe('phone menu', () => {
  test('opens from the hamburger, traps focus, closes with Esc and returns focus', async () => {
    const context = await chrome.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true });
    const page = await context.newPage();
    const rel = pages.find((p) => p.includes('/')) || pages[0];
    await page.goto(server.base + encodePath(rel));
    const menu = page.locator('.menu-button');
    const sheetInView = () => page.evaluate(() => {
      const r = document.getElementById('sidebar').getBoundingClientRect();
      return r.left >= -1 && r.right > 0 && getComputedStyle(document.getElementById('sidebar')).visibility === 'visible';
    });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.equal(await menu.getAttribute('aria-controls'), 'sidebar');
    await menu.click();
    await page.waitForFunction(() => document.getElementById('sidebar').getBoundingClientRect().left >= -1);
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    assert.ok(await sheetInView(), 'the sheet is on screen');
    const inside = () => page.evaluate(() => document.getElementById('sidebar').contains(document.activeElement));
    assert.ok(await inside(), 'focus moved into the sheet');
    const stops = await page.evaluate(() => document.querySelectorAll('#sidebar a[href], #sidebar button').length);
    for (let i = 0; i < stops + 3; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await inside(), `Tab #${i + 1} left the sheet`);
    }
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      assert.ok(await inside(), `Shift+Tab #${i + 1} left the sheet`);
    }
    await page.keyboard.press('Escape');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.ok(await page.evaluate(() => document.activeElement === document.querySelector('.menu-button')), 'focus is back on the button');
    await page.waitForFunction(() => getComputedStyle(document.getElementById('sidebar')).visibility === 'hidden');

    // The dimmed overlay closes it too.
    await menu.click();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.scrim')).opacity === '1');
    await page.mouse.click(360, 400);
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    await context.close();
  });
});

describe('colour scheme', () => {
  test('the toggle switches the scheme and the choice survives a reload', async () => {
    const context = await chrome.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(server.base + 'index.html');
    const state = () => page.evaluate(() => ({
      dark: document.documentElement.classList.contains('dark'),
      scheme: document.documentElement.dataset.scheme,
      bg: getComputedStyle(document.body).backgroundColor,
    }));
    assert.deepEqual(await state(), { dark: false, scheme: 'system', bg: LIGHT_BG });
    await page.click('[data-set-scheme="dark"]');
    assert.deepEqual(await state(), { dark: true, scheme: 'dark', bg: DARK_BG });
    assert.equal(await page.getAttribute('[data-set-scheme="dark"]', 'aria-pressed'), 'true');
    await page.reload();
    assert.deepEqual(await state(), { dark: true, scheme: 'dark', bg: DARK_BG }, 'dark persists');
    await page.click('[data-set-scheme="light"]');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    assert.deepEqual(await state(), { dark: false, scheme: 'light', bg: LIGHT_BG }, 'light persists over a dark system');
    await page.click('[data-set-scheme="system"]');
    assert.deepEqual(await state(), { dark: true, scheme: 'system', bg: DARK_BG }, 'system follows the system');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
    await context.close();
  });

  test('with dark stored, the first paint is already dark', async () => {
    const context = await chrome.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(server.base + 'index.html');
    await page.evaluate(() => localStorage.setItem('quire-scheme', 'dark'));
    // Hold the stylesheet back: nothing can paint before it arrives, so what
    // <html> carries while it is pending is what the first paint shows.
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route('**/assets/quire.css', async (route) => { await held; await route.continue(); });
    const rel = pages.find((p) => p.includes('/')) || pages[0];
    await page.goto(server.base + encodePath(rel), { waitUntil: 'commit' });
    await page.waitForFunction(() => document.querySelector('link[rel="stylesheet"]'));
    const early = await page.evaluate(() => ({
      cls: document.documentElement.className,
      sheetApplied: getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() !== '',
      scriptFirst: (() => {
        const s = [...document.head.querySelectorAll('script:not([src])')][0];
        const l = document.head.querySelector('link[rel="stylesheet"]');
        return !!s && !!(s.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING);
      })(),
    }));
    release();
    await page.waitForLoadState('load');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await context.close();
    assert.ok(early.scriptFirst, 'the inline script comes before the stylesheet');
    assert.equal(early.sheetApplied, false, 'the stylesheet was still pending');
    assert.match(early.cls, /\bdark\b/, 'the dark class is set before the stylesheet arrives');
    assert.equal(bg, DARK_BG);
  });
});

describe('outline', () => {
  test('highlights the section being read', async (t) => {
    const rel = outlinePage();
    if (!rel) return t.skip('no page with an outline');
    const context = await chrome.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.base + encodePath(rel));
    assert.ok(await page.isVisible('.outline'), 'visible at 1440px');
    const hrefs = await page.$$eval('.outline li a', (as) => as.map((a) => a.getAttribute('href')));
    const pick = hrefs[Math.min(2, hrefs.length - 1)];
    await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'start' }), decodeURIComponent(pick.slice(1)));
    await page.waitForFunction((h) => document.querySelector('.outline a.active')?.getAttribute('href') === h, pick, { timeout: 5000 });
    // And it follows the reader back up.
    await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'start' }), decodeURIComponent(hrefs[0].slice(1)));
    await page.waitForFunction((h) => document.querySelector('.outline a.active')?.getAttribute('href') === h, hrefs[0], { timeout: 5000 });
    assert.equal(await page.$$eval('.outline a.active', (a) => a.length), 1);
    await page.setViewportSize({ width: 1024, height: 900 });
    assert.equal(await page.isVisible('.outline'), false, 'hidden below 1280px');
    await context.close();
  });
});

describe('navigation', () => {
  test('expanding a collapsed branch builds its children from nav.js', async () => {
    const context = await chrome.newContext();
    const page = await context.newPage();
    const { problems } = watch(page, server.origin);
    const rel = pages.find((p) => p.includes('/')) || pages[0];
    await page.goto(server.base + encodePath(rel));
    const collapsed = page.locator('.site-nav .nav-toggle[aria-expanded="false"]').first();
    assert.ok(await collapsed.count(), 'there is a collapsed branch');
    const id = await collapsed.getAttribute('aria-controls');
    const toggle = page.locator(`.nav-toggle[aria-controls="${id}"]`);
    const node = Number(await toggle.getAttribute('data-node'));
    assert.equal(await page.locator(`#${id} > li`).count(), 0, 'collapsed branches are not in the page');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const expected = await page.evaluate(({ node }) => {
      const root = document.documentElement.dataset.root;
      const nodes = window.quireNav.nodes || window.quireNav;
      return nodes[node].c
        .map((i) => nodes[i])
        .filter((n) => n.h)
        .map((n) => ({ text: n.t, href: /^[a-z]+:/i.test(n.h) ? n.h : root + n.h }));
    }, { node });
    const got = await page.$$eval(`#${id} > li > .nav-row > a`, (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
    assert.ok(expected.length > 0);
    assert.deepEqual(got, expected);
    assert.ok(await page.isVisible(`#${id} > li > .nav-row > a`));
    // Collapsing hides the branch; opening it again does not build it twice.
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.isVisible(`#${id}`), false);
    await toggle.click();
    assert.equal(await page.locator(`#${id} > li > .nav-row > a`).count(), expected.length);
    // A built link leads to a real page under the sub-path.
    const target = new URL(expected[0].href, page.url()).href;
    await Promise.all([page.waitForURL(target), page.click(`#${id} > li > .nav-row > a >> nth=0`)]);
    assert.ok(page.url().startsWith(server.base), page.url());
    assert.equal(await page.locator('.site-nav [aria-current="page"]').count(), 1);
    await context.close();
    assert.deepEqual(problems, []);
  });

  test('without JavaScript the current branch still shows', async () => {
    const context = await chrome.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    const rel = pages.find((p) => p.includes('/')) || pages[0];
    await page.goto(server.base + encodePath(rel));
    const current = page.locator('.site-nav [aria-current="page"]');
    assert.equal(await current.count(), 1);
    assert.ok(await current.isVisible(), 'the current page is listed');
    assert.equal(await page.isVisible('.menu-button'), false, 'no dead hamburger');
    await context.close();
  });
});

describe('large site', () => {
  test('pages that carry only their branch draw the full navigation from nav.js', async (t) => {
    const bin = quireBinary();
    if (!bin) return t.skip('no quire binary (set QUIRE_BIN or run cargo build)');
    // 90 top-level entries: more than a page carries inline.
    const dir = mkdtempSync(join(tmpdir(), 'quire-large-'));
    try {
      const space = join(dir, 'space');
      mkdirSync(join(space, 'area'), { recursive: true });
      mkdirSync(join(dir, 'themes'));
      symlinkSync(fileURLToPath(new URL('../../../themes/default', import.meta.url)), join(dir, 'themes', 'work'));
      writeFileSync(join(dir, 'quire.yaml'), 'title: Large\ncontent: space\noutput: out\ntheme: work\n');
      const lines = ['# Summary', '', '## First group', ''];
      for (let i = 0; i < 90; i++) {
        if (i === 45) lines.push('', '## Second group', '');
        lines.push(`* [Page ${i}](p${i}.md)`);
        writeFileSync(join(space, `p${i}.md`), `# Page ${i}\n\nText.\n`);
      }
      lines.push('  * [Nested](area/nested.md)', '    * [Deeper](area/deeper.md)');
      writeFileSync(join(space, 'area/nested.md'), '# Nested\n\nText.\n');
      writeFileSync(join(space, 'area/deeper.md'), '# Deeper\n\nText.\n');
      writeFileSync(join(space, 'SUMMARY.md'), lines.join('\n') + '\n');
      writeFileSync(join(space, 'README.md'), '# Large\n');
      execFileSync(bin, ['build', dir], { stdio: 'pipe' });
      const out = join(dir, 'out');
      const inline = (readFileSync(join(out, 'area/nested.html'), 'utf8').match(/class="nav-item/g) || []).length;
      const large = await serve(out, '/docs/');
      const context = await chrome.newContext();
      const page = await context.newPage();
      const { problems } = watch(page, large.origin);
      await page.goto(large.base + 'area/nested.html');
      const state = await page.evaluate(() => ({
        top: document.querySelectorAll('.site-nav .nav-group > .nav-list > li.nav-item').length,
        groups: [...document.querySelectorAll('.site-nav .nav-group-title')].map((p) => p.textContent),
        current: document.querySelector('.site-nav [aria-current="page"]')?.textContent,
        deeper: !!document.querySelector('.site-nav a[href="deeper.html"]'),
        last: document.querySelector('.site-nav .nav-group:last-child .nav-list > li:last-child a')?.getAttribute('href'),
      }));
      await context.close();
      await large.close();
      assert.deepEqual(problems, []);
      assert.ok(inline < 20, `the page itself carries only its branch (${inline} entries)`);
      assert.equal(state.top, 90, 'every top-level entry is drawn');
      assert.deepEqual(state.groups, ['First group', 'Second group']);
      assert.equal(state.current, 'Nested', 'the current page stays marked');
      assert.ok(state.deeper, 'the open branch the page came with is kept');
      assert.equal(state.last, '../p89.html', 'built links are relative to the page');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a page of a wide branch carries a window of it; the script draws the whole branch', async (t) => {
    // 400 children of one page: more than a page carries of one level.
    const N = 400, files = { 'README.md': '# Wide\n', 'wide/README.md': '# Parent\n', 'after.md': '# After\n' };
    const lines = ['# Summary', '', '* [Home](README.md)', '* [Parent](wide/README.md)'];
    for (let i = 0; i < N; i++) {
      // Every seventh with a link title: a tooltip, drawn or not.
      lines.push(i % 7 ? `  * [Child ${i}](wide/c${i}.md)` : `  * [Child ${i}](wide/c${i}.md "About child ${i}")`);
      files[`wide/c${i}.md`] = `# Child ${i}\n\nText.\n`;
    }
    files['SUMMARY.md'] = [...lines, '* [After](after.md)', ''].join('\n');
    const space = buildSpace(files, 'Wide');
    if (!space) return t.skip('no quire binary (set QUIRE_BIN or run cargo build)');
    const wide = await serve(space.out, '/docs/');
    try {
      const inline = (readFileSync(join(space.out, 'wide/c300.html'), 'utf8').match(/class="nav-item/g) || []).length;
      assert.ok(inline < 50, `the page itself carries a window of its branch (${inline} entries)`);
      // What the script draws, and what a reader without it sees.
      const shown = async (javaScriptEnabled) => {
        const context = await chrome.newContext({ javaScriptEnabled, viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        const { problems } = watch(page, wide.origin);
        await page.goto(wide.base + 'wide/c300.html');
        const state = await page.evaluate(() => {
          const list = document.getElementById('nav-1');
          const current = document.querySelector('.site-nav [aria-current="page"]');
          const box = current.getBoundingClientRect(), sheet = document.getElementById('sidebar').getBoundingClientRect();
          return {
            titles: [...list.children].map((li) => li.querySelector('.nav-link').textContent),
            last: list.lastElementChild.querySelector('a').getAttribute('href'),
            tooltips: [...list.querySelectorAll('.nav-link[title]')].map((a) => a.title),
            current: current.textContent,
            marked: [...document.querySelectorAll('.site-nav li.is-current')].map((li) => li.textContent.trim()),
            expanded: document.querySelector('.nav-toggle[aria-controls="nav-1"]').getAttribute('aria-expanded'),
            open: !list.hidden,
            partial: document.querySelectorAll('.site-nav [data-partial]').length,
            inView: box.top >= sheet.top && box.bottom <= sheet.bottom,
            top: [...document.querySelectorAll('.site-nav .nav-group > .nav-list > li > .nav-row > .nav-link')].map((a) => a.textContent),
          };
        });
        await context.close();
        assert.deepEqual(problems, []);
        return state;
      };
      const children = (from, to) => Array.from({ length: to - from }, (_, i) => `Child ${from + i}`);
      const drawn = await shown(true);
      assert.deepEqual(drawn.titles, children(0, N), 'every sibling, in order');
      assert.equal(drawn.last, `../wide/c${N - 1}.html`, 'drawn links are relative to the page');
      const tooltips = (from, to) => children(from, to).filter((_, i) => (from + i) % 7 === 0).map((c) => c.replace('Child', 'About child'));
      assert.deepEqual(drawn.tooltips, tooltips(0, N), 'drawn entries keep their link titles');
      assert.equal(drawn.current, 'Child 300');
      assert.deepEqual(drawn.marked, ['Child 300'], 'only the current entry is marked');
      assert.equal(drawn.expanded, 'true');
      assert.ok(drawn.open);
      assert.equal(drawn.partial, 0);
      assert.ok(drawn.inView, 'the current entry is in view in the sidebar');
      assert.deepEqual(drawn.top, ['Home', 'Parent', 'After']);
      const plain = await shown(false);
      assert.deepEqual(plain.titles, children(280, 321), 'without the script: the window around the page');
      assert.deepEqual(plain.tooltips, tooltips(280, 321));
      assert.equal(plain.current, 'Child 300');
      assert.deepEqual(plain.top, ['Home', 'Parent', 'After']);
    } finally {
      await wide.close();
      space.remove();
    }
  });
});
