// Live reload of `quire serve` in Chromium (issue 8): open a page, save the
// file on disk the way editors do, and see the new text without touching the
// browser, at the same scroll position; a broken save shows the error over
// the last good page, and fixing it clears the overlay. The test starts the
// quire binary itself (QUIRE_BIN or target/*/quire); without one it is skipped.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { launch, quireBinary } from '../lib.mjs';

const FILLER = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}, to give the page some height.`).join('\n\n');
const page = (text) => `# Guide\n\n${text}\n\n${FILLER}\n\nEnd marker.\n`;

/** Save like vim or JetBrains: write a temporary file, rename it over the page. */
function atomicSave(path, text) {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Start `quire serve` on a free port; resolves with the URL it prints. */
function startServe(bin, dir) {
  const child = spawn(bin, ['serve', dir, '--port', '0', '--base-path', '/kb/'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const match = /^Serving at (http:\/\/\S+)$/.exec(line);
      match ? ok(match[1]) : fail(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => fail(new Error(`quire serve exited with ${code}`)));
  });
  return { child, url };
}

const bin = quireBinary();

describe('quire serve live reload', { skip: !bin && 'no quire binary' }, () => {
  let dir, server, url, chrome;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quire-serve-'));
    const files = {
      'README.md': '# Home\n\nWelcome.\n',
      'SUMMARY.md': '* [Home](README.md)\n* [Guide](guide.md)\n',
      'guide.md': page('First version.'),
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    server = startServe(bin, dir);
    url = await server.url;
    chrome = await launch();
  });

  after(async () => {
    await chrome?.close();
    server?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('an edit on disk reloads the page at the same scroll position', async () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/kb\/$/);
    const context = await chrome.newContext();
    const tab = await context.newPage();
    await tab.goto(`${url}guide.html`);
    await tab.waitForFunction(() => document.body.innerText.includes('First version.'));
    await tab.evaluate(() => window.scrollTo(0, 900));
    const before = await tab.evaluate(() => window.scrollY);
    assert.ok(before > 500, `page scrolls (${before})`);
    // Give the event stream a moment to connect before the save.
    await tab.waitForTimeout(300);
    atomicSave(join(dir, 'guide.md'), page('Second version.'));
    await tab.waitForFunction(() => document.body.innerText.includes('Second version.'), null, { timeout: 15000 });
    await tab.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, before, { timeout: 5000 });
    await context.close();
  });

  test('a broken save shows the error over the last good page; a fix clears it', async () => {
    const context = await chrome.newContext();
    const tab = await context.newPage();
    await tab.goto(`${url}guide.html`);
    await tab.waitForTimeout(300);
    atomicSave(join(dir, 'guide.md'), `---\ntitle: [<img src=x onerror="window.pwned=1">\n---\n${page('Broken version.')}`);
    const overlay = tab.locator('#quire-errors');
    await overlay.waitFor({ state: 'visible', timeout: 15000 });
    assert.match(await overlay.innerText(), /guide\.md:2/);
    assert.equal(await overlay.locator('img').count(), 0, 'error text is not HTML');
    assert.equal(await tab.evaluate(() => window.pwned), undefined);
    assert.ok((await tab.locator('main').innerText()).includes('Second version.'), 'last good page stays');
    atomicSave(join(dir, 'guide.md'), page('Fixed version.'));
    await tab.waitForFunction(() => document.body.innerText.includes('Fixed version.'), null, { timeout: 15000 });
    assert.equal(await overlay.count(), 0);
    await context.close();
  });
});
