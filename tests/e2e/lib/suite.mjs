// The demo site in a real browser (Debian's headless Chromium through playwright-core):
// a reader's journey from the home page to a cited passage, every page loaded with no console
// error or failed request, axe-core's WCAG 2.2 A and AA rules in the light and the dark colour
// scheme, and the design checks of design.mjs. desktop.test.mjs and phone.test.mjs each run
// this suite at one viewport, so that node's test runner runs the two in parallel.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, watch, axe, formatAxe, VIEWPORTS, WCAG_TAGS } from './browser.mjs';
import { structureChecks, focusState, visibleFocusables } from './design.mjs';
import { startServer, listPages, onePerType, label, siteDir, ARTIFACTS } from './site.mjs';

const pages = listPages();
assert.ok(pages.length > 0, `no HTML pages in ${siteDir()}: build the site first (tests/e2e/run does)`);
const home = pages.find((p) => p.type === 'home');
let server;
let browser;

const url = (path) => `${server.origin}/${path}`;
const pathOf = (u) => new URL(u).pathname.slice(1);
const norm = (s) => s.replace(/\s+/g, ' ').trim();
const fail = (list) => assert.fail('\n' + list.join('\n'));

async function openPage(context, path) {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = watch(page);
  await page.goto(url(path), { waitUntil: 'load' });
  return { page, problems };
}

/** Wait until the browser has scrolled the :target into view; describe where it is. */
async function targetState(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector(':target');
    if (!t) return false;
    const r = t.getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;
  }, null, { timeout: 5000 }).catch(() => {});
  return page.evaluate(() => {
    const t = document.querySelector(':target');
    const id = decodeURIComponent(location.hash.slice(1));
    if (!t) return { id, found: !!document.getElementById(id) };
    const r = t.getBoundingClientRect();
    const s = getComputedStyle(t);
    const block = t.closest('.block, .evidence-item') || t;
    return {
      id, found: true, targetId: t.id, tag: t.tagName.toLowerCase(), cls: t.className,
      text: (t.textContent || '').replace(/\s+/g, ' ').trim(),
      top: r.top, bottom: r.bottom, innerHeight, scrollY,
      absTop: r.top + scrollY,
      inViewport: r.top >= 0 && r.top < innerHeight && r.bottom > 0,
      outlined: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
      tinted: getComputedStyle(block).backgroundColor !== getComputedStyle(document.body).backgroundColor,
    };
  });
}

function assertAtPassage(state, where, quote) {
  const errs = [];
  if (!state.found) errs.push(`${where}: [fragment-target] no element with id "${state.id}"`);
  else if (state.targetId !== state.id) errs.push(`${where}: [fragment-target] :target is not the element #${state.id}`);
  else {
    if (state.tag !== 'mark' && !/\bev\b/.test(state.cls)) errs.push(`${where}: [highlight] the target <${state.tag} class="${state.cls}"> is not a highlighted span`);
    if (!state.inViewport) errs.push(`${where}: [scrolled-to-target] the highlighted span is not in the viewport (top ${Math.round(state.top)}px of ${state.innerHeight}px, scrolled ${Math.round(state.scrollY)}px)`);
    if (state.absTop > state.innerHeight && state.scrollY === 0) errs.push(`${where}: [scrolled-to-target] the page did not scroll to the passage`);
    if (!state.outlined || !state.tinted) errs.push(`${where}: [target-marked] the target span is not marked (outline ${state.outlined}, tinted block ${state.tinted})`);
    if (quote && norm(quote) !== state.text) errs.push(`${where}: [exact-passage] the claim quotes "${norm(quote)}" but the target span holds "${state.text}"`);
  }
  return errs;
}

