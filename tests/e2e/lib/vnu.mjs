// The Nu Html Checker (vnu-jar from npm, run with the machine's Java) over a directory.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteDir } from './site.mjs';

const require = createRequire(import.meta.url);
export const VNU_JAR = String(require('vnu-jar')); // the package exports the jar's path

/**
 * Validate every HTML file under `root` in one JVM. Returns a Map from the page's URL path
 * ("/claims/x/") to its error messages: { line, column, message, extract }.
 */
export function runVnu(root = siteDir()) {
  return new Promise((ok, fail) => {
    execFile('java', ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--skip-non-html', '--format', 'json', root],
      { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        let report;
        try { report = JSON.parse(stderr || stdout); } catch {
          fail(new Error(`vnu did not report JSON (exit ${err?.code}): ${(stderr || stdout || String(err)).slice(0, 2000)}`));
          return;
        }
        const byPage = new Map();
        for (const m of report.messages) {
          if (m.type !== 'error' && !(m.type === 'non-document-error')) continue;
          const file = m.url ? fileURLToPath(m.url) : root;
          const rel = relative(root, file).split(sep).join('/');
          const page = '/' + rel.replace(/(^|\/)index\.html$/, '$1');
          const list = byPage.get(page) || [];
          list.push({ line: m.lastLine, column: m.firstColumn ?? m.lastColumn, message: m.message, extract: m.extract });
          byPage.set(page, list);
        }
        ok(byPage);
      });
  });
}

export const formatVnu = (page, e) =>
  `${page} line ${e.line ?? '?'}: [vnu] ${e.message}${e.extract ? `\n      near: ${JSON.stringify(e.extract.trim())}` : ''}`;
