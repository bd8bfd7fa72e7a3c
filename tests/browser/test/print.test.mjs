// Browser test of print.html, the space as one printable document (issue 28
// §3): Chromium prints the sample's document to PDF at A4 and at Letter, and
// the PDF is read back with pdf.js. Each page of the space starts a sheet of
// its own, in the order of the contents; nothing is wider than the sheet;
// every image loads.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { SITE, openSite, launch, serve, buildSpace, openPage } from '../lib.mjs';

// The sheets and the print CSS's margins (`@page { margin: 16mm 14mm }`).
const MM = 96 / 25.4;
const FORMATS = {
  A4: { width: 210 * MM, height: 297 * MM },
  Letter: { width: 8.5 * 96, height: 11 * 96 },
};
const SIDE_MARGIN = 14 * MM;

let site;

before(async () => {
  site = await openSite('/');
});

after(async () => {
  await site?.close();
});

/**
 * Each sheet of a PDF: its text, whitespace collapsed, and the size of its
 * first text (a page's title is large; a card that links to it is not).
 */
async function sheets(pdf) {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const out = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const { items } = await (await doc.getPage(n)).getTextContent();
    const text = squash(items.map((i) => i.str + (i.hasEOL ? ' ' : '')).join(''));
    out.push({ text, size: items.find((i) => i.str.trim())?.height ?? 0 });
  }
  await doc.destroy();
  return out;
}

// CJK fonts map some characters to look-alikes (人 to the Kangxi radical ⼈)
// in the PDF's text: NFKC makes them one again.
const squash = (text) => text.normalize('NFKC').replace(/\s+/g, ' ').trim();

describe('print.html', () => {
  test('the sample has a printable document, linked from its pages', () => {
    assert.ok(existsSync(join(SITE, 'print.html')), `no print.html in ${SITE}`);
  });

  for (const [format, sheet] of Object.entries(FORMATS)) {
    test(`at ${format}, every page starts a sheet of its own, in order, and nothing overflows`, async () => {
      const contentWidth = Math.floor(sheet.width - 2 * SIDE_MARGIN);
      const context = await site.chrome.newContext({ viewport: { width: contentWidth, height: 900 } });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${site.server.base}print.html`, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });

      const titles = await page.$$eval('.print-page > .page-header .page-title', (els) => els.map((e) => e.textContent));
      const contents = await page.$$eval('.print-contents a', (els) => els.map((e) => e.getAttribute('href')));
      const ids = await page.$$eval('.print-page', (els) => els.map((e) => '#' + e.id));
      assert.ok(titles.length >= 20, `only ${titles.length} pages in the document`);
      assert.deepEqual(contents, ids, 'the contents list the parts in their order');

      // Nothing wider than the sheet's printable width under print media.
      const wide = await page.evaluate((width) => {
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
          const box = el.getBoundingClientRect();
          if (box.width === 0 && box.height === 0) continue;
          if (el.scrollWidth > width + 1 || box.right > width + 1) {
            out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(Math.max(el.scrollWidth, box.right))}px`);
          }
        }
        return out;
      }, contentWidth);
      assert.deepEqual(wide.slice(0, 30), [], `wider than ${contentWidth}px`);

      // No broken image.
      const broken = await page.$$eval('img', (imgs) => imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute('src')));
      const images = await page.$$eval('img', (imgs) => imgs.length);
      assert.ok(images > 0, 'the sample prints images');
      assert.deepEqual(broken, []);

      // A video prints its link where the player would be, in the text's
      // colour (the player's white on paper would leave an empty frame).
      const links = await page.$$eval('.embed-video .embed-fallback', (as) => as.map((a) => ({
        href: a.getAttribute('href'),
        shown: a.getBoundingClientRect().height > 0,
        color: getComputedStyle(a).color,
        text: getComputedStyle(document.body).color,
      })));
      assert.ok(links.length > 0, 'the sample prints a video embed');
      for (const l of links) assert.ok(l.shown && l.color === l.text, `video link ${l.href}: ${l.color} on paper`);

      // The PDF itself: cover, contents, then one part per page of the
      // space, each beginning a sheet, in order.
      const pdf = await page.pdf({ format, printBackground: true });
      const printed = await sheets(pdf);
      const spaceTitle = squash(await page.textContent('.print-title'));
      assert.ok(printed[0].text.includes(spaceTitle), `the cover: ${printed[0].text}`);
      assert.ok(printed[1].text.startsWith('Contents'), `the contents: ${printed[1].text.slice(0, 80)}`);
      const titleSize = 20; // pt; the theme's page titles are 27pt, body text 12pt
      const starts = printed.map((s, n) => ({ ...s, n })).filter((s) => s.n > 0 && s.size > titleSize);
      assert.deepEqual(starts.map((s) => titles.map(squash).find((t) => s.text.startsWith(t)) ?? s.text.slice(0, 40)), titles.map(squash),
        'each part begins a sheet with its title, in order, and no other sheet begins with a title');
      await context.close();
      assert.deepEqual(problems, []);
    });
  }
});

