// Offline link checker with #fragment checking, on the built files (no server, no network).
// Every HTML file is parsed with parse5, the HTML parser browsers' algorithm is specified by;
// every URL attribute that loads or links something is resolved against the page and must
// name a file of the site, and its #fragment an id (or <a name>) in that file.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'parse5';
import { listFiles, siteDir } from './site.mjs';

const URL_ATTRS = {
  a: ['href'], area: ['href'], link: ['href'], img: ['src', 'srcset'], source: ['src', 'srcset'],
  script: ['src'], iframe: ['src'], video: ['src', 'poster'], audio: ['src'], track: ['src'],
  embed: ['src'], object: ['data'], form: ['action'], input: ['src'], use: ['href', 'xlink:href'],
  image: ['href', 'xlink:href'],
};
const BASE = 'http://site.invalid/';

function* elements(node) {
  if (node.tagName) yield node;
  for (const child of node.childNodes || []) yield* elements(child);
  if (node.content) yield* elements(node.content); // <template>
}

const attr = (el, name) => el.attrs.find((a) => a.name === name)?.value;

/** Parse one page: its ids and its outgoing URLs with their source lines. */
export function parsePage(html) {
  const doc = parse(html, { sourceCodeLocationInfo: true });
  const ids = new Map();
  const urls = [];
  let base = null;
  for (const el of elements(doc)) {
    const line = el.sourceCodeLocation?.startLine ?? 0;
    const id = attr(el, 'id');
    if (id !== undefined) ids.set(id, (ids.get(id) || []).concat(line));
    if (el.tagName === 'a' && attr(el, 'name') !== undefined && !ids.has(attr(el, 'name'))) ids.set(attr(el, 'name'), [line]);
    if (el.tagName === 'base' && attr(el, 'href') !== undefined) base = attr(el, 'href');
    for (const name of URL_ATTRS[el.tagName] || []) {
      const value = attr(el, name);
      if (value === undefined) continue;
      // rel=canonical/alternate point at the published site, which is absolute by design.
      const values = name === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean) : [value.trim()];
      for (const v of values) urls.push({ tag: el.tagName, attr: name, value: v, line, rel: attr(el, 'rel') || '' });
    }
  }
  return { ids, urls, base };
}

/**
 * Check every page of the site. Returns { pages, problems, counts } where problems are
 * { page: "/claims/x/", line, rule, message }. Rules: broken-link, broken-fragment,
 * root-relative-link (breaks under a sub-path), javascript-url, duplicate-id.
 */
export function checkLinks(root = siteDir()) {
  const files = listFiles(root);
  const fileSet = new Set(files);
  const parsed = new Map();
  const load = (rel) => {
    if (!parsed.has(rel)) parsed.set(rel, parsePage(readFileSync(join(root, rel), 'utf8')));
    return parsed.get(rel);
  };
  const pageOf = (rel) => '/' + rel.replace(/(^|\/)index\.html$/, '$1');
  const problems = [];
  const counts = { pages: 0, internal: 0, fragments: 0, external: 0 };

  for (const rel of files.filter((f) => f.endsWith('.html'))) {
    counts.pages++;
    const page = pageOf(rel);
    const { ids, urls, base } = load(rel);
    for (const [id, lines] of ids) {
      if (lines.length > 1) problems.push({ page, line: lines[1], rule: 'duplicate-id', message: `id "${id}" is used ${lines.length} times (lines ${lines.join(', ')})` });
    }
    const pageUrl = new URL(base ?? '', new URL(rel, BASE));
    for (const u of urls) {
      const where = `<${u.tag} ${u.attr}="${u.value}">`;
      if (/^javascript:/i.test(u.value)) {
        problems.push({ page, line: u.line, rule: 'javascript-url', message: `${where}: a javascript: URL needs a script and does nothing without it` });
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(u.value) || u.value.startsWith('//')) { counts.external++; continue; }
      if (u.value.startsWith('/')) {
        problems.push({ page, line: u.line, rule: 'root-relative-link', message: `${where}: starts with "/", so it breaks when the site is served under a sub-path; every link must be relative` });
        continue;
      }
      let target;
      try { target = new URL(u.value, pageUrl); } catch {
        problems.push({ page, line: u.line, rule: 'broken-link', message: `${where}: not a valid URL` });
        continue;
      }
      let path;
      try { path = decodeURIComponent(target.pathname.slice(1)); } catch { path = target.pathname.slice(1); }
      if (path.startsWith('../') || target.origin !== new URL(BASE).origin) {
        problems.push({ page, line: u.line, rule: 'broken-link', message: `${where}: goes above the site root` });
        continue;
      }
      let file = path === '' || path.endsWith('/') ? path + 'index.html' : path;
      if (!fileSet.has(file) && existsSync(join(root, path)) && statSync(join(root, path)).isDirectory()) file = path + '/index.html';
      counts.internal++;
      if (!fileSet.has(file)) {
        problems.push({ page, line: u.line, rule: 'broken-link', message: `${where}: /${path} does not exist in the output` });
        continue;
      }
      if (!target.hash || target.hash === '#') continue;
      let fragment = target.hash.slice(1);
      try { fragment = decodeURIComponent(fragment); } catch { /* keep it raw */ }
      if (!file.endsWith('.html')) continue;
      counts.fragments++;
      const targetIds = load(file).ids;
      if (!targetIds.has(fragment) && fragment.toLowerCase() !== 'top') {
        problems.push({ page, line: u.line, rule: 'broken-fragment', message: `${where}: no element with id "${fragment}" in ${pageOf(file)}` });
      }
    }
  }
  return { pages: files.filter((f) => f.endsWith('.html')).map(pageOf), problems, counts };
}

export const formatProblem = (p) => `${p.page}${p.line ? ` line ${p.line}` : ''}: [${p.rule}] ${p.message}`;
