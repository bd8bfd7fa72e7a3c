// Browser tests of GitBook's HTML forms: typed table columns, card tables,
// buttons (the search button opens the search with its query) and icons.
// They run against a small space built for them with this working copy of
// the theme.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, buildSpace, openPage } from '../lib.mjs';

const PAGE = `# Forms

<table><thead><tr><th>Page</th><th data-type="number">Tickets</th><th data-type="checkbox">Done</th><th data-type="rating" data-max="5">Score</th><th data-type="select"><select><option value="a1" label="Current" color="green"></option></select>State</th></tr></thead><tbody><tr><td>Sync</td><td>1234</td><td>true</td><td>3</td><td><span data-option="a1">Current</span></td></tr><tr><td>Import</td><td>7</td><td>false</td><td>5</td><td></td></tr></tbody></table>

<table data-view="cards"><thead><tr><th></th><th data-hidden data-card-target data-type="content-ref"></th></tr></thead><tbody><tr><td><strong>First</strong></td><td><a href="README.md">README.md</a></td></tr><tr><td><strong>Second</strong></td><td><a href="README.md">README.md</a></td></tr><tr><td><strong>Third</strong></td><td><a href="README.md">README.md</a></td></tr></tbody></table>

Code on <i class="fa-github">:github:</i> GitHub, and <i class="fa-no-such-icon">(none)</i>.

<a href="README.md" class="button primary" data-icon="rocket">Start</a> <button class="button secondary" data-action="search" data-query="webhook retries">Find retries</button>
`;

let chrome, server, space;

before(async () => {
  space = buildSpace({
    'README.md': '# Home\n\nWebhook retries are sent five times.\n',
    'forms.md': PAGE,
    'SUMMARY.md': '# Summary\n\n* [Home](README.md)\n* [Forms](forms.md)\n',
  });
  if (!space) return;
  chrome = await launch();
  server = await serve(space.out, '/docs/');
});

after(async () => {
  await chrome?.close();
  await server?.close();
  space?.remove();
});

/** A fresh page on the fixture (or a skip without a quire binary). */
async function open(t, options = {}) {
  if (!space) { t.skip('no quire binary (set QUIRE_BIN or run cargo build)'); return null; }
  return openPage(chrome, server.base + 'forms.html', options);
}

describe('HTML forms', () => {
  test('typed columns: numbers right-aligned, checkboxes and stars visible with text alternatives', async (t) => {
    const o = await open(t);
    if (!o) return;
    const { context, page, problems } = o;
    const number = page.locator('td.cell-number').first();
    assert.equal(await number.evaluate((el) => getComputedStyle(el).textAlign), 'right');
    const checked = page.locator('.checkbox[data-checked="true"]');
    assert.ok(await checked.isVisible());
    assert.equal(await checked.getAttribute('aria-label'), 'Checked');
    assert.equal(await page.locator('.checkbox[data-checked="false"]').getAttribute('aria-label'), 'Not checked');
    const box = await checked.boundingBox();
    assert.ok(box.width >= 12 && box.height >= 12, JSON.stringify(box));
    const rating = page.getByRole('img', { name: '3 out of 5' });
    assert.ok(await rating.isVisible());
    assert.equal(await rating.locator('svg.star.on').count(), 3);
    const fill = await rating.locator('svg.star.on').first().evaluate((el) => getComputedStyle(el).fill);
    assert.notEqual(fill, 'none');
    const pill = page.locator('.pill.pill-green');
    assert.equal(await pill.textContent(), 'Current');
    assert.equal(await page.locator('th select').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a card table is a grid of linked cards built without script', async (t) => {
    const o = await open(t, { javaScriptEnabled: false });
    if (!o) return;
    const { context, page } = o;
    const cards = page.locator('ul.cards > li.card');
    assert.equal(await cards.count(), 3);
    const tops = await cards.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 1, `cards side by side at 1440px: ${tops}`);
    await cards.nth(1).click({ position: { x: 20, y: 20 } });
    await page.waitForURL(/index\.html$/);
    await context.close();
  });

  test('known icons are drawn as SVG with their fallback for screen readers; unknown ones show the fallback', async (t) => {
    const o = await open(t);
    if (!o) return;
    const { context, page } = o;
    const github = page.locator('i.fa-github');
    const svg = github.locator('svg.icon');
    assert.ok(await svg.isVisible());
    const size = await svg.boundingBox();
    assert.ok(size.width > 10 && size.width < 30, JSON.stringify(size));
    assert.equal(await github.locator('.sr-only').textContent(), ':github:');
    assert.ok(await page.getByText('(none)').isVisible());
    assert.equal(await page.locator('a.button.primary svg.icon').count(), 1);
    await context.close();
  });

  test('the search button opens the search with its query', async (t) => {
    const o = await open(t);
    if (!o) return;
    const { context, page, problems } = o;
    const button = page.getByRole('button', { name: 'Find retries' });
    assert.ok(await button.isEnabled());
    await button.click();
    const input = page.locator('.search-input');
    assert.equal(await input.inputValue(), 'webhook retries');
    assert.ok(await input.evaluate((el) => el === document.activeElement));
    await page.locator('.search-results .search-result').first().waitFor({ timeout: 5000 });
    assert.ok(await page.locator('.search-results').isVisible());
    assert.match(await page.locator('.search-results').textContent(), /Home/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('without JavaScript the search button is disabled', async (t) => {
    const o = await open(t, { javaScriptEnabled: false });
    if (!o) return;
    const { context, page } = o;
    assert.ok(await page.getByRole('button', { name: 'Find retries' }).isDisabled());
    await context.close();
  });
});
