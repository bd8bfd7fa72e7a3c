// Browser tests of the page actions beside the title (issue 28 §4): "Copy
// page" copies the Markdown twin (Clipboard API in a secure context, else
// execCommand), and is not shown from file://, where "View as Markdown" (a
// plain link) and "Edit" still are.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serve, buildSpace, openPage } from '../lib.mjs';

const FILES = {
  'README.md': '# Home\n\nWelcome.\n',
  'SUMMARY.md': '# Summary\n\n* [Home](README.md)\n* [Guide](guide/setup.md)\n',
  'guide/setup.md': '---\ndescription: How to set it up.\n---\n# Set up 設定\n\n{% hint style="warning" %}\nBack up first.\n{% endhint %}\n\nSee [home](../README.md).\n',
};

let chrome, server, space;

before(async () => {
  space = buildSpace(FILES, 'Fixture', 'edit_url: https://git.example.com/edit/{path}\n');
  if (!space) return;
  chrome = await launch();
  server = await serve(space.out, '/kb/');
});

after(async () => {
  await chrome?.close();
  await server?.close();
  space?.remove();
});

const twin = () => readFileSync(join(space.out, 'guide/setup.md'), 'utf8');

describe('page actions', () => {
  test('Copy page copies the twin with the Clipboard API and says so', async (t) => {
    if (!space) return t.skip('no quire binary');
    const s = await openPage(chrome, `${server.base}guide/setup.html`, { permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = s;
    const button = page.locator('.page-title-row .copy-page');
    assert.equal(await button.isVisible(), true);
    await button.click();
    await page.waitForFunction(() => document.querySelector('.copy-page').classList.contains('copied'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, twin());
    assert.ok(copied.startsWith('# Set up 設定\n\nHow to set it up.\n\n> [!WARNING]\n'), copied);
    assert.equal(await button.textContent(), 'Copied');
    await s.context.close();
    assert.deepEqual(s.problems, []);
  });

  test('outside a secure context Copy page copies with execCommand', async (t) => {
    if (!space) return t.skip('no quire binary');
    const context = await chrome.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(window, 'isSecureContext', { value: false });
      window.copied = [];
      document.execCommand = (command) => {
        if (command === 'copy') window.copied.push(document.activeElement.value);
        return command === 'copy';
      };
    });
    const page = await context.newPage();
    await page.goto(`${server.base}guide/setup.html`);
    await page.click('.copy-page');
    await page.waitForFunction(() => window.copied.length === 1);
    assert.equal(await page.evaluate(() => window.copied[0]), twin());
    await context.close();
  });

  test('from file:// there is no Copy page, but View as Markdown and Edit lead on', async (t) => {
    if (!space) return t.skip('no quire binary');
    const url = pathToFileURL(join(space.out, 'guide/setup.html')).href;
    const s = await openPage(chrome, url);
    const { page } = s;
    await page.waitForLoadState('load');
    assert.equal(await page.locator('.copy-page').isVisible(), false);
    const view = page.locator('.page-actions a.view-markdown');
    assert.equal(await view.getAttribute('href'), 'setup.md');
    assert.equal(await page.locator('.page-actions a.edit-page').getAttribute('href'), 'https://git.example.com/edit/guide/setup.md');
    await s.context.close();
  });

  test('without JavaScript View as Markdown is a plain link to the twin', async (t) => {
    if (!space) return t.skip('no quire binary');
    const s = await openPage(chrome, `${server.base}guide/setup.html`, { javaScriptEnabled: false });
    const { page } = s;
    await page.click('.page-actions a.view-markdown');
    await page.waitForURL(/setup\.md$/);
    assert.ok((await page.content()).includes('Back up first.'));
    await s.context.close();
  });
});
