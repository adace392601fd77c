// After a run of the browser checks (tests/e2e/run): each test file's time against its budget,
// what a file that did not finish was doing, and any process left running, which it ends.
//
// Usage: node tests/e2e/lib/report.mjs PROGRESS_DIR FILE.test.mjs...
// Exits 1 when a file did not finish or left a process running, 0 otherwise.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [dir, ...files] = process.argv.slice(2);
const now = Date.now();
const secs = (ms) => `${Math.round(ms / 1000)} s`;

/** The command line of a live process, or null. */
function cmdline(pid) {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(); } catch { return null; }
}

/** End a process (or its group) if it is still the one we mean. */
function end(pid, group, mustContain) {
  const cmd = cmdline(pid);
  if (!cmd || !cmd.includes(mustContain)) return false;
  try { process.kill(group ? -pid : pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch { return false; } }
  return true;
}

let bad = false;
const times = [];
for (const file of files.map((f) => basename(f))) {
  let r;
  try { r = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')); } catch { r = null; }
  if (!r) {
    times.push(`${file} never started`);
    continue;
  }
  const took = (r.ended ?? now) - r.started;
  times.push(`${file} ${secs(took)} of ${secs(r.budgetMs)}`);
  if (!r.ended) {
    bad = true;
    console.log(`e2e: ${file} (pid ${r.pid}) was still running "${r.now}" (for ${secs(now - r.since)}), after ${secs(took)}; ending it`);
    end(r.pid, false, file);
  } else if (r.status !== 'exit 0' && r.status !== 'exit 1') {
    // exit 1 is a failed test, reported by the runner; anything else says what happened.
    console.log(r.status.startsWith("e2e: ") ? r.status : `e2e: ${file}: ${r.status}`);
  }
  for (const p of r.processes || []) {
    const isBrowser = p.what === 'chromium';
    if (end(p.pid, isBrowser, isBrowser ? 'chrom' : 'java')) {
      bad = true;
      console.log(`e2e: ${file} left ${p.what} (pid ${p.pid}) running; ended it`);
    }
  }
}
console.log(`e2e: file times (budget): ${times.join(', ')}`);
process.exit(bad ? 1 : 0);
