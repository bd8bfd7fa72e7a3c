// Mermaid diagrams drawn at build time (issue 24 §4): readable in both
// colour schemes, scaled to the column on a phone, never wider than it.
// They need quire built with the `mermaid` feature: QUIRE_BIN_ALL names
// that binary (.ci/run keeps the one `cargo test --all-features` built).
// Without it the tests skip, except in CI, where they fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { launch, serve, buildSpace, openPage } from '../lib.mjs';

const BIN = process.env.QUIRE_BIN_ALL;
const PAGE = `# Diagrams

\`\`\`mermaid
flowchart LR
  A[Channel event] --> B[Webhook gateway]
  B --> C{Contact exists?}
  C -- no --> D[Create contact]
  C -- yes --> E[Append message]
  D --> F[Profile fetch]
  F -- 200 --> G[Name and avatar set]
\`\`\`

\`\`\`mermaid
sequenceDiagram
  participant A as Agent
  A->>Server: Sign in
  Server-->>A: Token
  Note over A,Server: The token lasts an hour
\`\`\`
`;

let space, server, chrome;
before(async () => {
  if (!BIN || !existsSync(BIN)) {
    assert.ok(!process.env.CI, 'CI must set QUIRE_BIN_ALL to a quire built with --all-features');
    return;
  }
  space = buildSpace({ 'README.md': PAGE, 'SUMMARY.md': '# Summary\n\n* [Diagrams](README.md)\n' }, 'Fixture', '', BIN);
  chrome = await launch();
  server = await serve(space.out, '/');
});

after(async () => {
  await chrome?.close();
  await server?.close();
  space?.remove();
});

/** Colours and boxes of the first diagram as the browser paints them. */
function measure(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('figure.diagram-drawn > svg');
    const column = document.querySelector('.page-body').getBoundingClientRect();
    const box = svg.getBoundingClientRect();
    const node = svg.querySelector('.node rect, .node polygon');
    const label = svg.querySelector('.nodeLabel');
    const edge = svg.querySelector('.flowchart-link, path.edge-thickness-normal');
    return {
      width: box.width, left: box.left - column.left, right: column.right - box.right,
      page: document.documentElement.scrollWidth, viewport: innerWidth,
      bg: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(label).color,
      fill: getComputedStyle(node).fill,
      stroke: getComputedStyle(edge).stroke,
      bodyText: getComputedStyle(document.querySelector('.page-body p, .page-body')).color,
    };
  });
}

/** Relative luminance contrast of two `rgb(…)` colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b2] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

for (const scheme of ['light', 'dark']) {
  for (const width of [375, 1440]) {
    test(`a diagram reads in the ${scheme} scheme at ${width} px and fits the column`, async (t) => {
      if (!space) return t.skip('no quire built with the mermaid feature (set QUIRE_BIN_ALL)');
      const s = await openPage(chrome, server.base + 'index.html', { viewport: { width, height: 900 }, colorScheme: scheme });
      const m = await measure(s.page);
      assert.ok(m.width > 0 && m.left >= -1 && m.right >= -1, `inside the column: ${JSON.stringify(m)}`);
      assert.ok(m.page <= m.viewport, `the page does not scroll sideways: ${m.page} > ${m.viewport}`);
      if (width === 375) assert.ok(m.width < 375, `scaled down on a phone: ${m.width}`);
      // The theme's colours, not merman's: text and lines stand out from the page, the node fill does not glare.
      assert.ok(contrast(m.text, m.fill) >= 4.5, `label on node: ${m.text} on ${m.fill}`);
      assert.ok(contrast(m.stroke, m.bg) >= 3, `edge on page: ${m.stroke} on ${m.bg}`);
      assert.ok(contrast(m.fill, m.bg) < 1.5, `node fill near the page's background: ${m.fill} on ${m.bg}`);
      const dark = contrast(m.bg, 'rgb(0,0,0)') < contrast(m.bg, 'rgb(255,255,255)');
      assert.equal(dark, scheme === 'dark', `the page is ${scheme}: ${m.bg}`);
      // The source is there, closed.
      assert.equal(await s.page.locator('figure.diagram-drawn details.diagram-source:not([open])').count(), 2);
      await s.context.close();
      assert.deepEqual(s.problems, []);
    });
  }
}
