// The theme with the keyboard alone: every control reached with Tab and
// visibly focused in both schemes, the skip link, the [ and ] shortcuts for
// the previous and next page, and the sidebar's scroll position kept from
// page to page.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { encodePath, openSite } from '../lib.mjs';

const PREFIX = '/kb/sub/';
// Pages with tabs, code blocks and their copy buttons, expandables, wide
// tables and buttons, besides the header, sidebar and outline of every page.
const WALKED = ['writing-guide/steppers-tabs-and-columns.html', 'writing-guide/hints-and-expandables.html',
  'writing-guide/tables-cards-and-buttons.html'];

let chrome, server, pages, site;

before(async () => ({ chrome, server, pages } = site = await openSite(PREFIX)));
after(() => site?.close());

/** A page in `scheme` at `width`, as the reader's stored choice. */
async function open(rel, { scheme = 'light', width = 1440, height = 900 } = {}) {
  const context = await chrome.newContext({ viewport: { width, height }, colorScheme: scheme });
  await context.addInitScript((s) => { try { localStorage.setItem('quire-scheme', s); } catch { /* opaque origin */ } }, scheme);
  const page = await context.newPage();
  await page.goto(server.base + encodePath(rel), { waitUntil: 'load' });
  return { context, page };
}

/**
 * Number every element the keyboard should reach (shown, enabled, not in a
 * closed <details> or a hidden panel) and remember how it looks unfocused.
 */
function markReachable() {
  const SELECTOR = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const style = (el) => { const s = getComputedStyle(el); return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`; };
  const shown = (el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0 && !el.closest('[inert]')
    && el.tabIndex >= 0;
  const list = [...document.querySelectorAll(SELECTOR)].filter(shown);
  list.forEach((el, i) => { el.dataset.k = String(i); el.dataset.unfocused = style(el); });
  return list.map((el) => describe(el));
  function describe(el) {
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const role = el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : '';
    return `${el.tagName.toLowerCase()}${role}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/)[0] : ''} "${text}"`;
  }
}

/** The focused element: its number, whether the focus shows, and why not. */
async function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.k === undefined) return { k: null, tag: el?.tagName };
  // A control that fades in on focus is judged once it has.
  await Promise.all(el.getAnimations().map((a) => a.finished.catch(() => {})));
  const s = getComputedStyle(el);
  const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // What the ring is drawn on: the element itself when it is drawn inside, else the page.
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const own = rgb(s.backgroundColor);
  const inside = parseFloat(s.outlineOffset) < 0 && own.length === 3 || (own.length === 4 && own[3] === 1);
  const behind = inside ? own.slice(0, 3) : page;
  const now = `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
  const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const problems = [];
  if (now === el.dataset.unfocused) problems.push('looks the same focused and unfocused');
  if (!ring && s.boxShadow === 'none') problems.push('no outline or shadow');
  if (ring && contrast(rgb(s.outlineColor), behind) < 3) problems.push(`outline ${s.outlineColor} has contrast ${contrast(rgb(s.outlineColor), behind).toFixed(2)} on ${behind}`);
  if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || parseFloat(s.opacity) < 0.5) problems.push('not visible');
  const r = el.getBoundingClientRect();
  if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) problems.push('outside the window');
  return { k: Number(el.dataset.k), problems };
}

/** Tab through the whole page: what was reached, and what did not show its focus. */
async function walk(page) {
  const reachable = await page.evaluate(markReachable);
  const reached = new Set(), bad = [];
  for (let i = 0; i < reachable.length + 20; i++) {
    await page.keyboard.press('Tab');
    const { k, problems } = await page.evaluate(focusState);
    if (k === null) { if (reached.size) break; continue; }
    if (reached.has(k)) break;
    reached.add(k);
    if (problems.length) bad.push(`${reachable[k]}: ${problems.join(', ')}`);
  }
  const missed = reachable.filter((_, k) => !reached.has(k));
  return { reachable, reached, missed, bad };
}

/** Kinds of control that must be among those reached, by their description. */
const DESKTOP = {
  'skip link': /^a\.skip-link/, 'search box': /^input\[role=combobox\]\.search-input/, 'scheme toggle': /^button "(Light|System|Dark)"/,
  'sidebar link': /^a\.nav-link/, 'sidebar branch toggle': /^button\.nav-toggle/, 'outline link': /^nav|^a "/,
  'heading anchor': /^a\.heading-anchor/, 'tab': /^button\[role=tab\]/, 'copy button': /^button\.copy-button/,
  'expandable': /^summary/, 'wide table': /^div\[role=region\]\.table-wrap/, 'wide code': /^pre/, 'page button': /^(a|button)\.button/,
  'previous and next': /^a\.page-card/,
};
const PHONE = {
  'menu button': /^button\.icon-button "Open navigation"/, 'search button': /^input\[role=combobox\]\.search-input/,
  'scheme button': /^button "(Light|System|Dark)"/, 'tab': /^button\[role=tab\]/, 'copy button': /^button\.copy-button/,
  'wide code': /^pre/,
};

