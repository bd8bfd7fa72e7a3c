// Mixed Latin and CJK text: the page's language is marked where it differs
// from the space's, the CJK font of that language draws the Han characters
// (Traditional, Simplified and Japanese forms differ), and CJK emphasis is
// never slanted.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpace, serve, openSite } from '../lib.mjs';

const PREFIX = '/kb/sub/';

let chrome, server, pages, site;
before(async () => ({ chrome, server, pages } = site = await openSite(PREFIX)));
after(() => site?.close());

/** The fonts Chromium drew the text of the first `selector` with, most glyphs first. */
async function fontsOf(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.sort((a, b) => b.glyphCount - a.glyphCount).map((f) => f.familyName);
}

describe('typography', () => {
  test('a Chinese page of an English space is marked and drawn with Traditional Chinese fonts', async (t) => {
    const rel = 'contacts/display-name-rules.html';
    if (!pages.includes(rel)) return t.skip(`no ${rel} in this site`);
    const context = await chrome.newContext();
    const page = await context.newPage();
    await page.goto(server.base + rel);
    const state = await page.evaluate(() => ({
      html: document.documentElement.lang,
      body: document.querySelector('.page-body').lang,
      title: document.querySelector('.page-title').lang,
      lineHeight: parseFloat(getComputedStyle(document.querySelector('.page-body p')).lineHeight) / parseFloat(getComputedStyle(document.querySelector('.page-body p')).fontSize),
      family: getComputedStyle(document.querySelector('.page-body')).fontFamily,
    }));
    const fonts = await fontsOf(page, '.page-body p');
    await context.close();
    t.diagnostic(`${rel}: drawn with ${fonts.join(', ')}`);
    assert.deepEqual([state.html, state.body, state.title], ['en', 'zh-TW', 'zh-TW']);
    assert.ok(state.lineHeight >= 1.7, `line height ${state.lineHeight.toFixed(2)} for CJK text`);
    assert.ok(state.family.indexOf('PingFang TC') < state.family.indexOf('PingFang SC'), state.family);
    assert.ok(state.family.indexOf('Microsoft JhengHei') < state.family.indexOf('Microsoft YaHei'), state.family);
    if (fonts.some((f) => /Noto Sans CJK/.test(f))) assert.ok(fonts.includes('Noto Sans CJK TC'), `drawn with ${fonts}`);
  });

  test('Simplified Chinese and Japanese spaces put their own fonts first; CJK emphasis is upright', async (t) => {
    const text = (words) => `# ${words[0]}\n\n${words[1]}*${words[2]}*，English *emphasis* ${words[1]}\n`;
    const cases = [
      ['zh-CN', ['设置', '请到账号设置页面重设密码，完成后会收到通知。', '重要'], 'PingFang SC', 'Noto Sans CJK SC'],
      ['ja', ['設定', 'アカウント設定のページでパスワードを再設定してください。', '重要'], 'Hiragino Sans', 'Noto Sans CJK JP'],
      ['zh-TW', ['設定', '請到帳號設定頁面重設密碼，完成後會收到通知。', '重要'], 'PingFang TC', 'Noto Sans CJK TC'],
    ];
    for (const [language, words, first, linux] of cases) {
      const space = buildSpace({ 'README.md': text(words), 'SUMMARY.md': '# Summary\n\n* [Home](README.md)\n' }, 'Type', `language: ${language}\n`);
      if (!space) return t.skip('no quire binary (set QUIRE_BIN or run cargo build)');
      const local = await serve(space.out, '/');
      const context = await chrome.newContext();
      const page = await context.newPage();
      await page.goto(local.base + 'index.html');
      const state = await page.evaluate(() => {
        const [cjk, latin] = document.querySelectorAll('.page-body em');
        return {
          lang: document.documentElement.lang,
          family: getComputedStyle(document.body).fontFamily,
          cjk: [getComputedStyle(cjk).fontStyle, getComputedStyle(cjk).textEmphasisStyle],
          latin: getComputedStyle(latin).fontStyle,
        };
      });
      const fonts = await fontsOf(page, '.page-body p');
      await context.close();
      await local.close();
      space.remove();
      t.diagnostic(`${language}: drawn with ${fonts.join(', ')}`);
      assert.equal(state.lang, language);
      const cjkFonts = ['PingFang TC', 'PingFang SC', 'Hiragino Sans'].filter((f) => state.family.includes(f));
      assert.equal(cjkFonts.sort((a, b) => state.family.indexOf(a) - state.family.indexOf(b))[0], first, `${language}: ${state.family}`);
      assert.equal(state.cjk[0], 'normal', `${language}: emphasis is not slanted`);
      assert.notEqual(state.cjk[1], 'none', `${language}: emphasis is marked with dots`);
      assert.equal(state.latin, 'normal', `${language}: the whole page is CJK, so its emphasis is upright too`);
      if (fonts.some((f) => /Noto Sans CJK/.test(f))) assert.ok(fonts.includes(linux), `${language}: drawn with ${fonts}`);
    }
  });
});

// Issue 24 §2: a space with no `language` anywhere reads as the language of
// its pages; a page's front matter `lang:` marks that page.
test('an unconfigured Japanese space is Japanese: html lang, strings, glyphs; a page names its own lang', async (t) => {
  const space = buildSpace({
    'README.md': '# 設定\n\nアカウント設定のページでパスワードを再設定してください。直、骨、戸。\n',
    'zh.md': '---\nlang: zh-CN\n---\n# 设置\n\n请到账号设置页面重设密码。直、骨、戸。\n',
    'SUMMARY.md': '# Summary\n\n* [設定](README.md)\n* [设置](zh.md)\n',
  }, 'Guess');
  if (!space) return t.skip('no quire binary (set QUIRE_BIN or run cargo build)');
  const local = await serve(space.out, '/');
  try {
    const page = await (await chrome.newContext()).newPage();
    await page.goto(local.base + 'index.html');
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    assert.equal(await page.textContent('.skip-link'), '本文へ移動');
    const fonts = await fontsOf(page, '.page-body p');
    if (fonts.some((f) => /Noto Sans CJK/.test(f))) assert.ok(fonts.includes('Noto Sans CJK JP'), `drawn with ${fonts}`);
    await page.goto(local.base + 'zh.html');
    const state = await page.evaluate(() => ({
      html: document.documentElement.lang,
      body: document.querySelector('.page-body').lang,
      title: document.querySelector('.page-title').lang,
    }));
    assert.deepEqual([state.html, state.body, state.title], ['ja', 'zh-CN', 'zh-CN']);
    const zhFonts = await fontsOf(page, '.page-body p');
    if (zhFonts.some((f) => /Noto Sans CJK/.test(f))) assert.ok(zhFonts.includes('Noto Sans CJK SC'), `drawn with ${zhFonts}`);
  } finally {
    await local.close();
    space.remove();
  }
});
