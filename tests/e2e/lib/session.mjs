// What a browser test file shares: the site on a local server, one Chromium, one browser
// context at a viewport, and the helpers that read a page as a reader would.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, watch, VIEWPORTS } from './browser.mjs';
import { doing } from './lifecycle.mjs';
import { startServer, ARTIFACTS } from './site.mjs';

export const pathOf = (u) => new URL(u).pathname.slice(1);
export const norm = (s) => s.replace(/\s+/g, ' ').trim();
export const fail = (list) => assert.fail('\n' + list.join('\n'));

/**
 * Inside a describe(): start the server, Chromium and a context at the viewport before the
 * tests, and end all three after them (lifecycle.mjs ends them if the after hook never runs).
 * Returns the session, filled in once the before hook has run.
 */
export function browserSession(vpName) {
  const s = { vpName };
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    s.server = await startServer();
    s.browser = await launch();
    s.context = await s.browser.newContext(VIEWPORTS[vpName]);
    s.context.setDefaultTimeout(15_000);
    s.context.setDefaultNavigationTimeout(15_000);
  });
  after(async () => {
    doing(`${vpName}: closing Chromium and the server`);
    await s.browser?.close(); // closes the context too
    await s.server?.close();
  });
  s.url = (path) => `${s.server.origin}/${path}`;
  /** A new tab at `path`, with the list of its console errors and failed requests. */
  s.openPage = async (path) => {
    const page = await s.context.newPage();
    const problems = watch(page);
    await page.goto(s.url(path), { waitUntil: 'load' });
    return { page, problems };
  };
  return s;
}

/** Wait until the browser has scrolled the :target into view; describe where it is. */
export async function targetState(page) {
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

export function assertAtPassage(state, where, quote) {
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
