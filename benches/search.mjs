// What one search transfers, measured with the real search page in headless
// Chromium: every file the query fetches, gzipped as a static host sends it,
// and the time to the first results, optionally over a throttled network.
//
//   node benches/search.mjs SITE_DIR [--throttle] [--runs N] [--pagefind] [query ...]
//
// SITE_DIR is a built site (its public/). benches/search.sh builds the
// generated 10,000-article site and runs this. Each query runs in a fresh
// browser context (empty cache) from `search/?q=…`; "index" counts the files
// under search-index/, "pages" the article pages whose passages are shown,
// "page+script" the search page, its script and stylesheet.
// --throttle: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up (a phone on a
// slow 4G network, as Lighthouse's mobile profile) and a 4x slower CPU.
// --pagefind: the same queries through Pagefind's own UI-less API
// (pagefind.js), over an index that `npx pagefind --site SITE_DIR` made.
import { createServer } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(join(process.cwd(), 'package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const site = resolve(args.shift() || 'public');
let throttle = false;
let pagefind = false;
let runs = 1;
const queries = [];
while (args.length) {
  const a = args.shift();
  if (a === '--throttle') throttle = true;
  else if (a === '--pagefind') pagefind = true;
  else if (a === '--runs') runs = Number(args.shift());
  else queries.push(a);
}
if (!queries.length) {
  queries.push('Flynn', '1,500', 'satellite images showed', 'Yonhap', 'troops', 'the');
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.bin': 'application/octet-stream', '.svg': 'image/svg+xml',
  '.pf_meta': 'application/octet-stream', '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream', '.pagefind': 'application/octet-stream',
  '.wasm': 'application/wasm' };
// What each request sent, gzipped (level 6, what most static hosts use):
// path -> bytes. Pagefind's files are gzipped already and sent as they are.
let log = [];
const gzipCache = new Map();
function body(file) {
  let b = gzipCache.get(file);
  if (!b) {
    const raw = readFileSync(file);
    const pre = /\.pf_|\.pagefind$/.test(file);
    b = { raw, gz: pre ? raw : gzipSync(raw, { level: 6 }), pre };
    gzipCache.set(file, b);
  }
  return b;
}
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let file = join(site, decodeURIComponent(url.pathname));
  if (!file.startsWith(site)) { res.writeHead(400).end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) { res.writeHead(404).end(); return; }
  const b = body(file);
  log.push({ path: url.pathname, bytes: b.gz.length });
  const headers = { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' };
  if (b.pre || !/gzip/.test(req.headers['accept-encoding'] || '')) {
    res.writeHead(200, { ...headers, 'Content-Length': b.pre ? b.raw.length : b.raw.length });
    res.end(b.raw);
  } else {
    res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': b.gz.length });
    res.end(b.gz);
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  return { context, page };
}

const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// Waits for the first result (a claim or an article listed) and the first
// passage (a marked passage shown); both in ms from `start`.
async function waitResults(page, start) {
  const nothing = () => /Nothing found|failed/.test(document.querySelector('#search-status').textContent);
  const first = await page.waitForFunction(`document.querySelector('#search-results > li > a') || (${nothing})()`,
    null, { timeout: 60000, polling: 10 }).then(() => Date.now() - start);
  const passage = await page.waitForFunction(`document.querySelector('.result-passage mark') || (${nothing})() ||
    (document.querySelector('#search-results > li > a') && !document.querySelector('.result-passage'))`,
  null, { timeout: 60000, polling: 10 }).then(() => Date.now() - start);
  return { first, passage };
}

// A query typed into the loaded search page (its manifests fetched while
// the reader types): what the query itself transfers, and how long it takes.
// With `link`, the page is opened at search/?q=… instead: everything counts.
async function attestQuery(query, link) {
  const { context, page } = await openPage();
  log = [];
  let start;
  if (link) {
    start = Date.now();
    await page.goto(`${base}/search/?q=${encodeURIComponent(query)}`);
  } else {
    await page.goto(`${base}/search/`);
    await page.waitForLoadState('networkidle');
    log = [];
    await page.locator('#search-query').fill(query);
    start = Date.now();
    await page.locator('#search-query').press('Enter');
  }
  const times = await waitResults(page, start);
  // Every passage shown (or given up), then nothing more in flight.
  await page.waitForFunction(() => !document.querySelector('#search-results[aria-busy]'),
    null, { timeout: 60000, polling: 50 });
  await page.waitForTimeout(200);
  if (process.env.SEARCH_BENCH_LOG) log.forEach((r) => console.log(`  ${r.bytes} ${r.path}`));
  const status = await page.locator('#search-status').textContent();
  await context.close();
  const sum = (f) => log.filter(f).reduce((n, r) => n + r.bytes, 0);
  return {
    status,
    index: sum((r) => r.path.startsWith('/search-index/')),
    pages: sum((r) => r.path.startsWith('/articles/')),
    shell: sum((r) => !r.path.startsWith('/search-index/') && !r.path.startsWith('/articles/')),
    files: log.length,
    ...times,
  };
}

async function pagefindQuery(query) {
  const { context, page } = await openPage();
  log = [];
  const start = Date.now();
  await page.goto(`${base}/search/`);
  const result = await page.evaluate(async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    await pf.init();
    const t0 = performance.now();
    const search = await pf.search(q);
    const first = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    return { count: search.results.length, ms: performance.now() - t0, shown: first.length };
  }, query);
  const total = Date.now() - start;
  await page.waitForLoadState('networkidle');
  await context.close();
  const sum = (f) => log.filter(f).reduce((n, r) => n + r.bytes, 0);
  return { status: `${result.count} results`, index: sum((r) => r.path.startsWith('/pagefind/')), pages: 0,
    shell: sum((r) => !r.path.startsWith('/pagefind/')), files: log.length, first: total, passage: total };
}

const total = (dir, re) => {
  const { readdirSync } = require('node:fs');
  let raw = 0, gz = 0, files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (re.test(p)) { const b = readFileSync(p); raw += b.length; gz += /\.pf_/.test(p) ? b.length : gzipSync(b, { level: 6 }).length; files++; }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { raw, gz, files };
};

const engines = [['attest (typed)', (q) => attestQuery(q, false), 'search-index'],
  ['attest (from a link, page load included)', (q) => attestQuery(q, true), 'search-index']];
if (pagefind) engines.push(['pagefind', pagefindQuery, 'pagefind']);
for (const [name, run, dir] of engines) {
  const size = total(join(site, dir), /./);
  console.log(`\n${name}: index ${(size.raw / 1048576).toFixed(1)} MiB in ${size.files} files (${(size.gz / 1048576).toFixed(1)} MiB gzipped)` +
    `${throttle ? '; throttled: 150 ms RTT, 1.6 Mbit/s, CPU x4' : ''}; ${runs} run(s) per query, medians`);
  console.log('query                        index KB  pages KB  page+script KB  total KB  files  first results ms  first passage ms  found');
  for (const q of queries) {
    const rs = [];
    for (let i = 0; i < runs; i++) rs.push(await run(q));
    const r = rs[0];
    const m = (k) => median(rs.map((x) => x[k]));
    console.log(`${JSON.stringify(q).padEnd(28)} ${kb(r.index).padStart(8)} ${kb(r.pages).padStart(9)} ${kb(r.shell).padStart(15)} ${kb(r.index + r.pages + r.shell).padStart(9)} ${String(r.files).padStart(6)} ${String(m('first')).padStart(17)} ${String(m('passage')).padStart(17)}  ${r.status.trim()}`);
  }
}
await browser.close();
server.close();