export function browserSuite(vpName) {
  const vp = VIEWPORTS[vpName];
  describe(`${vpName} ${vp.viewport.width}×${vp.viewport.height}`, () => {
    let context;
    before(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      server = await startServer();
      browser = await launch();
      context = await browser.newContext(vp);
    });
    after(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
    });

    test('journey: home → first claim → its first evidence link → the highlighted passage → back', async () => {
      const errs = [];
      const { page, problems } = await openPage(context, home.path);
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

    if (vpName === 'phone') {
      test('claim page: the verdict and the evidence for and against are on the first screen', async () => {
        const errs = [];
        for (const p of pages.filter((q) => q.type === 'claim')) {
          const { page } = await openPage(context, p.path);
          const r = await page.evaluate(() => {
            const box = (sel) => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().bottom : null; };
            return { h: innerHeight, rating: box('main .rating'), counts: box('main .stance-counts'), h1: box('main h1') };
          });
          if (r.rating === null || r.rating > r.h) errs.push(`${label(p)}: [verdict-first-screen] the rating is ${r.rating === null ? 'missing' : `at ${Math.round(r.rating)}px, below the first ${r.h}px screen`}`);
          if (r.counts === null || r.counts > r.h) errs.push(`${label(p)}: [evidence-first-screen] the count of evidence for and against is ${r.counts === null ? 'missing' : `at ${Math.round(r.counts)}px, below the first ${r.h}px screen`}`);
          await page.close();
        }
        if (errs.length) fail(errs);
      });
    }

    for (const p of pages) {
      test(`${label(p)} (${p.type})`, async (t) => {
        const { page, problems } = await openPage(context, p.path);
        await t.test(`${label(p)} [${vpName}]: no console error, no failed request`, () => {
          if (problems.length) fail(problems.map((m) => `${label(p)} [${vpName}]: [console/network] ${m}`));
        });
        // One axe run for the WCAG rules and, at the desktop size, the best practices.
        const light = await axe(page, { tags: vpName === 'desktop' ? [...WCAG_TAGS, 'best-practice'] : WCAG_TAGS });
        const isWcag = (v) => v.tags.some((tag) => WCAG_TAGS.includes(tag));
        await t.test(`${label(p)} [${vpName}]: axe WCAG 2.2 A+AA, light scheme`, () => {
          const v = light.filter(isWcag);
          if (v.length) assert.fail('\n' + formatAxe(`${label(p)} [${vpName}, light]`, v));
        });
        await t.test(`${label(p)} [${vpName}]: axe colour contrast, dark scheme`, async () => {
          await page.emulateMedia({ colorScheme: 'dark' });
          const v = await axe(page, { rules: ['color-contrast', 'link-in-text-block'] });
          await page.emulateMedia({ colorScheme: 'light' });
          if (v.length) assert.fail('\n' + formatAxe(`${label(p)} [${vpName}, dark]`, v));
        });
        if (vpName === 'desktop') {
          await t.test(`${label(p)} [${vpName}]: axe best practices: landmarks, headings, skip link`, () => {
            const v = light.filter((x) => !isWcag(x));
            if (v.length) assert.fail('\n' + formatAxe(`${label(p)} [${vpName}]`, v));
          });
        }
        await t.test(`${label(p)} [${vpName}]: design: one h1, landmarks, skip link, stance and rating in words, no mouse-only, no sideways scroll`, async () => {
          const errs = await page.evaluate(structureChecks);
          if (errs.length) fail(errs.map((e) => `${label(p)} [${vpName}]: ${e}`));
        });
        await page.close();
      });
    }

    if (vpName === 'desktop') {
      for (const p of onePerType(pages)) {
        for (const scheme of ['light', 'dark']) {
          test(`keyboard, ${scheme} scheme: every link of ${label(p)} (${p.type}) is reached by Tab, with a visible focus`, async () => {
            const page = await context.newPage();
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
            await page.close();
            if (errs.length) fail(errs.slice(0, 20).concat(errs.length > 20 ? [`... and ${errs.length - 20} more`] : []));
          });
        }
      }

      test('keyboard only: skip link, then Enter through home → claim → evidence → passage', async () => {
        const { page, problems } = await openPage(context, home.path);
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
        const dark = await browser.newContext({ ...VIEWPORTS.phone, colorScheme: 'dark' });
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

      test('search: a query leads to the exact passage', async (t) => {
        const withSearch = [];
        for (const p of pages) {
          const html = readFileSync(p.file, 'utf8');
          if (/<input[^>]*type="?search|role="?search/i.test(html)) withSearch.push(p);
        }
        if (!withSearch.length) { t.skip('the site has no search yet'); return; }
        const p = withSearch.find((q) => q.type === 'search') || withSearch[0];
        // The query: words of the first claim's first quoted passage.
        const { page: claimPage } = await openPage(context, pages.find((q) => q.type === 'claim').path);
        const passage = norm(await claimPage.locator('.evidence-item mark, main blockquote').first().textContent());
        await claimPage.close();
        // The three consecutive words whose shortest is longest: a phrase, not stop words.
        const words = passage.split(' ').map((w) => w.replace(/[^\p{L}\p{N}'’-]/gu, ''));
        let start = 0;
        for (let i = 0; i + 3 <= words.length; i++) {
          const shortest = (j) => Math.min(...words.slice(j, j + 3).map((w) => w.length));
          if (shortest(i) > shortest(start)) start = i;
        }
        const query = words.slice(start, start + 3).join(' ');
        const { page, problems } = await openPage(context, p.path);
        const before = new Set(await page.locator('a[href*="#"]').evaluateAll((as) => as.map((a) => a.href)));
        const box = page.locator('input[type="search"], [role="search"] input').first();
        await box.click();
        await box.pressSequentially(query, { delay: 20 });
        let result = null;
        for (let i = 0; i < 50 && !result; i++) {
          const hrefs = await page.locator('main a[href*="#"]').evaluateAll((as) => as.filter((a) => a.offsetParent).map((a) => a.href));
          result = hrefs.find((h) => !before.has(h) && /articles\//.test(h)) || null;
          if (!result) await page.waitForTimeout(100);
        }
        if (!result) {
          await box.press('Enter');
          await page.waitForLoadState('load');
          result = (await page.locator('main a[href*="articles/"][href*="#"]').evaluateAll((as) => as.map((a) => a.href)))[0] || null;
        }
        await page.screenshot({ path: join(ARTIFACTS, `search-${vpName}.png`), fullPage: true });
        assert.ok(result, `${label(p)}: [search] typing "${query}" shows no result linking to an article passage`);
        const nth = await page.locator('main a').evaluateAll((as, r) => as.findIndex((a) => a.href === r), result);
        await page.locator('main a').nth(nth).click();
        await page.waitForURL(/#.+/);
        const state = await targetState(page);
        const errs = assertAtPassage(state, `search "${query}" → /${pathOf(page.url())}`);
        const block = await page.evaluate(() => document.querySelector(':target')?.closest('.block')?.textContent || '');
        const missing = query.toLowerCase().split(' ').filter((w) => !`${state.text} ${norm(block)}`.toLowerCase().includes(w));
        if (missing.length) errs.push(`search "${query}": [search-passage] the passage reached lacks ${missing.map((w) => `"${w}"`).join(', ')}`);
        errs.push(...problems.map((m) => `search: [console/network] ${m}`));
        await page.close();
        if (errs.length) fail(errs);
      });
    }
  });
}
