// Runs the test files with Node's own test runner. Usage: node scripts/run-tests.mjs [unit|e2e|all] [filter]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const suite = process.argv[2] ?? 'unit';
const filter = process.argv[3];

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
  console.error(`unknown suite "${suite}": use unit, e2e or all`);
  process.exit(2);
}
const files = dirs.flatMap((d) => findTests(path.join(root, d))).filter((f) => !filter || f.includes(filter)).sort();
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
