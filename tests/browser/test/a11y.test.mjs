// Accessibility of the built site: axe-core (from node_modules, injected into
// each page; nothing is fetched from the network) on every page, in the light
// and in the dark scheme. Serious and critical violations fail the test.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { encodePath, openSite } from '../lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PREFIX = '/kb/sub/';
// Two pages at a time: enough to keep both cores of a CI machine busy.
const PARALLEL = 2;

let chrome, server, pages, site;

before(async () => ({ chrome, server, pages } = site = await openSite(PREFIX)));
after(() => site?.close());

/**
 * A context in which every page opens in `scheme`: the system preference is
 * emulated and the same choice is stored, as the scheme toggle would store it.
 */
async function schemeContext(scheme) {
  const context = await chrome.newContext({ colorScheme: scheme });
  await context.addInitScript((s) => { try { localStorage.setItem('quire-scheme', s); } catch { /* opaque origin */ } }, scheme);
  return context;
}

/** axe's serious and critical violations of one page, as lines of text. */
async function audit(page, rel, scheme) {
  await page.goto(server.base + encodePath(rel), { waitUntil: 'load' });
  const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
  // The 404 page and the printable document have no script of their own:
  // they follow the system preference through CSS, without the class.
  const scripted = rel !== '404.html' && !rel.endsWith('print.html');
  if (scripted) assert.equal(dark, scheme === 'dark', `${rel} opened in the ${scheme} scheme`);
  return violations(page, rel, scheme);
}

/** axe's serious and critical violations of the page as it stands (`what` names it). */
async function violations(page, what, scheme, context = 'document') {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (sel) => {
    const result = await window.axe.run(sel === 'document' ? document : sel, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')), summary: v.nodes[0]?.failureSummary }));
  }, context);
  return found.map((v) => `${what} [${scheme}] ${v.impact} ${v.id}: ${v.help}\n    ${v.targets.slice(0, 8).join('\n    ')}${v.targets.length > 8 ? `\n    … ${v.targets.length - 8} more` : ''}\n    ${(v.summary || '').split('\n').join('\n    ')}`);
}

/** Run `work(item)` over `items`, `n` at a time; the results in order. */
async function pool(items, n, work) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  }));
  return out;
}

describe('axe-core', () => {
  for (const scheme of ['light', 'dark']) {
    test(`no serious or critical violations on any page (${scheme})`, async () => {
      const context = await schemeContext(scheme);
      const tabs = await Promise.all(Array.from({ length: PARALLEL }, () => context.newPage()));
      const free = [...tabs];
      const found = await pool(pages, PARALLEL, async (rel) => {
        const page = free.pop();
        try { return await audit(page, rel, scheme); } finally { free.push(page); }
      });
      await context.close();
      const lines = found.flat();
      assert.ok(lines.length === 0, `${lines.length} serious or critical violations:\n${lines.join('\n')}`);
    });

    // What only shows on demand: the phone's navigation sheet (with a branch
    // drawn from nav.js) and the search results.
    test(`no serious or critical violations in the open menu and the search results (${scheme})`, async () => {
      const context = await schemeContext(scheme);
      const page = await context.newPage();
      await page.setViewportSize({ width: 375, height: 740 });
      const rel = pages.find((p) => p.includes('/')) || pages[0];
      await page.goto(server.base + encodePath(rel));
      await page.click('.menu-button');
      await page.waitForFunction(() => getComputedStyle(document.getElementById('sidebar')).visibility === 'visible');
      const toggle = page.locator('#sidebar .nav-toggle[aria-expanded="false"]').first();
      if (await toggle.count()) await toggle.click();
      const lines = await violations(page, `${rel} (menu open, 375px)`, scheme, '#sidebar');
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.fill('.search-input', 'contact');
      await page.waitForSelector('.search-result');
      lines.push(...await violations(page, `${rel} (search results)`, scheme, '.site-header'));
      await context.close();
      assert.ok(lines.length === 0, `${lines.length} serious or critical violations:\n${lines.join('\n')}`);
    });
  }
});
