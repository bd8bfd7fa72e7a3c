// Browser tests of the GitBook blocks the default theme styles and scripts:
// tabs, code blocks, embeds, expandables, columns and a hint in a list item. They run against a
// small space built for them (with the quire binary and this working copy
// of the theme), so that they do not depend on the sample content.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, buildSpace, openPage } from '../lib.mjs';

const LONG = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
const FILLER = Array.from({ length: 12 }, (_, i) => `Filler paragraph ${i + 1}, to give the page some height.`).join('\n\n');

const PAGE = `# Blocks

{% tabs %}
{% tab title="macOS" %}
Mac text.
{% endtab %}

{% tab title="Windows" %}
Windows text.
{% endtab %}

{% tab title="Linux" %}
### Linux heading

Linux text.
{% endtab %}
{% endtabs %}

${FILLER}

{% tabs %}
{% tab title="Windows" %}
Second Windows.
{% endtab %}

{% tab title="macOS" %}
Second Mac.
{% endtab %}
{% endtabs %}

{% tabs %}
{% tab title="Python" %}
Python text.
{% endtab %}

{% tab title="Go" %}
Go text.
{% endtab %}
{% endtabs %}

{% tabs %}
{% tab title="浏览器扩展" %}
Extension text.
{% endtab %}

{% tab title="网页 App" %}
Web app text.
{% endtab %}
{% endtabs %}

## Code

{% code title="long.txt" lineNumbers="true" expandable="true" %}
\`\`\`text
${LONG.join('\n')}
\`\`\`
{% endcode %}

<pre class="language-yaml" data-line-numbers><code class="lang-yaml">a: 1
<strong>b: 2
</strong>c: &#x3C;3
</code></pre>

## Video

{% embed url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" %}
A video.
{% endembed %}

${FILLER}

<details>

<summary>More</summary>

### Hidden heading

Hidden text.

</details>

## After

{% columns %}
{% column width="40%" %}
Left column.
{% endcolumn %}

{% column width="60%" %}
Right column.
{% endcolumn %}
{% endcolumns %}

## Steps

1. Open the editor.

   {% hint style="info" %}
   The editor opens in a new tab.
   {% endhint %}
2. Write the page.

${FILLER}
`;

let chrome, server, space;

