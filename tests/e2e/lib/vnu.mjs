// The Nu Html Checker (vnu-jar from npm, run with the machine's Java) over a directory.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteDir } from './site.mjs';
import { doing, own, release } from './lifecycle.mjs';

const require = createRequire(import.meta.url);
export const VNU_JAR = String(require('vnu-jar')); // the package exports the jar's path

// A short-lived JVM: C1 only (-XX:TieredStopAtLevel=1) and the serial collector halve vnu's
// CPU time on the demo site (user 4.0-6.1 s -> 1.8-2.0 s; wall 6.3-11 s -> 2.4-4.5 s).
const JAVA_ARGS = ['-Xss4m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', VNU_JAR,
  '--errors-only', '--skip-non-html', '--format', 'json'];

/**
 * Validate every HTML file under `root` (or only `files`, paths under it) in one JVM. Returns
 * a Map from the page's URL path ("/claims/x/") to its error messages: { line, column,
 * message, extract }.
 */
export function runVnu(root = siteDir(), files = [root]) {
  doing(`the Nu Html Checker on ${files.length === 1 ? files[0] : `${files.length} files`}`);
  return new Promise((ok, fail) => {
    const child = execFile('java', [...JAVA_ARGS, ...files],
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
        release(child.pid);
        doing(null);
        if (err?.killed) {
          fail(new Error(`vnu did not finish within 120 s and was ended`));
          return;
        }
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
    own(child.pid, 'java (the Nu Html Checker)');
  });
}

export const formatVnu = (page, e) =>
  `${page} line ${e.line ?? '?'}: [vnu] ${e.message}${e.extract ? `\n      near: ${JSON.stringify(e.extract.trim())}` : ''}`;
