// Browser tests of search (themes/default/assets/search.js) on the built
// sample site (env QUIRE_SITE, default ../../output): served under a
// sub-path and opened from file://, the contract API `window.quire.search`,
// results that land on their heading, the dropdown with the keyboard, and no
// request to another host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serve, SITE, buildSpace } from '../lib.mjs';

const PREFIX = '/kb/sub/';
// Real sections of content/: [query, url of the expected first result, its heading].
const ENGLISH = ['retry schedule', 'messaging/webhook-troubleshooting.html#retry-schedule', 'Retry schedule'];
// A section's URL takes the heading's GitBook anchor (pinyin for Chinese).
const CHINESE = ['送達數比發送數少', 'messaging/broadcast-delivery-faq.html#song-da-shu-bi-fa-song-shu-shao', '送達數比發送數少'];

let chrome, server;
const enabled = existsSync(join(SITE, 'search/manifest.js'));

before(async () => {
  if (!enabled) return;
  chrome = await launch();
  server = await serve(SITE, PREFIX);
});
after(async () => {
  await chrome?.close();
  await server?.close();
});

function watch(page, origin) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:')) return;
    if (!url.startsWith(origin)) problems.push(`request leaves the site: ${url}`);
  });
  return problems;
}

function decoded(url) { return decodeURIComponent(url); }

async function contract(base, origin) {
  const ctx = await chrome.newContext();
  const page = await ctx.newPage();
  const problems = watch(page, origin);
  await page.goto(base + 'contacts/contact-import-api.html');
  // Callable before anything loaded the index.
  assert.equal(await page.evaluate(() => typeof window.quireSearchParts), 'undefined');
  for (const [query, url, heading] of [ENGLISH, CHINESE]) {
    const results = await page.evaluate((q) => window.quire.search(q), query);
    assert.ok(results.length > 0 && results.length <= 20, `${query}: ${results.length} results`);
    const first = results[0];
    assert.deepEqual(Object.keys(first).sort(), ['breadcrumbs', 'excerpt', 'page', 'title', 'url']);
    assert.equal(decoded(first.url), url, `${query}: first is ${first.url}`);
    assert.equal(first.title, heading);
    assert.ok(Array.isArray(first.breadcrumbs) && first.breadcrumbs.length > 0);
    assert.ok(!first.url.startsWith('./') && !first.url.startsWith('/'));
    assert.match(first.excerpt, /<mark>/, `${query}: excerpt ${first.excerpt}`);
    assert.equal(new Set(results.map((r) => r.url)).size, results.length, 'one result per section');
  }
  // The result URL lands on its heading.
  const [, url, heading] = ENGLISH;
  await page.goto(new URL(url, base).href);
  const target = await page.evaluate(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = document.getElementById(id);
    return el && { tag: el.tagName, text: el.textContent };
  });
  assert.ok(target && /^H[23]$/.test(target.tag), `no heading for ${url}`);
  assert.ok(target.text.startsWith(heading));
  assert.deepEqual(problems, []);
  await ctx.close();
}

test('contract API over HTTP under a sub-path', { skip: !enabled && 'search disabled' }, async () => {
  await contract(server.base, server.origin);
});

test('contract API from file://', { skip: !enabled && 'search disabled' }, async () => {
  const base = pathToFileURL(SITE).href + '/';
  await contract(base, 'file://');
});

