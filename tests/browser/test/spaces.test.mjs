// Browser tests of a site of several spaces (tests/fixtures/multilang, built
// here with the quire binary): the space switcher keeps the reader on the
// same page, closes like a menu, and search stays inside the reader's space.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch, serve, quireBinary } from '../lib.mjs';

const FIXTURE = fileURLToPath(new URL('../../fixtures/multilang', import.meta.url));
let chrome, server, out;

before(async () => {
  const bin = quireBinary();
  assert.ok(bin, 'a quire binary (cargo build) is needed');
  out = mkdtempSync(join(tmpdir(), 'quire-spaces-'));
  execFileSync(bin, ['build', FIXTURE, '--out', join(out, 'site')], { stdio: 'pipe' });
  chrome = await launch();
  server = await serve(join(out, 'site'), '/help/');
});
after(async () => {
  await chrome?.close();
  await server?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

test('the switcher opens the same page in another space', async () => {
  const page = await (await chrome.newContext()).newPage();
  await page.goto(server.base + 'zh-TW/setup/install.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-TW');
  await page.click('.space-switcher summary');
  await page.click('.space-list a[lang="en"]');
  await page.waitForURL(/\/en\/setup\/install\.html$/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('.space-current'), 'English');
  // The English sidebar lists English pages only.
  const nav = await page.textContent('.site-nav');
  assert.match(nav, /Connect a mailbox/);
  assert.doesNotMatch(nav, /安裝/);
});

test('the switcher closes on Escape and on a click elsewhere', async () => {
  const page = await (await chrome.newContext()).newPage();
  await page.goto(server.base + 'en/index.html');
  const open = () => page.evaluate(() => document.querySelector('.space-switcher').open);
  await page.click('.space-switcher summary');
  assert.equal(await open(), true);
  await page.keyboard.press('Escape');
  assert.equal(await open(), false);
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
  await page.click('.space-switcher summary');
  await page.click('main h1');
  assert.equal(await open(), false);
});

test('search finds pages of the reader’s space only', async () => {
  const page = await (await chrome.newContext()).newPage();
  for (const [space, query] of [['zh-TW', 'Harbor'], ['en', 'Harbor'], ['ja', 'Harbor']]) {
    await page.goto(server.base + `${space}/index.html`);
    const results = await page.evaluate((q) => window.quire.search(q), query);
    assert.ok(results.length > 0, `${space}: no results for ${query}`);
    for (const r of results) assert.ok(r.url.startsWith(`${space}/`), `${space}: ${r.url}`);
  }
  await page.goto(server.base + 'zh-TW/index.html');
  const chinese = await page.evaluate(() => window.quire.search('英飛凌'));
  assert.equal(decodeURIComponent(chinese[0].url), 'zh-TW/setup/install.html#an-zhuang-shi-bai');
});
