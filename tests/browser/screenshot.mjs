// Screenshots of pages at 375, 768 and 1440 px, light and dark.
//   node screenshot.mjs OUT_DIR [PAGE ...]      (PAGE relative to the site, default index.html)
//   QUIRE_SITE=path/to/output to choose the site; FULL=1 for full-page shots.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, serve, SITE, encodePath } from './lib.mjs';

const [outArg, ...pages] = process.argv.slice(2);
if (!outArg) {
  console.error('usage: node screenshot.mjs OUT_DIR [PAGE.html ...]');
  process.exit(2);
}
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
const server = await serve(SITE, '/');
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  for (const rel of pages.length ? pages : ['index.html']) {
    const name = rel.replace(/\.html$/, '').replace(/[^\p{L}\p{N}.-]+/gu, '_');
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [375, 768, 1440]) {
        await page.setViewportSize({ width, height: width < 500 ? 812 : width < 1000 ? 1024 : 900 });
        await page.goto(server.base + encodePath(rel), { waitUntil: 'load' });
        await page.evaluate(() => document.fonts && document.fonts.ready);
        const file = `${out}/${name}-${width}-${scheme}.png`;
        await page.screenshot({ path: file, fullPage: !!process.env.FULL });
        console.log(file);
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