test('the dropdown with the keyboard', { skip: !enabled && 'search disabled' }, async () => {
  const ctx = await chrome.newContext();
  const page = await ctx.newPage();
  const problems = watch(page, server.origin);
  await page.goto(server.base + 'index.html');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'search-input');
  await page.keyboard.type(ENGLISH[0]);
  await page.waitForSelector('.search-results:not([hidden]) .search-result');
  const count = await page.locator('.search-result').count();
  assert.ok(count > 1);
  assert.ok((await page.locator('.search-result mark').count()) > 0);
  assert.equal(await page.getAttribute('.search-input', 'aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.getAttribute('#search-result-0', 'aria-selected'), 'true');
  await page.keyboard.press('Escape');
  assert.ok(await page.locator('.search-results').isHidden());
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('.search-results:not([hidden])');
  await page.keyboard.press('ArrowDown'); // the first result is selected
  await Promise.all([page.waitForURL(/webhook-troubleshooting\.html\?q=retry%20schedule#retry-schedule$/), page.keyboard.press('Enter')]);
  // The words searched for are highlighted on the page the result opened.
  const hits = await page.locator('.page-body mark.search-hit').allTextContents();
  assert.ok(hits.length > 0, 'no highlighted words');
  assert.ok(hits.every((h) => /^(retr(y|ies|ied)|schedul\w*)$/i.test(h)), hits.join(', '));
  // Ctrl+K focuses the box from anywhere.
  await page.locator('main').click();
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'search-input');
  await page.keyboard.type('客戶英飛凌');
  await page.waitForSelector('.search-results:not([hidden])');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('first and later query times', { skip: !enabled && 'search disabled' }, async () => {
  const ctx = await chrome.newContext();
  const page = await ctx.newPage();
  await page.goto(server.base + 'index.html');
  const times = await page.evaluate(async () => {
    const t0 = performance.now();
    await window.quire.search('webhook');
    const t1 = performance.now();
    await window.quire.search('signature mismatch');
    const t2 = performance.now();
    return [t1 - t0, t2 - t1];
  });
  console.log(`search: first query ${times[0].toFixed(1)} ms (loads the index), later ${times[1].toFixed(1)} ms`);
  await ctx.close();
});

test('excerpts show the match even deep in a long section, and shards load on demand', async () => {
  // A section whose only mention of the word comes after 500 characters (the old limit was 240).
  const filler = 'Agents confirm the account owner before any change to billing details. '.repeat(7);
  const space = buildSpace({
    'README.md': '# Home\n\nWelcome.\n',
    'long.md': `# Long page\n\n## Background\n\n${filler}The zephyrine relay restarts at midnight.\n`,
    'SUMMARY.md': '# Summary\n\n* [Home](README.md)\n* [Long page](long.md)\n',
  }, 'Excerpts');
  assert.ok(space, 'a quire binary is needed');
  const local = await serve(space.out, '/');
  try {
    const page = await (await chrome.newContext()).newPage();
    await page.goto(local.base + 'index.html');
    const [first] = await page.evaluate(() => window.quire.search('zephyrine'));
    assert.equal(first.url, 'long.html#background');
    assert.match(first.excerpt, /^…/, first.excerpt);
    assert.match(first.excerpt, /<mark>zephyrine<\/mark> relay restarts/, first.excerpt);
    // Only the manifest, one term shard and one section shard were loaded.
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource')
      .map((e) => e.name.split('/search/')[1]).filter(Boolean).map((n) => n.split('-')[0]).sort());
    assert.deepEqual(loaded, ['manifest.js', 'sections', 'terms']);
  } finally {
    await local.close();
    space.remove();
  }
});

test('markup in titles, crumbs and text is shown as text in the results, never run', async () => {
  const space = buildSpace({
    'README.md': '# Home\n\nWelcome.\n',
    'evil.md': '# Quokka \\<img src=x onerror="window.__pwned=1">\n\nThe quokka note: `<img src=y onerror="window.__pwned=2">` and \\<script>window.__pwned=3\\</script> quokka.\n',
    'SUMMARY.md': '# Summary\n\n## <b onmouseover="window.__pwned=4">Group</b>\n\n* [Home](README.md)\n* [Quokka <i>label</i>](evil.md)\n',
  }, 'Hostile');
  assert.ok(space, 'a quire binary is needed');
  const local = await serve(space.out, '/');
  try {
    const page = await (await chrome.newContext()).newPage();
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(local.base + 'index.html');
    await page.keyboard.press('/');
    await page.keyboard.type('quokka');
    await page.waitForSelector('.search-results:not([hidden]) .search-result');
    const shown = await page.$$eval('.search-result', (as) => as.map((a) => ({
      text: a.textContent,
      elements: [...a.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
    })));
    assert.ok(shown.length > 0);
    const all = shown.map((s) => s.text).join('\n');
    assert.match(all, /<img src=x onerror="window.__pwned=1">/, all);
    assert.match(all, /<img src=y onerror="window.__pwned=2">/, all);
    for (const s of shown) {
      assert.ok(s.elements.every((t) => ['span', 'mark'].includes(t)), s.elements.join(','));
    }
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(dialogs, []);
  } finally {
    await local.close();
    space.remove();
  }
});

test('the scripts speak the language of the page (strings from nav.js)', async () => {
  const space = buildSpace({
    'README.md': '# 首页\n\n```bash\nquire build\n```\n',
    'SUMMARY.md': '# Summary\n\n* [首页](README.md)\n',
  }, 'Strings', 'language: zh-CN\n');
  assert.ok(space, 'a quire binary is needed');
  const local = await serve(space.out, '/');
  try {
    const page = await (await chrome.newContext()).newPage();
    await page.goto(local.base + 'index.html');
    await page.waitForSelector('.copy-button');
    assert.equal(await page.getAttribute('.copy-button', 'aria-label'), '复制代码');
    await page.keyboard.press('/');
    await page.keyboard.type('zzqqxx');
    await page.waitForSelector('.search-results:not([hidden]) .search-empty');
    assert.equal(await page.textContent('.search-empty'), '没有结果');
  } finally {
    await local.close();
    space.remove();
  }
});

/** search-compare.mjs measures against queries/sample.json: an expectation that
    names no heading of the sample counts as a miss for both engines. */
test('every expectation of the sample query list is a page or heading of the sample', { skip: !enabled && 'search disabled' }, () => {
  const list = JSON.parse(readFileSync(new URL('../queries/sample.json', import.meta.url), 'utf8'));
  const stale = [];
  for (const { query, expect } of list) {
    for (const e of expect) {
      const [page, id] = e.split('#');
      const file = join(SITE, page);
      const html = existsSync(file) ? readFileSync(file, 'utf8') : null;
      const ids = html ? [...html.matchAll(/<h[1-6]\b[^>]*\bid="([^"]*)"/g)].map((m) => m[1]) : [];
      if (!html || (id !== undefined && !ids.includes(id))) stale.push(`${query} → ${e}`);
    }
  }
  assert.deepEqual(stale, []);
});

/** The results of `queries` on a fixture space built from `files`. */
async function searchSpace(files, queries) {
  const space = buildSpace(files, 'Ranking');
  assert.ok(space, 'a quire binary is needed');
  const local = await serve(space.out, '/');
  try {
    const page = await (await chrome.newContext()).newPage();
    await page.goto(local.base + 'index.html');
    const out = [];
    for (const q of queries) out.push(await page.evaluate((query) => window.quire.search(query), q));
    return out;
  } finally {
    await local.close();
    space.remove();
  }
}

const summaryOf = (pages) => '# Summary\n\n' + pages.map(([title, path]) => `* [${title}](${path})\n`).join('');

test('every result has an excerpt, also a page that starts with a heading', async () => {
  const [results] = await searchSpace({
    'README.md': '# Home\n\nWelcome.\n',
    'lamp.md': '# Quorum lamp\n\n## Before you start\n\nCheck that the relay is powered.\n\n## Wiring\n\n### Desktop\n\nThe quorum lamp plugs into port two.\n',
    'SUMMARY.md': summaryOf([['Home', 'README.md'], ['Quorum lamp', 'lamp.md']]),
  }, ['quorum lamp']);
  const urls = results.map((r) => r.url);
  assert.ok(urls.includes('lamp.html') && urls.includes('lamp.html#wiring'), urls.join(' '));
  for (const r of results) assert.notEqual(r.excerpt.trim(), '', `${r.url} has an empty excerpt`);
  const own = results.find((r) => r.url === 'lamp.html');
  assert.match(own.excerpt, /Check that the relay is powered/, own.excerpt);
  const wiring = results.find((r) => r.url === 'lamp.html#wiring');
  assert.match(wiring.excerpt, /<mark>quorum<\/mark> <mark>lamp<\/mark> plugs/, wiring.excerpt);
});

test('a word outranks other words that share its short stem (ad is not adding)', async () => {
  // Pages titled "Adding …" would match `ad` through Porter's stem of `adding`.
  const adding = ['a tag', 'a filter', 'a contact', 'an agent', 'a team', 'a macro'];
  // A long section: two mentions in it weigh less than a title that matches one word.
  const prose = 'Agents reload the inbox, clear the cache and sign in again before they call support. '.repeat(20);
  const files = { 'README.md': '# Home\n\nWelcome.\n' };
  const pages = [['Home', 'README.md']];
  adding.forEach((what, i) => {
    files[`adding-${i}.md`] = `# Adding ${what}\n\nOpen the settings and press the plus button.\n`;
    pages.push([`Adding ${what}`, `adding-${i}.md`]);
  });
  files['blank.md'] = `# Pages stay blank\n\n${prose}An ad blocker can hide the inbox. Turn the ad blocker off for this site.\n`;
  pages.push(['Pages stay blank', 'blank.md']);
  files['SUMMARY.md'] = summaryOf(pages);
  const [results, typed] = await searchSpace(files, ['ad blocker', 'ad blocker ']);
  for (const r of [results, typed]) assert.equal(r[0]?.url, 'blank.html', r.map((x) => x.url).join(' '));
});

test('the exact word outranks the words that share its stem', async () => {
  const files = {
    'README.md': '# Home\n\nWelcome.\n',
    'connected.md': '# Relay state\n\nThe relay shows connected when connected to the hub.\n',
    'connecting.md': '# Relay start\n\nThe relay shows connecting while it starts.\n',
    'SUMMARY.md': summaryOf([['Home', 'README.md'], ['Relay state', 'connected.md'], ['Relay start', 'connecting.md']]),
  };
  const [connecting, connected] = await searchSpace(files, ['relay connecting ', 'relay connected ']);
  assert.equal(connecting[0]?.url, 'connecting.html', connecting.map((x) => x.url).join(' '));
  assert.equal(connected[0]?.url, 'connected.html', connected.map((x) => x.url).join(' '));
});

test('an answer that arrives after Escape cleared the box opens nothing', { skip: !enabled }, async () => {
  const ctx = await chrome.newContext();
  const page = await ctx.newPage();
  await page.goto(server.base + 'contacts/contact-import-api.html');
  // The index loads only when released: the query is still on its way.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/search/**', async (route) => { await held; await route.continue(); });
  await page.click('.search-input');
  await page.keyboard.type(ENGLISH[0]);
  await page.waitForTimeout(200); // past the typing pause: the search has started
  await page.keyboard.press('Escape'); // nothing shown yet: clears the box and leaves it
  assert.equal(await page.inputValue('.search-input'), '');
  release();
  await page.evaluate(() => window.quire.search('retry'));
  await page.waitForTimeout(100);
  assert.equal(await page.locator('.search-results').isHidden(), true, 'results opened after Escape');
  await ctx.close();
});

/** Issue 27 §1: a support page of ten tickets, each an h2 with the same two h3s. */
function ticketSpace() {
  const problems = ['sync fails', 'names vanish', 'tags doubled', 'import stalls', 'export empty',
    'merge loops', 'avatar missing', 'locale wrong', 'phone cut', 'notes lost'];
  let page = '# MAAC Contacts\n\nKnown contact problems.\n\n';
  problems.forEach((p, i) => {
    page += `## Ticket ${4521 + i}: ${p}\n\n### Issue Description\n\nThe agent sees the ${p.split(' ')[0]} problem.\n\n` +
      '### Root Cause & Solution\n\nRestart the contact worker after the quota reset.\n\n';
  });
  return {
    'README.md': '# Home\n\nWelcome.\n',
    'maac.md': page,
    'SUMMARY.md': '# Summary\n\n* [Home](README.md)\n\n## Troubleshooting\n\n* [MAAC Contacts](maac.md)\n',
  };
}

test('a section result names the headings it sits under (ten tickets, same h3s)', async () => {
  const space = buildSpace(ticketSpace(), 'Tickets');
  assert.ok(space, 'a quire binary is needed');
  const local = await serve(space.out, '/');
  try {
    const page = await (await chrome.newContext()).newPage();
    await page.goto(local.base + 'index.html');
    const [causes, ticket] = await page.evaluate(async () => [
      await window.quire.search('root cause solution'),
      await window.quire.search('4523 root cause'),
    ]);
    const roots = causes.filter((r) => r.title === 'Root Cause & Solution');
    assert.equal(roots.length, 10, causes.map((r) => r.title).join(' | '));
    const trails = roots.map((r) => r.breadcrumbs.join(' › '));
    assert.equal(new Set(trails).size, 10, trails.join('\n'));
    assert.ok(trails.includes('Troubleshooting › MAAC Contacts › Ticket 4521: sync fails'), trails.join('\n'));
    // The ticket's h2 itself ends at the page; the page's own section at the group.
    const h2 = (await page.evaluate(() => window.quire.search('tags doubled')))[0];
    assert.deepEqual([h2.title, h2.breadcrumbs], ['Ticket 4523: tags doubled', ['Troubleshooting', 'MAAC Contacts']]);
    // The parent heading is indexed: naming the ticket finds its h3.
    assert.equal(ticket[0]?.title, 'Root Cause & Solution', ticket.map((r) => r.title).join(' | '));
    assert.deepEqual(ticket[0].breadcrumbs, ['Troubleshooting', 'MAAC Contacts', 'Ticket 4523: tags doubled']);
    assert.equal(decodeURIComponent(ticket[0].url).split('#')[0], 'maac.html');
    // The results list shows the trail.
    await page.keyboard.press('/');
    await page.keyboard.type('4523 root cause');
    await page.waitForSelector('.search-results:not([hidden]) .search-result');
    const crumbs = await page.textContent('#search-result-0 .search-crumbs');
    assert.equal(crumbs, 'Troubleshooting › MAAC Contacts › Ticket 4523: tags doubled');
  } finally {
    await local.close();
    space.remove();
  }
});

/** Issue 27 §2: the query's words next to each other, in order, rank first. */
test('words next to each other in order outrank a heading with one of them', async () => {
  // The phrase stays in the first 600 characters of its section, the text a result loads.
  const prose = 'Agents open the admin console, pick the team and check the inbox rules before a shift. '.repeat(5);
  const pages = [['Home', 'README.md']];
  const files = { 'README.md': '# Home\n\nWelcome.\n' };
  const add = (path, title, text) => { files[path] = `# ${title}\n\n${text}\n`; pages.push([title, path]); };
  add('presence.md', 'Presence', 'Agents show as online, away or busy.\n\n## Presence timeout\n\nAway after ten minutes.\n\n## Away replies\n\nReplies reach the agent who is away.');
  add('broadcast.md', 'Broadcast', 'Send one message to many contacts.\n\n## Broadcast schedule\n\nPick a time.\n\n## Broadcast sender\n\nA broadcast shows the sender in its header.');
  // Both words, far apart.
  add('rules.md', 'Inbox rules', `Rules run on every broadcast reply. ${prose}Rules ignore the presence of agents.`);
  add('status.md', 'Agent status', `${prose}\n\n## Quiet hours\n\n${prose}To stop the banner, open Settings and turn on Disable Presence Broadcast for the team.`);
  files['SUMMARY.md'] = summaryOf(pages);
  const [plain, typing] = await searchSpace(files, ['presence broadcast', 'presence broadc']);
  for (const r of [plain, typing]) assert.equal(r[0]?.url, 'status.html#quiet-hours', r.map((x) => x.url).join(' '));
});

test('CJK bigrams one after the other outrank a word that shares one (レート制限, not テンプレート)', async () => {
  const pages = [['ホーム', 'README.md']];
  const files = { 'README.md': '# ホーム\n\nようこそ。\n' };
  const add = (path, title, text) => { files[path] = `# ${title}\n\n${text}\n`; pages.push([title, path]); };
  // Pages that say テンプレート (its bigrams レー and ート are those of レート) and 制限 apart.
  add('mail.md', 'メールの作成', 'テンプレートを選ぶと、件名と本文が入ります。送信数に制限はありません。');
  add('report.md', '週次レポート', 'レポートのテンプレートを使います。行数の制限に注意してください。');
  add('schema.md', 'スキーマの定義', 'JSON スキーマのテンプレートを定義します。');
  add('balance.md', '負荷分散', 'API キーを複数登録すると、呼び出しを分散できます。'.repeat(3) +
    'ひとつのキーがレート制限に達すると、次のキーに切り替わります。レート制限の値はプロバイダーごとに異なります。');
  files['SUMMARY.md'] = summaryOf(pages);
  const [results] = await searchSpace(files, ['レート制限']);
  assert.equal(results[0]?.url, 'balance.html', results.map((x) => x.url).join(' '));
});

test('the section that has every bigram is reranked even when 25 sections that share two outscore it', async () => {
  const pages = [['ホーム', 'README.md']];
  const files = { 'README.md': '# ホーム\n\nようこそ。\n' };
  const add = (path, title, text) => { files[path] = `# ${title}\n\n${text}\n`; pages.push([title, path]); };
  // Short sections whose heading says テンプレート (レー, ート) and whose text says 制限:
  // three of レート制限's four bigrams, in the fields that weigh most.
  const kinds = ['メール', 'チャット', '請求書', '通知', '返信', '署名', '見積', '議事録', 'レポート', '招待',
    '告知', '案内', '挨拶', '謝罪', '督促', '確認', '予約', '注文', '発送', '返品', '採用', '面接', '研修', '日報', '週報'];
  kinds.forEach((kind, i) => add(`t${i}.md`, `${kind}テンプレート`, `${kind}のテンプレートです。文字数の制限があります。`));
  // One long section that says レート制限, within the text a result loads for its excerpt.
  add('balance.md', '負荷分散', 'API キーを複数登録すると、呼び出しを各キーに分散できます。'.repeat(6) +
    'ひとつのキーがレート制限に達すると、次のキーに切り替わります。');
  files['SUMMARY.md'] = summaryOf(pages);
  const [results] = await searchSpace(files, ['レート制限']);
  assert.equal(results[0]?.url, 'balance.html', results.map((x) => x.url).join(' '));
});

/** Issue 27: a term found as typed weighs more, but does not outrank the
    section about it from a hub page that names it in a table of links. */
test('a term said word for word in a hub page does not outrank the section about it (顯示名稱優先順序)', async () => {
  const pages = [['首頁', 'README.md']];
  const files = { 'README.md': '# 首頁\n\n歡迎。\n' };
  const add = (path, title, text) => { files[path] = `# ${title}\n\n${text}\n`; pages.push([title, path]); };
  add('rules.md', '聯絡人名稱規則', '本頁說明聯絡人顯示名稱的來源，以及各來源的優先順序。\n\n## 名稱優先順序\n\n' +
    '同一位聯絡人有多個名稱時，系統依優先順序決定顯示哪一個：手動編輯最優先，其次是 API 更新，最後是匯入檔案。\n\n' +
    '## 匯入後名稱被覆寫\n\n匯入檔案的名稱欄位若有值，會覆寫頻道同步的名稱，但不會覆寫手動編輯的名稱。\n\n' +
    '## 兩種名稱同時出現\n\n對話列表顯示的名稱與聯絡人頁的名稱不同時，請先重新整理頁面。');
  add('hub.md', '訊息問題總覽', '遇到問題時，先判斷它屬於哪一類，再到對應的頁面查看。\n\n| 症狀 | 相關規則 |\n|---|---|\n' +
    '| 名字不對 | [顯示名稱優先順序](rules.md#ming-cheng-you-xian-shun-xu) |\n| 送達太慢 | [送達時間](rules.md) |\n| 收不到訊息 | [頻道狀態](rules.md) |\n');
  files['SUMMARY.md'] = summaryOf(pages);
  const [results] = await searchSpace(files, ['顯示名稱優先順序']);
  const urls = results.map((x) => decodeURIComponent(x.url));
  assert.equal(urls[0], 'rules.html#ming-cheng-you-xian-shun-xu', urls.join(' '));
  assert.ok(urls.slice(0, 3).includes('hub.html'), urls.join(' '));
});

test('an identifier as typed (RELAY_TOKEN) outranks headings that say its words apart', async () => {
  const pages = [['Home', 'README.md']];
  const files = { 'README.md': '# Home\n\nWelcome.\n' };
  const add = (path, title, text) => { files[path] = `# ${title}\n\n${text}\n`; pages.push([title, path]); };
  add('rotate.md', 'Rotate the relay token', 'Open Settings, then Relay, and press Rotate. The old relay token stops working at once.');
  add('expired.md', 'Relay token expired', 'The relay token lasts ninety days; an expired relay token shows a red banner.');
  add('scopes.md', 'Relay token scopes', 'A relay token can read contacts, send messages or both.');
  const variables = ['RELAY_HOST', 'RELAY_PORT', 'RELAY_TOKEN', 'RELAY_REGION'].map((name) =>
    `${name} is read when the relay starts; a change needs a restart of the relay service.`).join(' ');
  add('environment.md', 'Environment variables', `The relay reads these variables. ${variables}`);
  files['SUMMARY.md'] = summaryOf(pages);
  const [results, lower] = await searchSpace(files, ['RELAY_TOKEN', 'relay_token']);
  for (const r of [results, lower]) assert.equal(r[0]?.url, 'environment.html', r.map((x) => x.url).join(' '));
  // Words typed apart still find the headings first.
  const [apart] = await searchSpace(files, ['relay token']);
  assert.notEqual(apart[0]?.url, 'environment.html', apart.map((x) => x.url).join(' '));
});

test('the third section of a page comes after the results of other pages', async () => {
  const pages = [['Home', 'README.md']];
  const files = { 'README.md': '# Home\n\nWelcome.\n' };
  const add = (path, title, text) => { files[path] = `# ${title}\n\n${text}\n`; pages.push([title, path]); };
  add('sync.md', 'Relay codes sync', ['Turn on', 'How it works', 'Set up', 'Stop'].map((h) =>
    `## ${h}: relay codes\n\nRelay codes sync between the app and the desk.`).join('\n\n'));
  add('codes.md', 'Sign-in codes', `${'Open the account page and pick a method. '.repeat(4)}The relay codes of a user come from their phone.`);
  files['SUMMARY.md'] = summaryOf(pages);
  const [results] = await searchSpace(files, ['relay codes']);
  const urls = results.map((x) => x.url);
  assert.ok(urls.indexOf('codes.html') >= 0 && urls.indexOf('codes.html') < 3, urls.join(' '));
  // The page's other sections still follow.
  assert.equal(urls.filter((u) => u.startsWith('sync.html')).length, 5, urls.join(' '));
});

/** Issue 27: a page with several sections about the query outranks short
    sections of other pages whose one heading is the query's word (release
    notes headed "Spectrograms" above the page about the spectrogram). */
test('a page with several sections about a word outranks lone short sections headed by it', async () => {
  const pages = [['Home', 'README.md']];
  const files = { 'README.md': '# Home\n\nWelcome.\n' };
  const add = (path, title, text) => { files[path] = `# ${title}\n\n${text}\n`; pages.push([title, path]); };
  const filler = 'Each track can be shown in several views, picked from the menu of the track. ';
  add('analysis.md', 'Frequency analysis', `The editor has tools to study the pitch of a recording.\n\n## Heatmap view\n\n${filler.repeat(3)}` +
    'Choose Heatmap from the track menu. The heatmap shows loud frequencies in bright colours; its settings change the scale.\n\n' +
    `### Sharper detail in Heatmap view\n\n${filler.repeat(4)}The heatmap blurs close frequencies: a larger window makes the heatmap sharper in pitch and blurrier in time.`);
  // Release notes: each has a short section headed by the word, with the word in its text.
  for (const v of ['2.1', '2.2', '2.3', '2.4']) {
    add(`notes-${v}.md`, `Release ${v}`, `Fixes and changes of version ${v}.\n\n## Playback\n\nPlayback starts faster.\n\n` +
      '## Heatmaps\n\nThe heatmap range resets after a restart. The heatmap colours follow the theme.');
  }
  files['SUMMARY.md'] = summaryOf(pages);
  const [results] = await searchSpace(files, ['heatmap']);
  const urls = results.map((x) => x.url);
  assert.ok(urls[0]?.startsWith('analysis.html'), urls.join(' '));
  // The release notes still follow.
  assert.ok(urls.some((u) => u.startsWith('notes-')), urls.join(' '));
});

/** Issue 27 §2: a word in a code sample counts less than the same word in prose. */
test('a word in prose outranks the same word in a code sample (温度)', async () => {
  const pages = [['首页', 'README.md']];
  const files = { 'README.md': '# 首页\n\n欢迎。\n' };
  const add = (path, title, text) => { files[path] = `# ${title}\n\n${text}\n`; pages.push([title, path]); };
  const example = '```json\n{"城市": "上海", "温度": 21, "温度单位": "摄氏度", "最高温度": 25, "最低温度": 17}\n```';
  add('weather.md', '天气查询', `调用天气工具查询城市的天气，返回的结果如下。\n\n${example}`);
  add('display.md', '显示设置', '在显示设置中可以选择界面的语言、字体大小和主题颜色。温度可以用摄氏度或华氏度显示，切换后所有页面上的温度都会换算成新的单位。');
  files['SUMMARY.md'] = summaryOf(pages);
  const [results] = await searchSpace(files, ['温度']);
  assert.equal(results[0]?.url, 'display.html', results.map((x) => x.url).join(' '));
  // The example still finds its page, below, with the code as its excerpt.
  const weather = results.find((r) => r.url === 'weather.html');
  assert.ok(weather && weather.excerpt.includes('温度'), JSON.stringify(weather));
});

/** Issue 27 §4: thirty pages of eight sections, one of them about quasars. */
function quasarSpace() {
  const files = { 'README.md': '# Home\n\nWelcome.\n' };
  const pages = [['Home', 'README.md']];
  for (let p = 0; p < 30; p++) {
    let text = `# Station ${p}\n\nThe station log.\n\n`;
    // Sections 9 apart: each result in a section shard of its own.
    for (let h = 0; h < 8; h++) {
      text += `## Part ${h}\n\n${h === 0 ? `The quasar feed ${'runs '.repeat(p)}here.` : 'Nothing to see.'}\n\n`;
    }
    files[`station-${p}.md`] = text;
    pages.push([`Station ${p}`, `station-${p}.md`]);
  }
  files['SUMMARY.md'] = summaryOf(pages);
  return files;
}

test('search(query, { limit }) returns at most limit results and loads only their text', async () => {
  const space = buildSpace(quasarSpace(), 'Quasars');
  assert.ok(space, 'a quire binary is needed');
  const local = await serve(space.out, '/');
  const sectionShards = (page) => page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/search/sections-')).length);
  try {
    const ctx = await chrome.newContext();
    const page = await ctx.newPage();
    await page.goto(local.base + 'index.html');
    const three = await page.evaluate(() => window.quire.search('quasar', { limit: 3 }));
    assert.equal(three.length, 3);
    assert.equal(await sectionShards(page), 3, 'one section shard per result');
    const all = await page.evaluate(() => window.quire.search('quasar'));
    assert.equal(all.length, 20, 'up to 20 without a limit');
    assert.deepEqual(all.slice(0, 3).map((r) => r.url), three.map((r) => r.url));
    assert.equal(await sectionShards(page), 20);
    for (const r of all) assert.match(r.excerpt, /<mark>quasar<\/mark>/);
    assert.equal((await page.evaluate(() => window.quire.search('quasar', { limit: 50 }))).length, 20);
    assert.equal((await page.evaluate(() => window.quire.search('quasar', { limit: 0 }))).length, 20);

    // The search box shows the first eight, and the rest when the reader moves on.
    const box = await ctx.newPage();
    await box.goto(local.base + 'index.html');
    await box.keyboard.press('/');
    await box.keyboard.type('quasar');
    await box.waitForSelector('.search-results:not([hidden]) .search-result');
    assert.equal(await box.locator('.search-result').count(), 8);
    assert.equal(await sectionShards(box), 8);
    for (let i = 0; i < 8; i++) await box.keyboard.press('ArrowDown');
    await box.waitForFunction(() => document.querySelectorAll('.search-result').length === 20);
    assert.equal(await box.getAttribute('#search-result-7', 'aria-selected'), 'true', 'the selection stays');
    await ctx.close();
  } finally {
    await local.close();
    space.remove();
  }
});

/** Issue 27 §4: a common word's postings split by impact, its tail loaded only when needed. */
test('a one-word query reads only the head of a common word, and gets what the whole list gives', async () => {
  const files = { 'README.md': '# Home\n\nWelcome.\n' };
  const pages = [['Home', 'README.md']];
  // 640 sections say nebula once or twice in long text (postings of over 1 KB,
  // which the index splits); sixteen are about nebulae.
  for (let p = 0; p < 160; p++) {
    let text = `# Survey ${p}\n\nThe survey log.\n\n`;
    for (let h = 0; h < 4; h++) {
      const filler = 'The crew logged the sky and the weather again. '.repeat(3 + ((p * 4 + h) % 11));
      text += `## Night ${h}\n\n${filler}A nebula${(p + h) % 3 ? '' : ', then another nebula,'} was seen.\n\n`;
    }
    if (p % 10 === 0) text += `## Nebula filters\n\nA nebula filter cuts city light.\n\n`;
    files[`survey-${p}.md`] = text;
    pages.push([`Survey ${p}`, `survey-${p}.md`]);
  }
  files['SUMMARY.md'] = summaryOf(pages);
  const space = buildSpace(files, 'Surveys');
  assert.ok(space, 'a quire binary is needed');
  const local = await serve(space.out, '/');
  const tails = (page) => page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/search/tail-')).length);
  const urls = (results) => results.map((r) => r.url);
  try {
    assert.ok(readdirSync(join(space.out, 'search')).some((f) => f.startsWith('tail-')), 'common words are split');
    const fresh = await (await chrome.newContext()).newPage();
    await fresh.goto(local.base + 'index.html');
    const five = await fresh.evaluate(() => window.quire.search('nebula ', { limit: 5 }));
    assert.equal(five.length, 5);
    assert.ok(five.every((r) => r.url.endsWith('#nebula-filters')), urls(five).join(' '));
    const twenty = await fresh.evaluate(() => window.quire.search('nebula '));
    assert.equal(await tails(fresh), 0, 'the head answered both');
    // The same query with the tail loaded (a query of two words loads it) gives the same.
    const whole = await (await chrome.newContext()).newPage();
    await whole.goto(local.base + 'index.html');
    await whole.evaluate(() => window.quire.search('nebula filter '));
    assert.equal(await tails(whole), 1, 'a query of several words reads the whole list');
    assert.deepEqual(urls(await whole.evaluate(() => window.quire.search('nebula '))), urls(twenty));
    // Tails are scripts too: from file:// as well.
    const offline = await (await chrome.newContext()).newPage();
    await offline.goto(pathToFileURL(space.out).href + '/index.html');
    await offline.evaluate(() => window.quire.search('nebula filter '));
    assert.equal(await offline.evaluate(() => document.querySelectorAll('script[src*="search/tail-"]').length), 1);
    assert.deepEqual(urls(await offline.evaluate(() => window.quire.search('nebula '))), urls(twenty));
  } finally {
    await local.close();
    space.remove();
  }
});
