// Runs the test suite with Node's own test runner.
// Usage: node scripts/run-tests.mjs [all|unit|e2e] [filter]
// 'all' (the default, what `npm test` runs) includes the browser tests when Chromium is installed.
import { spawnSync } from 'node:child_process';
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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
process.exit(result.status ?? 1);
