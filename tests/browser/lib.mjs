// Shared helpers of the browser tests: Debian's Chromium through
// playwright-core, and a tiny static server that can mount the site under a
// sub-path.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync, createReadStream, existsSync, mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { join, resolve, extname, sep, relative, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const SITE = resolve(process.env.QUIRE_SITE || fileURLToPath(new URL('../../output', import.meta.url)));
export const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * One Chromium for the whole run. Playwright starts it with a fresh,
 * temporary user-data-dir of its own; each `newContext()` is a clean profile
 * (no localStorage, no cache).
 */
export async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    browser,
    newContext: (options = {}) => browser.newContext({ viewport: { width: 1440, height: 900 }, ...options }),
    close: () => browser.close(),
  };
}

/**
 * A fresh page in a clean context, opened at `url`; `problems` collects the
 * page errors and console errors it reports.
 */
export async function openPage(chrome, url, options = {}) {
  const context = await chrome.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(url);
  return { context, page, problems };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.woff2': 'font/woff2', '.pdf': 'application/pdf',
};

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

/**
 * Serve `dir` under `prefix` (e.g. `/kb/sub/`) on 127.0.0.1, a free port.
 * `mounts` serves more folders under their own prefixes (`{ '/pagefind/': dir }`);
 * `gzip` compresses text files for clients that accept it, as a static host
 * does. `sent()` is the body bytes sent so far, as they went over the wire.
 */
export async function serve(dir, prefix = '/', { mounts = {}, gzip = false } = {}) {
  const roots = [...Object.entries(mounts), [prefix, dir]].map(([p, d]) => [p, resolve(d)]);
  let sent = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path;
    try { path = decodeURIComponent(url.pathname); } catch { path = null; }
    const mount = path && roots.find(([p]) => path.startsWith(p));
    if (!mount) { res.writeHead(404).end('not found'); return; }
    const [at, root] = mount;
    let file = resolve(root, '.' + sep + path.slice(at.length));
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) { res.writeHead(301, { location: url.pathname + '/' }).end(); return; }
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) { res.writeHead(404).end('not found'); return; }
    const type = TYPES[extname(file).toLowerCase()] || 'application/octet-stream';
    const headers = { 'content-type': type, 'cache-control': 'no-store' };
    if (gzip && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      const body = gzipSync(readFileSync(file));
      sent += body.length;
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length }).end(body);
      return;
    }
    sent += statSync(file).size;
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    base: `http://127.0.0.1:${port}${prefix}`,
    sent: () => sent,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

/**
 * The built site (QUIRE_SITE) served under `prefix`, with one Chromium, for
 * the tests of a file: `{ chrome, server, pages, close }`, `pages` being the
 * site's HTML files.
 */
export async function openSite(prefix) {
  assert.ok(existsSync(join(SITE, 'index.html')), `no built site at ${SITE} (set QUIRE_SITE)`);
  const chrome = await launch();
  const server = await serve(SITE, prefix);
  return {
    chrome, server, pages: htmlPages(SITE),
    close: async () => { await chrome.close(); await server.close(); },
  };
}

/** Every HTML file of the site, as `/`-separated paths relative to it. */
export function htmlPages(dir = SITE) {
  const out = [];
  (function walk(d) {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) out.push(relative(dir, p).split(sep).join('/'));
    }
  })(dir);
  return out;
}

/** URL path of a site file (each segment percent-encoded). */
export function encodePath(rel) {
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** The quire binary to build a fixture with: env QUIRE_BIN, else a cargo build of this repository. */
export function quireBinary() {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  return [process.env.QUIRE_BIN, join(repo, 'target/debug/quire'), join(repo, 'target/release/quire')]
    .find((p) => p && existsSync(p));
}

/**
 * Build a small space with the working copy of the default theme (linked,
 * not copied) into a temporary folder. `files` maps paths inside the space
 * to their text; `config` adds lines to its quire.yaml; `bin` is the quire
 * to build with. Returns `{ out, remove }`, or null without a quire binary.
 */
export function buildSpace(files, title = 'Fixture', config = '', bin = quireBinary()) {
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), 'quire-fixture-'));
  mkdirSync(join(dir, 'themes'));
  symlinkSync(fileURLToPath(new URL('../../themes/default', import.meta.url)), join(dir, 'themes', 'work'));
  writeFileSync(join(dir, 'quire.yaml'), `title: ${title}\ncontent: space\noutput: out\ntheme: work\n${config}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'space', path)), { recursive: true });
    writeFileSync(join(dir, 'space', path), text);
  }
  execFileSync(bin, ['build', dir], { stdio: 'pipe' });
  return { out: join(dir, 'out'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
