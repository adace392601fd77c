// The built files as validators see them: the Nu Html Checker (vnu-jar, --errors-only) and an
// offline link checker with #fragment checking, over every HTML page of the output.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { listPages, label, siteDir } from './lib/site.mjs';
import { runVnu, formatVnu } from './lib/vnu.mjs';
import { checkLinks, formatProblem } from './lib/links.mjs';
import { fileBudget } from './lib/lifecycle.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { REPO } from './lib/site.mjs';

fileBudget(import.meta.url, 90_000);

const pages = listPages();
assert.ok(pages.length > 0, `no HTML pages in ${siteDir()}: build the site first (tests/e2e/run does)`);

describe('Nu Html Checker, errors only', () => {
  let byPage;
  before(async () => { byPage = await runVnu(); });

  test('the checker read the whole output', () => {
    const unknown = [...byPage.keys()].filter((k) => !pages.some((p) => label(p) === k));
    assert.deepEqual(unknown.flatMap((k) => byPage.get(k).map((e) => formatVnu(k, e))), []);
  });
  for (const p of pages) {
    test(`${label(p)} (${p.type}): valid HTML`, () => {
      const errors = byPage.get(label(p)) || [];
      if (errors.length) assert.fail(`\n${errors.map((e) => formatVnu(label(p), e)).join('\n')}`);
    });
  }
});

describe('links and #fragments, offline', () => {
  const { problems, counts } = checkLinks();
  test(`${counts.pages} pages: ${counts.internal} internal links, ${counts.fragments} with a #fragment (${counts.external} external, not fetched)`, () => {
    assert.ok(counts.internal > 0, 'the checker found no internal link at all');
  });
  for (const p of pages) {
    test(`${label(p)} (${p.type}): links and #fragments resolve`, () => {
      const mine = problems.filter((q) => q.page === label(p));
      if (mine.length) assert.fail(`\n${mine.map(formatProblem).join('\n')}`);
    });
  }
});

describe('search terms', () => {
  // The script reads queries and marks passages by the rules the build indexes with: the
  // same fixture is checked against the Rust side in tests/search.rs.
  test('search.js splits text into the terms the index holds', () => {
    const fixture = JSON.parse(readFileSync(join(REPO, 'tests/fixtures/search-terms.json'), 'utf8'));
    const context = vm.createContext({});
    vm.runInContext(readFileSync(join(REPO, 'templates/search.js'), 'utf8'), context);
    const scan = context.attestSearchTerms;
    assert.equal(typeof scan, 'function');
    const wrong = [];
    for (const [kind, query] of [['index', false], ['query', true]]) {
      for (const [text, want] of fixture[kind]) {
        const got = Array.from(scan(text, query), (t) => t.term);
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${kind} ${JSON.stringify(text)}: ${JSON.stringify(got)}, the index: ${JSON.stringify(want)}`);
      }
    }
    if (wrong.length) assert.fail(`\n${wrong.join('\n')}`);
  });
});
