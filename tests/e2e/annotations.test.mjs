// The Web Annotations of annotations.jsonld, anchored by a real annotation client (Apache
// Annotator's @apache-annotator/dom) in each article page and in the article's text.txt: every
// TextQuoteSelector and TextPositionSelector finds exactly one place, the evidence's <mark>s
// on the page, and its text is the selector's `exact`.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { fileBudget, doing } from './lib/lifecycle.mjs';
import { browserSession, fail } from './lib/session.mjs';
import { annotatorScript, annotationsByArticle, anchorInPage } from './lib/anchoring.mjs';

fileBudget(import.meta.url, 90_000);

const { total, byArticle } = annotationsByArticle();

describe('Web Annotations anchored by @apache-annotator/dom', () => {
  const s = browserSession('desktop');
  let script;
  const totals = { pageQuote: 0, pagePosition: 0, textQuote: 0, textPosition: 0, textFragment: 0 };
  before(async () => { script = await annotatorScript(); });

  test(`the collection holds its ${total} annotations, each with an article page target`, () => {
    const counted = [...byArticle.values()].reduce((n, list) => n + list.length, 0);
    assert.equal(counted, total);
    assert.ok(total > 0, 'no annotations');
    assert.ok(!byArticle.has('(no article page target)'), 'annotations without an article page target');
  });

  for (const [slug, annotations] of byArticle) {
    test(`articles/${slug}/: ${annotations.length} annotations anchor uniquely and exactly, on the page and in text.txt`, async () => {
      doing(`anchoring in articles/${slug}/`);
      const { page } = await s.openPage(`articles/${slug}/`);
      try {
        await page.addScriptTag({ content: script });
        const { problems, counts } = await page.evaluate(anchorInPage, {
          annotations, slug, textUrl: s.url(`articles/${slug}/text.txt`),
        });
        for (const k of Object.keys(totals)) totals[k] += counts[k];
        if (problems.length) fail(problems);
      } finally {
        await page.close();
        doing(null);
      }
    });
  }

  test('every selector anchored', () => {
    const line = `page: TextQuote ${totals.pageQuote}/${total}, TextPosition ${totals.pagePosition}/${total}; `
      + `text.txt: TextQuote ${totals.textQuote}/${total}, TextPosition ${totals.textPosition}/${total}, char= ${totals.textFragment}/${total}`;
    process.stdout.write(`# anchored: ${line}\n`);
    assert.deepEqual(Object.values(totals), Object.values(totals).map(() => total), line);
  });
});