before(async () => {
  space = buildSpace({ 'README.md': '# Home\n\nOpen [the web app](blocks.md#wang-ye-app).\n', 'blocks.md': PAGE, 'SUMMARY.md': '# Summary\n\n* [Home](README.md)\n* [Blocks](blocks.md)\n' });
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
async function open(t, hash = '', options = {}) {
  if (!space) { t.skip('no quire binary (set QUIRE_BIN or run cargo build)'); return null; }
  return openPage(chrome, server.base + 'blocks.html' + hash, options);
}

/** State of the tab group `n` (0-based): titles, the selected one, tabindex and visible panels. */
function group(page, n) {
  return page.evaluate((n) => {
    const g = document.querySelectorAll('.tabs')[n];
    const tabs = [...g.querySelectorAll('[role="tab"]')];
    return {
      selected: tabs.filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.textContent),
      tabindex: tabs.map((t) => t.tabIndex),
      shown: [...g.querySelectorAll('.tab-panel')].filter((p) => p.getClientRects().length).map((p) => p.innerText.trim()),
      focused: document.activeElement?.closest('.tabs') === g ? document.activeElement.textContent : null,
    };
  }, n);
}

describe('tabs', () => {
  test('click, arrow keys, Home and End select a tab and move the focus', async (t) => {
    const s = await open(t);
    if (!s) return;
    const { page } = s;
    assert.ok(await page.isVisible('.tabs >> nth=0 >> .tab-list'), 'the tab list shows');
    assert.equal(await page.locator('.tab-panel-title:visible').count(), 0, 'panel titles are hidden');
    assert.deepEqual(await group(page, 0), { selected: ['macOS'], tabindex: [0, -1, -1], shown: ['Mac text.'], focused: null });

    await page.click('.tabs >> nth=0 >> [role="tab"] >> text=Windows');
    assert.deepEqual(await group(page, 0), { selected: ['Windows'], tabindex: [-1, 0, -1], shown: ['Windows text.'], focused: 'Windows' });
    await page.keyboard.press('ArrowRight');
    assert.deepEqual((await group(page, 0)).selected, ['Linux']);
    assert.equal((await group(page, 0)).focused, 'Linux', 'focus follows the selection');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual((await group(page, 0)).selected, ['macOS'], 'ArrowRight wraps to the first tab');
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual((await group(page, 0)).selected, ['Linux'], 'ArrowLeft wraps to the last tab');
    await page.keyboard.press('Home');
    assert.deepEqual(await group(page, 0), { selected: ['macOS'], tabindex: [0, -1, -1], shown: ['Mac text.'], focused: 'macOS' });
    await page.keyboard.press('End');
    const end = await group(page, 0);
    assert.deepEqual(end.selected, ['Linux']);
    assert.deepEqual(end.tabindex, [-1, -1, 0], 'roving tabindex');
    assert.match(end.shown[0], /Linux text\./);
    // Tab leaves the tab list for the panel.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement.getAttribute('role') === 'tabpanel'));
    await s.context.close();
    assert.deepEqual(s.problems, []);
  });

  test('a choice applies to every group with that title and is remembered', async (t) => {
    const s = await open(t);
    if (!s) return;
    const { page } = s;
    assert.deepEqual((await group(page, 1)).selected, ['Windows'], 'the second group starts on its first tab');
    await page.click('.tabs >> nth=0 >> [role="tab"] >> text=macOS');
    await page.click('.tabs >> nth=1 >> [role="tab"] >> text=macOS');
    assert.deepEqual((await group(page, 1)).shown, ['Second Mac.']);
    // Choosing in the first group moves the second, keeps the clicked tab where it was, and leaves the third alone.
    const before = await page.locator('.tabs >> nth=1 >> [role="tab"] >> text=Windows').boundingBox();
    await page.click('.tabs >> nth=1 >> [role="tab"] >> text=Windows');
    const afterClick = await page.locator('.tabs >> nth=1 >> [role="tab"] >> text=Windows').boundingBox();
    assert.ok(Math.abs(afterClick.y - before.y) < 2, `the clicked tab stays in place (${before.y} → ${afterClick.y})`);
    assert.deepEqual((await group(page, 0)).shown, ['Windows text.'], 'the other group with the same title follows');
    assert.deepEqual((await group(page, 2)).selected, ['Python'], 'a group without that title is left alone');
    assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem('quire-tabs')))[0], 'Windows');

    await page.reload();
    assert.deepEqual((await group(page, 0)).selected, ['Windows'], 'remembered after a reload');
    assert.deepEqual((await group(page, 1)).selected, ['Windows']);
    assert.deepEqual((await group(page, 0)).tabindex, [-1, 0, -1]);
    await s.context.close();
    assert.deepEqual(s.problems, []);
  });

  // Issue 25: GitBook links a tab by its title's anchor, pinyin for Chinese.
  test('a link from another page to the GitBook anchor of a tab lands on it, selected', async (t) => {
    if (!space) { t.skip('no quire binary (set QUIRE_BIN or run cargo build)'); return; }
    const s = await openPage(chrome, server.base + 'index.html');
    const { page } = s;
    await page.click('text=the web app');
    await page.waitForURL(/blocks\.html#wang-ye-app$/);
    const g = await group(page, 3);
    assert.deepEqual([g.selected, g.shown], [['网页 App'], ['Web app text.']]);
    const inView = await page.evaluate(() => {
      const r = document.getElementById('wang-ye-app').getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight;
    });
    assert.ok(inView, 'the tab is scrolled into view');
    await s.context.close();
    assert.deepEqual(s.problems, []);
  });

  test('a link into a hidden panel selects it, on load and on hashchange', async (t) => {
    const s = await open(t, '#linux-heading');
    if (!s) return;
    const { page } = s;
    assert.deepEqual((await group(page, 0)).selected, ['Linux']);
    assert.ok(await page.isVisible('#linux-heading'));
    const inView = () => page.evaluate(() => {
      const r = document.getElementById('linux-heading').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    assert.ok(await inView(), 'the target is scrolled into view');
    await page.click('.tabs >> nth=0 >> [role="tab"] >> text=macOS');
    await page.evaluate(() => { location.hash = 'after'; });
    await page.evaluate(() => { location.hash = 'linux-heading'; });
    await page.waitForFunction(() => document.querySelector('[aria-controls="linux"]')?.getAttribute('aria-selected') === 'true');
    assert.ok(await page.isVisible('#linux-heading'));
    assert.ok(await inView());
    await s.context.close();
    assert.deepEqual(s.problems, []);
  });

  test('without JavaScript every panel shows under its title', async (t) => {
    const s = await open(t, '', { javaScriptEnabled: false });
    if (!s) return;
    const { page } = s;
    assert.equal(await page.isVisible('.tab-list'), false, 'no dead tab list');
    const state = await page.evaluate(() => [...document.querySelector('.tabs').querySelectorAll('.tab-panel')].map((p) => ({
      shown: p.getClientRects().length > 0,
      title: getComputedStyle(p.querySelector('.tab-panel-title')).display !== 'none' ? p.querySelector('.tab-panel-title').textContent : null,
    })));
    assert.deepEqual(state, [
      { shown: true, title: 'macOS' }, { shown: true, title: 'Windows' }, { shown: true, title: 'Linux' },
    ]);
    // The embed offers its link instead of a button that cannot work.
    assert.equal(await page.isVisible('.embed-play'), false);
    assert.ok(await page.isVisible('.embed-fallback'));
    await s.context.close();
  });

  test('printing shows every panel with its title', async (t) => {
    const s = await open(t);
    if (!s) return;
    const { page } = s;
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.tabs >> nth=0 >> .tab-panel:visible').count(), 3);
    assert.equal(await page.locator('.tabs >> nth=0 >> .tab-panel-title:visible').count(), 3);
    assert.equal(await page.isVisible('.tab-list >> nth=0'), false);
    await s.context.close();
  });
});

describe('code blocks', () => {
  test('the copy button copies the code without line numbers and confirms for a second', async (t) => {
    const s = await open(t);
    if (!s) return;
    const { page } = s;
    await page.evaluate(() => {
      window.copied = [];
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text) => { window.copied.push(text); } } });
    });
    // The gutter is drawn, but is not part of the text.
    const gutter = await page.evaluate(() => getComputedStyle(document.querySelector('.line-numbers .line'), '::before').content);
    assert.equal(gutter, 'counter(line)');
    const blocks = page.locator('.code-wrap');
    await blocks.nth(0).hover();
    const button = blocks.nth(0).locator('.copy-button');
    await button.click();
    assert.deepEqual(await page.evaluate(() => window.copied), [LONG.join('\n')]);
    assert.equal(await button.getAttribute('aria-label'), 'Copied');
    await page.waitForFunction(() => document.querySelector('.copy-button').getAttribute('aria-label') === 'Copy code', null, { timeout: 2000 });
    // The HTML form, with a highlighted line.
    await blocks.nth(1).hover();
    await blocks.nth(1).locator('.copy-button').click();
    assert.equal(await page.evaluate(() => window.copied[1]), 'a: 1\nb: 2\nc: <3');
    assert.equal(await page.locator('.line.emphasis').count(), 1);
    await s.context.close();
    assert.deepEqual(s.problems, []);
  });

  test('an expandable block folds beyond twelve lines and the button toggles it', async (t) => {
    const s = await open(t);
    if (!s) return;
    const { page } = s;
    const toggle = page.locator('.code-toggle');
    assert.equal(await toggle.count(), 1, 'only the long expandable block has a toggle');
    const state = () => page.evaluate(() => {
      const pre = document.querySelector('.expandable pre'), b = document.querySelector('.code-toggle');
      return { folded: pre.scrollHeight > pre.clientHeight + 1, label: b.textContent, expanded: b.getAttribute('aria-expanded'), controls: b.getAttribute('aria-controls') === pre.id };
    });
    assert.deepEqual(await state(), { folded: true, label: 'Show more', expanded: 'false', controls: true });
    const lines = await page.evaluate(() => {
      const pre = document.querySelector('.expandable pre'), r = pre.getBoundingClientRect();
      return [...pre.querySelectorAll('.line')].filter((l) => l.getBoundingClientRect().bottom <= r.bottom).length;
    });
    assert.ok(lines >= 12 && lines <= 14, `about twelve lines show (${lines})`);
    await toggle.click();
    assert.deepEqual(await state(), { folded: false, label: 'Show less', expanded: 'true', controls: true });
    await toggle.click();
    assert.deepEqual(await state(), { folded: true, label: 'Show more', expanded: 'false', controls: true });
    await s.context.close();
    assert.deepEqual(s.problems, []);
  });
});