/**
 * print.html of three pages, the second's text being `two`, opened in
 * Chromium; `probe` runs in it and its answer comes back (null without a
 * quire binary).
 */
async function printWithPageTwo(two, probe) {
  const space = buildSpace({
    'SUMMARY.md': '# Summary\n\n* [One](README.md)\n* [Two](two.md)\n* [Three](three.md)\n',
    'README.md': '# One\n\nFirst.\n',
    'two.md': `# Two\n\n${two}`,
    'three.md': '# Three\n\nLAST PAGE TEXT\n',
  });
  if (!space) return null;
  const chrome = await launch();
  const server = await serve(space.out, '/docs/');
  try {
    const { page } = await openPage(chrome, server.base + 'print.html');
    return await page.evaluate(probe);
  } finally {
    await chrome.close();
    await server.close();
    space.remove();
  }
}

// What a page leaves open inside an element that ends before it: the
// browser, unlike lol_html, ends a `<template>` or `<select>` only at its own
// end tag, so the next page's part would be inside it, out of sight.
describe('print.html after a page that leaves something open inside an element', () => {
  for (const opener of ['<template>', '<select><option>']) {
    test(`${opener} in a <div>: the next page is still shown`, async (t) => {
      const shown = await printWithPageTwo(`<div>${opener}\n<p>inside</p>\n</div>\n\nafter it\n`, () => {
        const part = document.getElementById('p3');
        const box = part?.getBoundingClientRect();
        return { part: !!part, height: box?.height ?? 0, text: part?.innerText ?? '' };
      });
      if (!shown) { t.skip('no quire binary (set QUIRE_BIN or run cargo build)'); return; }
      assert.ok(shown.part, 'page 3 has its part');
      assert.ok(shown.height > 0 && shown.text.includes('LAST PAGE TEXT'), `page 3 is shown: ${JSON.stringify(shown)}`);
    });
  }
});

// What a page leaves open inside a table, an object, a marquee, an applet,
// or where HTML comes back in SVG and MathML: the end of its part closes
// nothing there, and every later part would be nested inside it.
describe('print.html after a page that leaves a scope bound open', () => {
  const openers = ['<table><tr><td>', '<object>', '<marquee>', '<applet>', '<svg><foreignObject><div>', '<math><mtext>'];
  for (const opener of openers) {
    test(`${opener}: the next part is a sibling of the others`, async (t) => {
      const shown = await printWithPageTwo(`before\n\n${opener}\n\nafter it\n`, () => {
        const [one, two, three] = ['p1', 'p2', 'p3'].map((id) => document.getElementById(id));
        return {
          siblings: !!three && three.parentElement === one.parentElement && two.parentElement === one.parentElement,
          text: three?.innerText ?? '',
        };
      });
      if (!shown) { t.skip('no quire binary (set QUIRE_BIN or run cargo build)'); return; }
      assert.ok(shown.siblings, "page 3's part is not nested in page 2's");
      assert.ok(shown.text.includes('LAST PAGE TEXT'), JSON.stringify(shown));
    });
  }
});
