// The checks themselves: a copy of the site with one deliberately broken claim page (an image
// without alt, a link to a missing anchor, a div inside a p) must fail each checker, with a
// message that names the page and the rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPages, label, siteDir, startServer } from './lib/site.mjs';
import { runVnu, formatVnu } from './lib/vnu.mjs';
import { checkLinks, formatProblem } from './lib/links.mjs';
import { launch, axe, formatAxe } from './lib/browser.mjs';
import { fileBudget } from './lib/lifecycle.mjs';

fileBudget(import.meta.url, 90_000);

const BREAKAGE = '<img src="../../style.css"><a href="#no-such-passage">a broken anchor</a><p>Invalid <div>nesting</div></p>';
let dir;
let broken;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'attest-e2e-broken-'));
  cpSync(siteDir(), dir, { recursive: true });
  broken = listPages(dir).find((p) => p.type === 'claim');
  const html = readFileSync(broken.file, 'utf8');
  assert.match(html, /<\/h1>/);
  writeFileSync(broken.file, html.replace('</h1>', '</h1>' + BREAKAGE));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a broken anchor fails the link check, naming the page and the rule', (t) => {
  const messages = checkLinks(dir).problems.map(formatProblem);
  t.diagnostic(messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith(`${label(broken)} line `) && m.includes('[broken-fragment]') && m.includes('no-such-passage')), messages.join('\n'));
});

test('a missing alt and invalid nesting fail the Nu Html Checker, naming the page', async (t) => {
  const byPage = await runVnu(dir, [broken.file]); // the broken page alone: a JVM over one file
  const messages = (byPage.get(label(broken)) || []).map((e) => formatVnu(label(broken), e));
  t.diagnostic(messages.join('\n'));
  assert.ok(messages.some((m) => /“img” element must have an “alt” attribute/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /No “p” element in scope but a “p” end tag seen/.test(m)), messages.join('\n'));
});

test('a missing alt fails axe, naming the page and the rule', async (t) => {
  const server = await startServer(dir);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/${broken.path}`);
    const message = formatAxe(`${label(broken)} [desktop, light]`, await axe(page));
    t.diagnostic(message);
    assert.match(message, new RegExp(`^${label(broken).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\[desktop, light\\]: \\[axe image-alt\\]`, 'm'));
  } finally {
    await browser.close();
    await server.close();
  }
});