describe('embeds', () => {
  test('nothing is fetched from the video site before the click', async (t) => {
    const s = await open(t);
    if (!s) return;
    const { page, context } = s;
    const outside = [];
    page.on('request', (r) => { if (!r.url().startsWith(server.origin + '/') && !r.url().startsWith('data:')) outside.push(r.url()); });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ contentType: 'text/html', body: '<p>player</p>' }));
    await page.reload({ waitUntil: 'load' });
    await page.hover('.embed-video');
    await page.waitForTimeout(300);
    assert.deepEqual(outside, [], 'no request to another host before the click');
    assert.equal(await page.locator('.embed-video iframe').count(), 0);
    const box = await page.locator('.embed-video').boundingBox();
    assert.ok(Math.abs(box.width / box.height - 16 / 9) < 0.02, `16:9 placeholder (${box.width}×${box.height})`);

    const src = await page.getAttribute('.embed-video', 'data-embed-src');
    await Promise.all([page.waitForRequest((r) => r.url() === src), page.click('.embed-play')]);
    const frame = await page.evaluate(() => {
      const f = document.querySelector('.embed-video iframe');
      return f && { src: f.getAttribute('src'), allow: f.getAttribute('allow'), full: f.hasAttribute('allowfullscreen'), title: f.title, focused: document.activeElement === f };
    });
    assert.deepEqual(frame, { src, allow: 'autoplay; encrypted-media; picture-in-picture', full: true, title: 'A video.', focused: true });
    assert.equal(await page.locator('.embed-play').count(), 0, 'the placeholder is gone');
    await context.close();
    assert.deepEqual(s.problems, []);
  });
});

