import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { freePort, until } from '../testing/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/rapport');
const run = promisify(execFile);
// The CLI runs on the embedded database here, whatever the suite's TEST_DATABASE_URL says.
const env = { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' };

describe('bin/rapport', () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('every command explains itself with --help', async () => {
    const commands = ['start', 'worker', 'migrate', 'seed', 'user add', 'apikey create', 'bench', 'workspace create'];
    const outputs = await Promise.all(commands.map((c) => run(process.execPath, [BIN, ...c.split(' '), '--help'], { env })));
    outputs.forEach(({ stdout }, i) => assert.match(stdout, /Usage: rapport/, commands[i]));
  });

  test('seed creates the demo workspace once, and apikey create --json prints the key last', async () => {
    const first = await run(process.execPath, [BIN, 'seed', '--data-dir', dataDir], { env });
    assert.match(first.stdout, /Demo workspace "demo" created/);
    const again = await run(process.execPath, [BIN, 'seed', '--data-dir', dataDir], { env });
    assert.match(again.stdout, /already exists/);
    const { stdout } = await run(process.execPath, [BIN, 'apikey', 'create', '--workspace', 'demo', '--role', 'manager', '--json', '--data-dir', dataDir], { env });
    const last = stdout.trim().split('\n').at(-1)!;
    assert.match(JSON.parse(last).key, /^rk_[0-9a-f]{32}_/);
  });

  test('user add creates a member who can log in, and re-running it sets a new password', async () => {
    const add = (password: string) => run(process.execPath, [BIN, 'user', 'add', '--email', 'Olga@Example.ru', '--name', 'Ольга', '--workspace', 'demo', '--role', 'manager', '--password', password, '--data-dir', dataDir], { env });
    assert.match((await add('first-password')).stdout, /olga@example.ru is now manager in "demo"/);
    assert.match((await add('second-password')).stdout, /password updated/);
  });

  test('a bad argument fails with a message and a non-zero exit', async () => {
    await assert.rejects(
      run(process.execPath, [BIN, 'apikey', 'create', '--workspace', 'nowhere', '--role', 'admin', '--data-dir', dataDir], { env }),
      (error: { code: number; stderr: string }) => error.code === 1 && /No workspace "nowhere"/.test(error.stderr),
    );
  });

  test('start serves the data it was given and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'start', '--no-demo', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], { env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok === true, 60_000);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo@rapport.local', password: 'rapport-demo' }),
    });
    assert.equal(login.status, 200, 'the demo data seeded earlier survived the restart');
    const olga = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'olga@example.ru', password: 'second-password' }),
    });
    assert.equal(olga.status, 200, 'the password set by the second user add works');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
