// Anchoring the site's Web Annotations as an annotation client does: Apache Annotator's
// @apache-annotator/dom (pinned in package-lock.json), bundled for the browser with esbuild,
// runs in each article page and in the plain text of each article.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO, siteDir } from './site.mjs';

/** The library as one browser script that defines `AnnotatorDom`. */
export async function annotatorScript() {
  const out = await build({
    stdin: { contents: "export * from '@apache-annotator/dom';", resolveDir: REPO },
    bundle: true, format: 'iife', globalName: 'AnnotatorDom', minify: true,
    write: false, logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** The annotations of the built site, grouped by the article page their targets name. */
export function annotationsByArticle(root = siteDir()) {
  const collection = JSON.parse(readFileSync(join(root, 'annotations.jsonld'), 'utf8'));
  const byArticle = new Map();
  for (const a of collection.first.items) {
    const targets = [a.target].flat();
    const page = targets.find((t) => /\/articles\/[^/]+\/$/.test(t.source));
    const slug = page ? page.source.match(/\/articles\/([^/]+)\/$/)[1] : '(no article page target)';
    if (!byArticle.has(slug)) byArticle.set(slug, []);
    byArticle.get(slug).push(a);
  }
  return { total: collection.total, byArticle };
}

/**
 * Runs in the page (page.evaluate): anchors every annotation of `annotations` by each of its
 * TextQuote and TextPosition selectors, on the page itself (scope: document.body) and on the
 * article's text.txt (one DOM text node holding the fetched file). Returns one line per
 * problem, and the counts of selectors anchored uniquely and exactly.
 */
export async function anchorInPage({ annotations, slug, textUrl }) {
  const { createTextQuoteSelectorMatcher, createTextPositionSelectorMatcher } = window.AnnotatorDom;
  const problems = [];
  const counts = { pageQuote: 0, pagePosition: 0, textQuote: 0, textPosition: 0, textFragment: 0 };
  const text = await (await fetch(textUrl)).text();
  const textScope = document.createElement('div');
  textScope.appendChild(document.createTextNode(text));
  const textChars = Array.from(text);

  const matchesOf = async (matcher, scope) => {
    const out = [];
    for await (const range of matcher(scope)) out.push(range);
    return out;
  };
  // The text nodes a range holds characters of, in order.
  const textNodesIn = (range) => {
    const nodes = [];
    const root = range.commonAncestorContainer;
    const walker = document.createTreeWalker(root.nodeType === Node.TEXT_NODE ? root.parentNode : root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!range.intersectsNode(n)) continue;
      const start = n === range.startContainer ? range.startOffset : 0;
      const end = n === range.endContainer ? range.endOffset : n.data.length;
      if (end > start) nodes.push(n);
    }
    return nodes;
  };
  const inMark = (node, ev) => {
    for (let e = node.parentElement; e; e = e.parentElement) {
      if (e.tagName === 'MARK' && e.dataset.ev === ev) return e;
    }
    return null;
  };
  // A match on the page: starts in the evidence's first <mark> (the one with its id), ends in
  // one of its <mark>s, and every character of the article's text in between is marked.
  const onPageProblem = (range, ev) => {
    const nodes = textNodesIn(range);
    if (!nodes.length) return 'the match is empty';
    const first = inMark(nodes[0], ev);
    if (!first || first.id !== ev) return `the match starts outside <mark id="${ev}">`;
    if (!inMark(nodes[nodes.length - 1], ev)) return `the match ends outside the marks of ${ev}`;
    const unmarked = nodes.find((n) => n.parentElement.closest('.block-text') && !inMark(n, ev));
    if (unmarked) return `the match holds article text outside the marks of ${ev}: "${unmarked.data.slice(0, 40)}"`;
    return null;
  };

  for (const a of annotations) {
    const ev = a.id.split('#')[1];
    const targets = [a.target].flat();
    const page = targets.find((t) => t.source.endsWith(`/articles/${slug}/`));
    const plain = targets.find((t) => t.source.endsWith(`/articles/${slug}/text.txt`));
    if (!page) problems.push(`${ev}: [page-target] no target names this page`);
    if (!plain) problems.push(`${ev}: [text-target] no target names text.txt`);
    for (const [where, target, scope] of [['page', page, document.body], ['text', plain, textScope]]) {
      if (!target) continue;
      const selectors = [target.selector].flat();
      const quote = selectors.find((s) => s.type === 'TextQuoteSelector');
      const position = selectors.find((s) => s.type === 'TextPositionSelector');
      for (const [kind, selector, create] of [
        ['Quote', quote, createTextQuoteSelectorMatcher],
        ['Position', position, createTextPositionSelectorMatcher],
      ]) {
        const tag = `${ev}: [${where}-${kind.toLowerCase()}]`;
        if (!selector) { problems.push(`${tag} no Text${kind}Selector`); continue; }
        const matches = await matchesOf(create(selector), scope);
        if (matches.length !== 1) { problems.push(`${tag} ${matches.length} matches, not 1`); continue; }
        const got = matches[0].toString();
        if (got !== quote?.exact) { problems.push(`${tag} anchors "${got.slice(0, 80)}", not exact "${(quote?.exact ?? '').slice(0, 80)}"`); continue; }
        const wrong = where === 'page' ? onPageProblem(matches[0], ev) : null;
        if (wrong) { problems.push(`${tag} ${wrong}`); continue; }
        counts[`${where}${kind}`] += 1;
      }
      if (where === 'text') {
        const fragment = selectors.find((s) => s.type === 'FragmentSelector');
        const m = fragment && /^char=(\d+),(\d+)$/.exec(fragment.value);
        if (!m || fragment.conformsTo !== 'http://tools.ietf.org/rfc/rfc5147') {
          problems.push(`${ev}: [text-fragment] no RFC 5147 char= FragmentSelector`);
        } else if (textChars.slice(Number(m[1]), Number(m[2])).join('') !== quote?.exact) {
          problems.push(`${ev}: [text-fragment] ${fragment.value} is not the exact text`);
        } else {
          counts.textFragment += 1;
        }
      }
    }
  }
  return { problems, counts };
}
