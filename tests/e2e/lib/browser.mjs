// Headless Chromium (Debian's, never a downloaded one) through playwright-core, and axe-core.
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { doing, own, release } from './lifecycle.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

/** The processes whose parent is this one (Linux: from /proc). */
function childPids() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) pids.push(Number(entry));
    } catch { /* the process ended meanwhile */ }
  }
  return pids;
}

/**
 * Launch Chromium. playwright's launch() gives every browser a fresh temporary profile
 * (user-data-dir) and deletes it on close, so no state carries over between runs.
 * playwright's own signal handlers are off: on SIGTERM they close the browser but leave the
 * process running; lifecycle.mjs's end it, with the browser's whole process group.
 */
export async function launch() {
  doing('launching Chromium');
  const before = new Set(childPids());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // playwright starts Chromium as the leader of its own process group: own the group.
  const pids = childPids().filter((pid) => !before.has(pid));
  for (const pid of pids) own(pid, 'chromium', { group: true });
  doing(null);
  const close = browser.close.bind(browser);
  browser.close = async () => {
    // A browser that does not close within 10 s is ended by force.
    let timer;
    const closed = await Promise.race([
      close().then(() => true, () => false),
      new Promise((ok) => { timer = setTimeout(() => ok(false), 10_000); }),
    ]);
    clearTimeout(timer);
    for (const pid of pids) {
      if (!closed) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
      release(pid);
    }
  };
  return browser;
}

/**
 * Record everything that went wrong while a page loaded and ran: console errors, uncaught
 * exceptions, failed requests and HTTP errors. Returns the live list.
 */
export function watch(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}${m.location()?.url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    // ERR_ABORTED is the browser cancelling a request because the page went on (the test
    // followed a link before, say, the icon had loaded); a request the server refused or
    // answered with an error is reported as such, by its own error or by the response below.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`failed request: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return problems;
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Run axe-core in the page. `only` is a list of tags (default: WCAG 2.2 A and AA). */
export async function axe(page, { tags = WCAG_TAGS, rules } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: tags };
  return page.evaluate(async (runOnly) => {
    const r = await window.axe.run(document, { runOnly, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      tags: v.tags.filter((t) => /^wcag|best-practice/.test(t)),
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary })),
    }));
  }, runOnly);
}

export function formatAxe(where, violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 4).map((n) => `      at ${n.target}: ${n.html}\n        ${n.summary.replace(/\n/g, '\n        ')}`).join('\n');
    const more = v.nodes.length > 4 ? `\n      ... and ${v.nodes.length - 4} more` : '';
    return `${where}: [axe ${v.id}] (${v.impact}; ${v.tags.join(', ')}) ${v.help}\n${nodes}${more}`;
  }).join('\n');
}
