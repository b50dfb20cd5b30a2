// Runs the test suite with Node's own test runner.
// Usage: node scripts/run-tests.mjs [all|unit|e2e] [filter]
// 'all' (the default, what `npm test` runs) includes the browser tests when Chromium is installed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const suite = process.argv[2] ?? 'all';
const filter = process.argv[3];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(root, full)] : [];
  });
}

const dirs = { unit: ['src'], e2e: ['e2e'], all: ['src', 'e2e'] }[suite];
if (!dirs) {
  console.error(`unknown suite "${suite}": use all, unit or e2e`);
  process.exit(2);
}
let files = dirs.flatMap((d) => findTests(path.join(root, d))).filter((f) => !filter || f.includes(filter)).sort();

const browserTests = files.filter((f) => f.startsWith('e2e'));
if (browserTests.length > 0) {
  if (!fs.existsSync(chromium)) {
    if (suite === 'e2e' || process.env.CI) {
      console.error(`Chromium is not installed at ${chromium}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
      process.exit(1);
    }
    console.warn(`\n!! Skipping ${browserTests.length} browser test file(s): Chromium is not installed at ${chromium}.`);
    console.warn('!! Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH) to run them.\n');
    files = files.filter((f) => !f.startsWith('e2e'));
  } else if (!fs.existsSync(path.join(root, 'web/dist/index.html'))) {
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Each file runs in its own `node --test` process, two at a time, with a watchdog: a file that
// hangs is killed instead of stalling the whole run (and CI) for good. A file that hangs or fails
// is run once more, loudly.
const FILE_TIMEOUT_MS = 4 * 60_000;
const CONCURRENCY = 2;

// Children run in their own process groups (see runFile); take them down with the runner.
const running = new Set();
const killGroup = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of running) killGroup(child);
    process.exit(130);
  });
}

function runFile(file) {
  return new Promise((resolve) => {
    // Its own process group, so a kill reaches the test process node --test starts, not just the runner.
    // --test-force-exit: on PostgreSQL a test process now and then stayed alive after every test and
    // hook had finished (pg-boss workers left waiting on a closed pool, fixed in JobQueue.stop; see
    // docs/architecture.md); kept as a guard, so a file ends when its tests do. That a real server
    // stops on SIGTERM is cli.test.ts's and multi-process.test.ts's to check.
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=spec', file], { cwd: root, env: process.env, detached: true });
    running.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n!! ${file} did not finish in ${FILE_TIMEOUT_MS / 60_000} minutes: killed\n`;
      killGroup(child);
    }, FILE_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      resolve({ file, output, isPassed: code === 0, isHung: signal === 'SIGKILL' });
    });
  });
}

const queue = [...files];
const results = [];
async function worker() {
  for (let file = queue.shift(); file; file = queue.shift()) {
    let result = await runFile(file);
    if (!result.isPassed) {
      // A file that hangs or fails is run once more, as Playwright's CI default does: a second
      // failure fails the run, and a pass on the rerun is still reported, with the first failure.
      process.stdout.write(result.output);
      console.log(`\n!! ${file} ${result.isHung ? 'hung' : 'failed'}; running it once more\n`);
      const first = result;
      result = await runFile(file);
      result.firstAttempt = first;
    }
    process.stdout.write(result.output);
    results.push(result);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));

/** What node's spec reporter lists at the end of a file's output: each failing test with its error. */
const failureReport = (output) => {
  const start = output.lastIndexOf('✖ failing tests:');
  return start >= 0 ? output.slice(start).trimEnd() : output.split('\n').slice(-40).join('\n').trimEnd();
};
const failed = results.filter((r) => !r.isPassed);
const flaky = results.filter((r) => r.isPassed && r.firstAttempt);
// Failures are repeated last, where a truncated CI log still shows them.
for (const r of flaky) console.log(`\n!! ${r.file} passed only when rerun; its first run ${r.firstAttempt.isHung ? 'hung' : 'failed'}:\n${failureReport(r.firstAttempt.output)}`);
for (const r of failed) console.log(`\n!! ${r.file} failed twice; the last run:\n${failureReport(r.output)}`);
console.log(`\n${results.length} test files: ${results.length - failed.length} passed, ${failed.length} failed${flaky.length > 0 ? `, ${flaky.length} passed only when rerun (${flaky.map((r) => r.file).join(', ')})` : ''}`);
for (const r of failed) console.log(`  failed: ${r.file}`);
process.exit(failed.length > 0 ? 1 : 0);
