// The reader's journeys in a real browser: from the home page to a cited passage and back
// (at the desktop and the phone size), keyboard only (every link of one page of each kind
// reached by Tab with a visible focus, in both colour schemes; skip link then Enter through
// home, claim, evidence and passage), search to a passage, and screenshots of the first
// screens in tests/e2e/artifacts/ for people to look at.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWPORTS } from './browser.mjs';
import { focusState, visibleFocusables } from './design.mjs';
import { listPages, onePerType, label, siteDir, ARTIFACTS } from './site.mjs';
import { browserSession, targetState, assertAtPassage, pathOf, norm, fail } from './session.mjs';

export function journeys(vpName) {
  const pages = listPages();
  assert.ok(pages.length > 0, `no HTML pages in ${siteDir()}: build the site first (tests/e2e/run does)`);
  const home = pages.find((p) => p.type === 'home');
  const vp = VIEWPORTS[vpName];
  describe(`${vpName} ${vp.viewport.width}×${vp.viewport.height}: journeys`, () => {
    const s = browserSession(vpName);
    const url = s.url;
    const openPage = s.openPage;
    test('journey: home → first claim → its first evidence link → the highlighted passage → back', async () => {
      const errs = [];
      const { page, problems } = await openPage(home.path);
      await page.screenshot({ path: join(ARTIFACTS, `home-${vpName}.png`), fullPage: true });

      // The first link in the main content to one claim (not to the list of all claims).
      const nth = await page.locator('main a').evaluateAll((as) => as.findIndex((a) => /\/claims\/[^/]+\/$/.test(new URL(a.href).pathname)));
      assert.ok(nth >= 0, '/: [claim-link] the home page links to no claim');
      await page.locator('main a').nth(nth).click();
      await page.waitForURL(/\/claims\/[^/]+\/$/);
      const claimUrl = page.url();
      const claimTitle = await page.locator('h1').innerText();
      await page.screenshot({ path: join(ARTIFACTS, `claim-${vpName}.png`), fullPage: true });
      await page.screenshot({ path: join(ARTIFACTS, `claim-${vpName}-first-screen.png`) });

      // The first evidence item's source link, else the first link to an article passage.
      let evidence = page.locator('.evidence-item a[href*="articles/"][href*="#"]').first();
      if (!(await evidence.count())) evidence = page.locator('main a[href*="articles/"][href*="#"]').first();
      assert.ok(await evidence.count(), `/${pathOf(claimUrl)}: [evidence-link] no link to an article passage on the claim page`);
      const item = evidence.locator('xpath=ancestor::li[1]');
      const quote = (await item.count()) ? await item.locator('mark').first().textContent().catch(() => null) : null;
      await evidence.click();
      await page.waitForURL(/\/articles\/[^/]+\/#.+/);
      const state = await targetState(page);
      errs.push(...assertAtPassage(state, `/${pathOf(page.url())}#${state.id}`, quote));
      await page.screenshot({ path: join(ARTIFACTS, `article-${vpName}-at-passage.png`) });
      await page.screenshot({ path: join(ARTIFACTS, `article-${vpName}.png`), fullPage: true });

      await page.goBack();
      await page.waitForURL(claimUrl);
      const back = await page.locator('h1').innerText();
      if (back !== claimTitle) errs.push(`/${pathOf(claimUrl)}: [back] going back shows "${back}", not the claim`);
      errs.push(...problems.map((p) => `journey: [console/network] ${p}`));
      await page.close();
      if (errs.length) fail(errs);
    });

    if (vpName === 'desktop') {
      // One tab for all the Tab walks: a new tab per walk costs a renderer each time.
      let tab = null;
      for (const p of onePerType(pages)) {
        for (const scheme of ['light', 'dark']) {
          test(`keyboard, ${scheme} scheme: every link of ${label(p)} (${p.type}) is reached by Tab, with a visible focus`, async () => {
            const page = tab ??= await s.context.newPage();
            await page.emulateMedia({ colorScheme: scheme });
            await page.goto(url(p.path));
            const errs = [];
            const expected = await page.evaluate(visibleFocusables);
            const seen = new Set();
            let first = null;
            for (let i = 0; i < expected + 20; i++) {
              await page.keyboard.press('Tab');
              const f = await page.evaluate(focusState);
              if (!f) { if (seen.size) break; else continue; }
              if (f.key === first) break;
              first ??= f.key;
              if (seen.has(f.key)) continue;
              seen.add(f.key);
              if (i === 0 && !/skip|content/i.test(f.name)) errs.push(`${label(p)}: [skip-link] the first Tab lands on ${f.name}, not a skip link`);
              if (!f.visibleFocus) errs.push(`${label(p)} [${scheme}]: [focus-visible] ${f.name} shows no focus indicator of 2px at 3:1 contrast (contrast ${f.contrast})`);
              if (!f.onScreen) errs.push(`${label(p)} [${scheme}]: [focus-on-screen] ${f.name} is focused off screen`);
            }
            if (seen.size < expected) errs.push(`${label(p)}: [keyboard-reachable] Tab reached ${seen.size} of the ${expected} visible links and controls`);
            if (errs.length) fail(errs.slice(0, 20).concat(errs.length > 20 ? [`... and ${errs.length - 20} more`] : []));
          });
        }
      }

      test('keyboard only: skip link, then Enter through home → claim → evidence → passage', async () => {
        const { page, problems } = await openPage(home.path);
        const errs = [];
        await page.keyboard.press('Tab');
        const skip = await page.evaluate(focusState);
        await page.keyboard.press('Enter');
        const afterSkip = await page.evaluate(() => ({ hash: location.hash, main: document.querySelector('main')?.id }));
        if (!skip || afterSkip.hash !== '#' + afterSkip.main) errs.push(`/: [skip-link] Tab then Enter goes to "${afterSkip.hash}", not the main landmark`);
        // Tab until the focused link's href matches `re` (and it sits inside `within`, if given).
        const tabTo = async (re, within = null, limit = 400) => {
          for (let i = 0; i < limit; i++) {
            await page.keyboard.press('Tab');
            const f = await page.evaluate(focusState);
            if (f?.href && re.test(f.href) && (!within || (await page.evaluate((w) => !!document.activeElement.closest(w), within)))) return f;
          }
          return null;
        };
        await page.keyboard.press('Tab');
        const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
        if (!inMain) errs.push('/: [skip-link] after the skip link, Tab does not continue inside the main content');
        assert.ok(await tabTo(/(^|\/)claims\/[^/]+\/$/, 'main'), '/: [keyboard-reachable] Tab never reaches a claim link');
        await Promise.all([page.waitForURL(/\/claims\/[^/]+\/$/), page.keyboard.press('Enter')]);
        const claim = '/' + pathOf(page.url());
        assert.ok(await tabTo(/articles\/.*#/, '.evidence-item'), `${claim}: [keyboard-reachable] Tab never reaches an evidence link`);
        await Promise.all([page.waitForURL(/\/articles\/[^/]+\/#.+/), page.keyboard.press('Enter')]);
        const state = await targetState(page);
        errs.push(...assertAtPassage(state, `/${pathOf(page.url())}#${state.id} (keyboard)`));
        errs.push(...problems.map((m) => `keyboard journey: [console/network] ${m}`));
        await page.close();
        if (errs.length) fail(errs);
      });

      test('dark scheme screenshots', async () => {
        const dark = await s.browser.newContext({ ...VIEWPORTS.phone, colorScheme: 'dark' });
        const claim = pages.find((p) => p.type === 'claim');
        const article = pages.find((p) => p.type === 'article');
        for (const [name, p] of [['home', home], ['claim', claim], ['article', article]]) {
          if (!p) continue;
          const page = await dark.newPage();
          await page.goto(url(p.path));
          await page.screenshot({ path: join(ARTIFACTS, `${name}-phone-dark-first-screen.png`) });
          await page.close();
        }
        await dark.close();
      });

    }

    // Search, at both sizes: the results are read as a reader reads them.
    test('search: a phrase, a word no claim cites and a number written otherwise each lead to a marked passage', async (t) => {
      const searchPage = pages.find((q) => q.type === 'search');
      if (!searchPage) { t.skip('the site has no search page'); return; }
      // The queries, from the site itself: three words of the first claim's first quote; a
      // word of one passage that no claim cites and no other passage holds; a number with
      // thousands separators from such a passage, typed without them.
      const { page: claimPage } = await openPage(pages.find((q) => q.type === 'claim').path);
      const quoted = norm(await claimPage.locator('.evidence-item mark, main blockquote').first().textContent());
      await claimPage.close();
      const words = quoted.split(' ').map((w) => w.replace(/[^\p{L}\p{N}'’-]/gu, ''));
      let start = 0;
      for (let i = 0; i + 3 <= words.length; i++) {
        const shortest = (j) => Math.min(...words.slice(j, j + 3).map((w) => w.length));
        if (shortest(i) > shortest(start)) start = i;
      }
      const queries = [{ query: words.slice(start, start + 3).join(' '), kind: 'phrase' }];
      const blocks = [];
      for (const a of pages.filter((q) => q.type === 'article')) {
        const html = readFileSync(a.file, 'utf8');
        for (const m of html.matchAll(/<div class="block block-paragraph" id="(p\d+)">([\s\S]*?)<\/div>/g)) {
          blocks.push({ path: a.path, id: m[1], cited: /class="ev /.test(m[2]), text: norm(m[2].replace(/<[^>]+>/g, ' ')) });
        }
      }
      const uncited = blocks.filter((b) => !b.cited);
      const count = new Map();
      const allWords = (text) => text.toLowerCase().match(/\p{L}{8,}/gu) || [];
      for (const b of blocks) for (const w of new Set(allWords(b.text))) count.set(w, (count.get(w) || 0) + 1);
      const rare = uncited.flatMap((b) => allWords(b.text).filter((w) => count.get(w) === 1).map((w) => ({ b, w })))[0];
      if (rare) queries.push({ query: rare.w, kind: 'uncited word', want: `${rare.b.path}#${rare.b.id}` });
      // A number, from a passage no claim cites if there is one.
      const withNumber = [...uncited, ...blocks].map((b) => ({ b, n: b.text.match(/\b\d{1,3}(?:,\d{3})+\b/)?.[0] })).find((x) => x.n);
      if (withNumber) queries.push({ query: withNumber.n.replace(/,/g, ''), kind: 'number', mark: withNumber.n });

      const errs = [];
      for (const [i, q] of queries.entries()) {
        const { page, problems } = await openPage(searchPage.path);
        const box = page.locator('#search-query');
        await box.click();
        await box.pressSequentially(q.query, { delay: 20 });
        // A result: a passage with the query marked, linking to its paragraph.
        // Done when the status names the whole query: while typing, a pause can show the
        // results of its first letters, which are not the ones asked for.
        await page.waitForFunction((query) => !document.querySelector('#search-results[aria-busy]') &&
          document.querySelector('#search-status').textContent.includes(`“${query}”`), q.query, { timeout: 15_000 }).catch(() => {});
        const results = await page.locator('.result-passage a[href*="#p"]').evaluateAll((as) => as.map((a) => ({
          href: a.href, marks: [...a.querySelectorAll('mark')].map((m) => m.textContent) })));
        await page.screenshot({ path: join(ARTIFACTS, `search-${vpName}-${i + 1}-${q.kind.replace(/ /g, '-')}.png`), fullPage: true });
        const where = `search "${q.query}" (${q.kind})`;
        const hit = q.want ? results.find((r) => r.href.endsWith(q.want)) : results.find((r) => r.marks.length);
        if (!hit) {
          errs.push(`${where}: [search-result] no marked passage links to ${q.want || 'a paragraph'}; results: ${results.map((r) => r.href).join(', ') || 'none'} (${await page.locator('#search-status').textContent()})`);
          await page.close();
          continue;
        }
        if (!hit.marks.length) errs.push(`${where}: [search-mark] the passage shown marks nothing`);
        if (q.mark && !hit.marks.includes(q.mark)) errs.push(`${where}: [search-mark] "${q.mark}" is not marked in the passage (marks: ${hit.marks.join(', ')})`);
        const nth = await page.locator('main a').evaluateAll((as, h) => as.findIndex((a) => a.href === h), hit.href);
        await page.locator('main a').nth(nth).click();
        await page.waitForURL(/#p\d+$/);
        const state = await targetState(page);
        if (!state.found || state.targetId !== state.id) errs.push(`${where} → /${pathOf(page.url())}: [fragment-target] no :target #${state.id}`);
        else {
          if (!state.inViewport) errs.push(`${where} → /${pathOf(page.url())}: [scrolled-to-target] the passage is not in the viewport`);
          if (!state.tinted) errs.push(`${where} → /${pathOf(page.url())}: [target-marked] the passage is not marked`);
          // Compared as search compares: case, thousands separators and quote marks aside.
          const fold = (x) => x.toLowerCase().replace(/,/g, '').replace(/[‘’]/g, "'").replace(/'s\b/g, '');
          const reached = fold(state.text);
          const missing = fold(q.query).split(' ').filter((w) => !reached.includes(w));
          if (missing.length) errs.push(`${where} → /${pathOf(page.url())}: [search-passage] the passage reached lacks ${missing.map((w) => `"${w}"`).join(', ')}`);
        }
        if (i === 0) await page.screenshot({ path: join(ARTIFACTS, `search-${vpName}-passage.png`) });
        errs.push(...problems.map((m) => `${where}: [console/network] ${m}`));
        await page.close();
      }
      if (errs.length) fail(errs);
    });
  });
}
