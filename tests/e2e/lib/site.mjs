// The built site under test: where it is, which pages it has, and a tiny static server for it.
import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync, createReadStream } from 'node:fs';
import { join, resolve, relative, sep, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(E2E_DIR, '..', '..');
export const ARTIFACTS = process.env.E2E_ARTIFACTS || join(E2E_DIR, 'artifacts');

/** The directory the run script built the demo site into. */
export function siteDir() {
  return resolve(process.env.E2E_SITE_DIR || join(REPO, 'target', 'e2e-site'));
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Every file of the site, as paths relative to its root with forward slashes. */
export function listFiles(root = siteDir()) {
  return walk(root).map((f) => relative(root, f).split(sep).join('/')).sort();
}

/**
 * Every HTML page: { file, rel, path, type }. `path` is the URL path a reader uses
 * ("claims/x/" for claims/x/index.html), `rel` the file relative to the root.
 * `type` groups pages that share a template: home, claim, article, page (a free page),
 * or, for page kinds added later, their first path segment ("search", "tags", ...).
 */
export function listPages(root = siteDir()) {
  return listFiles(root)
    .filter((rel) => rel.endsWith('.html'))
    .map((rel) => {
      const path = rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
      return { file: join(root, rel), rel, path, type: pageType(path, join(root, rel)) };
    });
}

export function pageType(path, file) {
  if (path === '') return 'home';
  if (/^claims\/[^/]+\/$/.test(path)) return 'claim';
  if (/^articles\/[^/]+\/$/.test(path)) return 'article';
  const html = file ? readFileSync(file, 'utf8') : '';
  if (/<article class="page"/.test(html)) return 'page';
  const first = path.split('/')[0].replace(/\.html$/, '');
  return path.split('/').filter(Boolean).length > 1 ? `${first}/*` : first;
}

/** One page of each type (the first in path order), for the slower checks. */
export function onePerType(pages) {
  const seen = new Map();
  for (const p of pages) if (!seen.has(p.type)) seen.set(p.type, p);
  return [...seen.values()];
}

/** A label for messages: the URL path, with "/" for the home page. */
export const label = (page) => '/' + page.path;

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.webmanifest': 'application/manifest+json', '.atom': 'application/atom+xml',
  '.rss': 'application/rss+xml', '.pdf': 'application/pdf',
};

/**
 * Serve `root` on a free port of 127.0.0.1: files as they are, index.html for a directory
 * (a directory without its trailing slash is redirected, as static hosts do), 404 otherwise.
 */
export async function startServer(root = siteDir()) {
  const server = createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = resolve(root, '.' + pathname);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let st;
    try { st = statSync(file); } catch { st = null; }
    if (st && st.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: pathname + '/' }).end();
        return;
      }
      return send(res, join(file, 'index.html'), req.method);
    }
    if (st && st.isFile()) return send(res, file, req.method);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 not found\n');
  });
  server.keepAliveTimeout = 1000;
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

function send(res, file, method) {
  let st;
  try { st = statSync(file); } catch { st = null; }
  if (!st || !st.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
    'content-length': st.size,
    'cache-control': 'no-store',
  });
  if (method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