describe('keyboard', () => {
  for (const scheme of ['light', 'dark']) {
    test(`every control is reached with Tab and shows its focus (${scheme})`, async (t) => {
      const seen = [];
      for (const rel of WALKED.filter((p) => pages.includes(p))) {
        const { context, page } = await open(rel, { scheme });
        const { reachable, missed, bad } = await walk(page);
        await context.close();
        t.diagnostic(`${rel}: ${reachable.length} controls reached`);
        assert.deepEqual(missed, [], `${rel}: not reached with Tab`);
        assert.deepEqual(bad, [], `${rel}: focus not visible`);
        seen.push(...reachable);
      }
      const absent = Object.keys(DESKTOP).filter((k) => !seen.some((d) => DESKTOP[k].test(d)));
      assert.deepEqual(absent, [], 'every kind of control was among those tabbed through');
    });
  }

  test('on a phone too: the menu button, the search button and the scheme button', async () => {
    for (const scheme of ['light', 'dark']) {
      const { context, page } = await open(WALKED[0], { scheme, width: 375, height: 740 });
      const { reachable, missed, bad } = await walk(page);
      await context.close();
      assert.deepEqual(missed, [], `not reached with Tab (${scheme})`);
      assert.deepEqual(bad, [], `focus not visible (${scheme})`);
      const absent = Object.keys(PHONE).filter((k) => !reachable.some((d) => PHONE[k].test(d)));
      assert.deepEqual(absent, [], `every kind of control was among those tabbed through (${scheme})`);
    }
  });

  test('the skip link shows on the first Tab and moves the focus to the content', async () => {
    const rel = pages.find((p) => p.includes('/')) || pages[0];
    const { context, page } = await open(rel, { width: 1024, height: 700 });
    await page.keyboard.press('Tab');
    const link = await page.evaluate(() => {
      const a = document.activeElement, r = a.getBoundingClientRect();
      return { cls: a.className, inView: r.top >= 0 && r.bottom <= innerHeight && r.width > 0, href: a.getAttribute('href') };
    });
    assert.deepEqual(link, { cls: 'skip-link', inView: true, href: '#content' });
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'content');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => ({ inMain: !!document.activeElement.closest('main'), hash: location.hash }));
    await context.close();
    assert.deepEqual(next, { inMain: true, hash: '#content' }, 'the next Tab is inside the content, past the header and sidebar');
  });
});

describe('shortcuts', () => {
  test('[ and ] open the previous and next page, never while typing', async () => {
    const rel = pages.find((p) => p.startsWith('getting-started/') && p !== 'getting-started/index.html') || pages[1];
    const { context, page } = await open(rel);
    const links = await page.evaluate(() => ['prev', 'next'].map((r) => {
      const a = document.querySelector(`.pagination a[rel="${r}"]`);
      return a && { href: a.href, keys: a.getAttribute('aria-keyshortcuts') };
    }));
    assert.ok(links[0] && links[1], `${rel} has both a previous and a next page`);
    assert.deepEqual(links.map((l) => l.keys), ['[', ']'], 'announced with aria-keyshortcuts');
    // Typed into the search box, the keys are text.
    await page.click('.search-input');
    await page.keyboard.type('[a]');
    assert.equal(await page.inputValue('.search-input'), '[a]');
    assert.equal(page.url(), server.base + encodePath(rel));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    // With a modifier they are the browser's.
    await page.keyboard.press('Control+]');
    await page.waitForTimeout(100);
    assert.equal(page.url(), server.base + encodePath(rel));
    await Promise.all([page.waitForURL(links[1].href), page.keyboard.press(']')]);
    const back = await page.evaluate(() => document.querySelector('.pagination a[rel="prev"]').href);
    assert.equal(back, server.base + encodePath(rel), 'the next page leads back');
    await Promise.all([page.waitForURL(back), page.keyboard.press('[')]);
    await context.close();
  });
});

describe('sidebar', () => {
  test('keeps its scroll position from page to page, before the first paint', async () => {
    // A short window, so that the sidebar scrolls.
    const { context, page } = await open('index.html', { width: 1280, height: 420 });
    const top = await page.evaluate(() => {
      const s = document.getElementById('sidebar');
      s.scrollTop = Math.min(220, s.scrollHeight - s.clientHeight);
      return s.scrollTop;
    });
    assert.ok(top > 100, `the sidebar scrolls (${top})`);
    // A link in the upper half of what shows, so that it stays in view as is.
    const href = await page.evaluate(() => {
      const s = document.getElementById('sidebar'), box = s.getBoundingClientRect();
      const a = [...s.querySelectorAll('a.nav-link')].find((l) => {
        const r = l.getBoundingClientRect();
        return r.top > box.top + 40 && r.bottom < box.top + box.height / 2 && !/^[a-z]+:/i.test(l.getAttribute('href'));
      });
      return a.getAttribute('href');
    });
    // Hold quire.js back: what shows before it runs is the inline script's doing.
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route('**/assets/quire.js', async (route) => { await held; await route.continue(); });
    await page.click(`#sidebar a.nav-link[href="${href}"]`, { noWaitAfter: true });
    await page.waitForURL(new URL(href, page.url()).href, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.querySelector('main'));
    const early = await page.evaluate(() => ({
      top: document.getElementById('sidebar').scrollTop,
      // quire.js marks the previous and next links with their keys.
      quireRan: !document.querySelector('.pagination a') || !!document.querySelector('[aria-keyshortcuts]'),
    }));
    release();
    await page.waitForLoadState('load');
    const later = await page.evaluate(() => document.getElementById('sidebar').scrollTop);
    await context.close();
    assert.equal(early.quireRan, false, 'quire.js had not run yet');
    assert.ok(Math.abs(early.top - top) <= 2, `restored before quire.js: ${early.top}, was ${top}`);
    assert.ok(Math.abs(later - top) <= 2, `kept once quire.js ran: ${later}, was ${top}`);
  });
});
