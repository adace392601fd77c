// Every page of the site at one viewport, in one browser tab that goes from page to page: no
// console error or failed request, axe-core's WCAG 2.2 A and AA rules in the light scheme
// (and its best practices at the desktop size), colour contrast in the dark scheme, and the
// design checks of design.mjs; at the phone size, a claim's verdict and evidence counts on
// the first screen and its first passage for and against within two.
//
// One tab, not one per page: a new tab costs a renderer and a cold compile of axe-core
// (about 1 s a page on a busy machine, against 0.3 s for a navigation in the same tab).
// `shard` splits the pages between test files (round robin in path order), so that a file
// keeps well inside its budget as the site grows: add a file with the next shard.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { axe, formatAxe, watch, WCAG_TAGS } from './browser.mjs';
import { structureChecks } from './design.mjs';
import { join } from 'node:path';
import { listPages, label, siteDir, ARTIFACTS } from './site.mjs';
import { browserSession, fail } from './session.mjs';

const isWcag = (v) => v.tags.some((tag) => WCAG_TAGS.includes(tag));
// The figure page whose screenshots are kept, and whose chart is tried with the keyboard.
const FIGURE_PAGE = 'figures/north-korean-troops-in-russia/';

/** Page kinds with many pages of one template and no per-page logic: a few of each are enough
 * for the browser (the HTML checker and the link checker still read every page). */
const SAMPLED = { 'sources/*': 3, 'ratings/*': 2 };
function sampled(pages) {
  const seen = {};
  return pages.filter((p) => {
    if (!(p.type in SAMPLED)) return true;
    seen[p.type] = (seen[p.type] || 0) + 1;
    return seen[p.type] <= SAMPLED[p.type];
  });
}

export function pageChecks(vpName, { shard = 1, of = 1 } = {}) {
  const all = listPages();
  assert.ok(all.length > 0, `no HTML pages in ${siteDir()}: build the site first (tests/e2e/run does)`);
  const pages = sampled(all).filter((_, i) => i % of === shard - 1);
  describe(`${vpName}: every page${of > 1 ? ` (shard ${shard} of ${of}: ${pages.length} of ${all.length} pages)` : ''}`, () => {
    const s = browserSession(vpName);
    let page;
    let problems;
    before(async () => {
      page = await s.context.newPage();
      problems = watch(page);
    });

    for (const p of pages) {
      test(`${label(p)} (${p.type})`, async (t) => {
        problems.length = 0;
        await page.emulateMedia({ colorScheme: 'light' });
        await page.goto(s.url(p.path), { waitUntil: 'load' });
        const where = `${label(p)} [${vpName}]`;
        const seen = [...problems];
        await t.test(`${where}: no console error, no failed request`, () => {
          if (seen.length) fail(seen.map((m) => `${where}: [console/network] ${m}`));
        });
        // One axe run for the WCAG rules and, at the desktop size, the best practices.
        const light = await axe(page, { tags: vpName === 'desktop' ? [...WCAG_TAGS, 'best-practice'] : WCAG_TAGS });
        await t.test(`${where}: axe WCAG 2.2 A+AA, light scheme`, () => {
          const v = light.filter(isWcag);
          if (v.length) assert.fail('\n' + formatAxe(`${label(p)} [${vpName}, light]`, v));
        });
        if (vpName === 'desktop') {
          await t.test(`${where}: axe best practices: landmarks, headings, skip link`, () => {
            const v = light.filter((x) => !isWcag(x));
            if (v.length) assert.fail('\n' + formatAxe(where, v));
          });
        }
        const design = await page.evaluate(structureChecks);
        await t.test(`${where}: design: one h1, landmarks, skip link, stance and rating in words, no mouse-only, no sideways scroll`, () => {
          if (design.length) fail(design.map((e) => `${where}: ${e}`));
        });
        if (vpName === 'phone' && p.type === 'claim') {
          const r = await page.evaluate(() => {
            const box = (sel) => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().bottom + scrollY : null; };
            return {
              h: innerHeight,
              rating: box('main .rating'),
              verdict: box('main .verdict-text') ?? box('main .rating-description'),
              counts: box('main .stance-counts'),
              // The first passage of each stance the claim has, in the evidence at a glance.
              first: Object.fromEntries(['asserts', 'denies'].map((s) => [s, document.querySelector(`main #group-${s}`) ? box(`main .glance-stance.stance-${s} li`) : undefined])),
            };
          });
          await t.test(`${where}: the verdict on the first screen, the first passage for and against within two`, () => {
            const errs = [];
            const at = (v) => (v === null ? 'missing' : `at ${Math.round(v)}px`);
            if (r.rating === null || r.rating > r.h) errs.push(`${label(p)}: [verdict-first-screen] the rating is ${at(r.rating)}, below the first ${r.h}px screen`);
            if (r.verdict === null || r.verdict > r.h) errs.push(`${label(p)}: [verdict-first-screen] the verdict is ${at(r.verdict)}, below the first ${r.h}px screen`);
            if (r.counts === null || r.counts > r.h) errs.push(`${label(p)}: [evidence-first-screen] the count of evidence for and against is ${at(r.counts)}, below the first ${r.h}px screen`);
            for (const [stance, bottom] of Object.entries(r.first)) {
              if (bottom !== undefined && (bottom === null || bottom > 2 * r.h)) errs.push(`${label(p)}: [evidence-two-screens] the first passage that ${stance} the claim is ${at(bottom)}, below the first two ${r.h}px screens`);
            }
            if (errs.length) fail(errs);
          });
        }
        if (p.path === FIGURE_PAGE) {
          await page.screenshot({ path: join(ARTIFACTS, `figure-${vpName}.png`), fullPage: true });
          // Keyboard focus on a point of the chart shows its passage under the chart.
          const shown = await page.evaluate(() => {
            const a = document.querySelector('.chart-links a');
            if (!a) return null;
            a.focus();
            const out = document.getElementById('chart-passage');
            return { focused: document.activeElement === a, hidden: out.hidden, text: out.textContent };
          });
          await t.test(`${where}: focusing a point of the chart shows its passage`, () => {
            assert.ok(shown, 'no chart point');
            assert.ok(shown.focused, 'the point takes no focus');
            assert.ok(!shown.hidden && /“.+”/.test(shown.text), `the passage is not shown: ${JSON.stringify(shown)}`);
          });
        }
        await page.emulateMedia({ colorScheme: 'dark' });
        const dark = await axe(page, { rules: ['color-contrast', 'link-in-text-block'] });
        if (p.path === FIGURE_PAGE) await page.screenshot({ path: join(ARTIFACTS, `figure-${vpName}-dark.png`) });
        await t.test(`${where}: axe colour contrast, dark scheme`, () => {
          if (dark.length) assert.fail('\n' + formatAxe(`${label(p)} [${vpName}, dark]`, dark));
        });
      });
    }
  });
}
