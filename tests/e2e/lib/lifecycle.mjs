// Every test file has a time budget, and every process it starts ends on every path.
//
// - The file's budget: a watchdog that, when the budget runs out, names the test that was
//   running, ends the file's processes and exits. It does not wait for node's runner.
// - Processes: a browser (Chromium runs in its own process group) or a JVM is registered
//   here when started; after hooks end them politely, and a signal, the watchdog or the
//   process exiting for any other reason ends what is left by force.
// - Progress: when tests/e2e/run gives a directory (E2E_PROGRESS_DIR), each file keeps a
//   record there of what it is doing, the processes it owns and how long it took, so that
//   the run script can name what was still running if the whole run overstays its time.
import { beforeEach } from 'node:test';
import { writeFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Each file's results reach node's runner through its standard output, a pipe. With
// --test-force-exit the file's process exits as soon as its tests are done, and results
// still waiting in the pipe's buffer were lost: the run counted fewer tests than ran (the
// last link checks of a file, 1,190 to 1,210 from one run to the next) and could have lost
// a failing test's name (nodejs/node#64833). Written at once, none wait.
process.stdout._handle?.setBlocking?.(true);

const owned = new Map(); // pid -> { what, group }
let record = null; // this file's progress, once fileBudget() has run

function save() {
  if (!record?.path) return;
  const tmp = `${record.path}.tmp`;
  const data = { ...record.data, processes: [...owned].map(([pid, p]) => ({ pid, what: p.what })) };
  try {
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, record.path);
  } catch { /* the progress record is a help, never a reason to fail */ }
}

/** End every registered process at once (SIGKILL; a browser with its whole process group). */
export function killOwned() {
  for (const [pid, p] of owned) {
    try { process.kill(p.group ? -pid : pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  owned.clear();
  save();
}

/** Register a process this file started, to be ended on every path. */
export function own(pid, what, { group = false } = {}) {
  if (!pid) return;
  owned.set(pid, { what, group });
  save();
}

/** The process ended normally: forget it. */
export function release(pid) {
  if (owned.delete(pid)) save();
}

/**
 * Say what the file is doing now ("launching Chromium", "the Nu Html Checker"), for the
 * records; `null` when it is done (the test alone again).
 */
export function doing(what) {
  if (!record) return;
  const test = record.data.test;
  record.data.now = what === null ? test ?? 'between tests' : test ? `${test}: ${what}` : what;
  record.data.since = Date.now();
  save();
}

/** A test starts (a beforeEach hook of every file): what the file does is that test, for now. */
function testStarts(name) {
  if (!record) return;
  record.data.test = name;
  record.data.now = name;
  record.data.since = Date.now();
  save();
}

function exitNow(code, message) {
  if (message) process.stderr.write(`${message}\n`);
  killOwned();
  if (record) {
    record.data.ended = Date.now();
    record.data.status = message || `exit ${code}`;
    save();
  }
  process.exit(code);
}

/**
 * Give this test file (pass import.meta.url) a budget in milliseconds. Call it at the top
 * level of the file, before its tests: it arms the watchdog and the signal handlers.
 */
export function fileBudget(fileUrl, ms) {
  const name = basename(fileURLToPath(fileUrl));
  const dir = process.env.E2E_PROGRESS_DIR;
  record = {
    path: dir ? join(dir, `${name}.json`) : null,
    data: { file: name, pid: process.pid, budgetMs: ms, started: Date.now(), now: 'loading', since: Date.now() },
  };
  save();
  beforeEach((t) => testStarts(t.name));
  const watchdog = setTimeout(() => {
    const stuck = record.data.now ? `"${record.data.now}" (for ${Math.round((Date.now() - record.data.since) / 1000)} s)` : 'nothing named';
    const procs = [...owned].map(([pid, p]) => `${p.what} (pid ${pid})`).join(', ') || 'none';
    exitNow(1, `e2e: ${name} is over its budget of ${Math.round(ms / 1000)} s; it was running ${stuck}; ending its processes: ${procs}`);
  }, ms);
  watchdog.unref(); // a file that finishes in time exits without waiting for it
  // node's runner ends a file that overstays --test-timeout with SIGTERM; tests/e2e/run's
  // timeout sends SIGTERM to all. Ending by force here is what makes the process exit.
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]]) {
    process.on(signal, () => exitNow(code, `e2e: ${name} got ${signal} while running "${record.data.now}" (for ${Math.round((Date.now() - record.data.since) / 1000)} s); ending its processes`));
  }
  process.on('exit', (code) => {
    killOwned();
    if (record && !record.data.ended) {
      record.data.ended = Date.now();
      record.data.status = `exit ${code}`;
      save();
    }
  });
}