describe('expandable sections', () => {
  test('a link to an element inside <details> opens it, on load and on hashchange', async (t) => {
    const s = await open(t, '#hidden-heading');
    if (!s) return;
    const { page } = s;
    const isOpen = () => page.evaluate(() => document.querySelector("details").open);
    assert.ok(await isOpen(), "opened on load");
    assert.ok(await page.isVisible('#hidden-heading'));
    await page.click('summary');
    assert.equal(await isOpen(), false, 'the reader can close it');
    await page.evaluate(() => { location.hash = 'after'; });
    await page.evaluate(() => { location.hash = 'hidden-heading'; });
    await page.waitForFunction(() => document.querySelector('details').open);
    const top = await page.evaluate(() => document.getElementById('hidden-heading').getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 300, `the target is in view (${top})`);
    await s.context.close();
    assert.deepEqual(s.problems, []);
  });
});

describe('columns', () => {
  test('side by side from 768px, stacked on a phone', async (t) => {
    const s = await open(t, '', { viewport: { width: 375, height: 800 } });
    if (!s) return;
    const { page } = s;
    const boxes = () => page.$$eval('.column', (cs) => cs.map((c) => { const r = c.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; }));
    const [a, b] = await boxes();
    assert.ok(b.y >= a.y + a.h, 'the second column is below the first at 375px');
    assert.ok(Math.abs(a.w - b.w) < 1, 'both take the full width');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scroll');
    await page.setViewportSize({ width: 1024, height: 800 });
    const [l, r] = await boxes();
    assert.ok(Math.abs(l.y - r.y) < 1 && r.x > l.x + l.w, 'side by side at 1024px');
    const ratio = l.w / (l.w + r.w);
    assert.ok(Math.abs(ratio - 0.4) < 0.05, `widths follow --column-width (${ratio.toFixed(2)})`);
    await s.context.close();
  });
});

describe('blocks in list items', () => {
  // Issue 24 §5: a hint indented under item 1 is drawn inside that item, and
  // item 2 follows it in the same numbered list.
  for (const width of [375, 1440]) {
    test(`a hint stays inside its list item at ${width}px`, async (t) => {
      const s = await open(t, '', { viewport: { width, height: 800 } });
      if (!s) return;
      const { page } = s;
      const list = await page.evaluate(() => {
        const hint = [...document.querySelectorAll('.hint')].find((h) => h.textContent.includes('new tab'));
        const item = hint.closest('li');
        const ol = item.closest('ol');
        const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
        const items = [...ol.children].filter((c) => c.tagName === 'LI');
        return {
          items: items.map((li) => li.querySelector('p').textContent),
          hintIn: items.indexOf(item),
          numbered: getComputedStyle(ol).listStyleType,
          hint: box(hint),
          item: box(item),
          second: box(items[1]),
        };
      });
      assert.deepEqual(list.items, ['Open the editor.', 'Write the page.'], 'one list with both items');
      assert.equal(list.hintIn, 0, 'the hint is in the first item');
      assert.equal(list.numbered, 'decimal');
      assert.ok(list.hint.x >= list.item.x && list.hint.x + list.hint.w <= list.item.x + list.item.w + 0.5,
        `the hint is drawn within the item (${JSON.stringify(list)})`);
      assert.ok(list.second.y >= list.hint.y + list.hint.h, 'item 2 comes after the hint');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scroll');
      await s.context.close();
      assert.deepEqual(s.problems, []);
    });
  }
});
