import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/rapport');
const CDNOW_SAMPLE = path.resolve(ROOT, '../shared/datasets/cdnow/CDNOW_sample.txt');
const run = promisify(execFile);
const lastJsonLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('rapport clv fit and rapport retention fit', () => {
  let dir: string;
  let transactions: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-clv-'));
    transactions = path.join(dir, 'cdnow.csv');
    // The CDNOW sample as the contract's customer_id,date,amount CSV.
    const rows = fs.readFileSync(CDNOW_SAMPLE, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((line) => {
      const [id, , ymd, , dollars] = line.trim().split(/\s+/);
      return `${id},${ymd!.slice(0, 4)}-${ymd!.slice(4, 6)}-${ymd!.slice(6, 8)},${dollars}`;
    });
    fs.writeFileSync(transactions, ['customer_id,date,amount', ...rows].join('\n'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('fits the CDNOW sample to the published parameters and writes per-customer predictions', async () => {
    const predictions = path.join(dir, 'predictions.csv');
    const { stdout } = await run(process.execPath, [BIN, 'clv', 'fit', '--transactions', transactions, '--calibration-end', '1997-09-30', '--time-unit', 'week', '--json', '--predictions', predictions, '--horizon', '39']);
    const result = lastJsonLine(stdout);
    assert.equal(result.customers, 2357);
    assert.deepEqual(Object.keys(result.bgnbd), ['r', 'alpha', 'a', 'b', 'll']);
    assert.deepEqual(Object.keys(result.gammagamma), ['p', 'q', 'gamma', 'll']);
    assert.equal(result.bgnbd.r.toFixed(3), '0.243');
    assert.equal(result.bgnbd.alpha.toFixed(3), '4.414');
    assert.equal(result.bgnbd.a.toFixed(3), '0.793');
    assert.equal(result.bgnbd.b.toFixed(3), '2.426');
    assert.equal(result.bgnbd.ll.toFixed(1), '-9582.4');
    assert.equal(result.gammagamma.p.toFixed(2), '6.25');
    assert.equal(result.gammagamma.q.toFixed(2), '3.74');
    assert.equal(result.gammagamma.gamma.toFixed(2), '15.44');
    assert.equal(result.holdout.by_frequency.length, 8);

    const rows = parse(fs.readFileSync(predictions), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 2357);
    assert.deepEqual(Object.keys(rows[0]!), ['customer_id', 'x', 't_x', 'T', 'p_alive', 'expected_purchases', 'expected_avg_value']);
    const example = rows.find((r) => r.customer_id === '00004')!;
    assert.equal(example.x, '2');
    assert.equal(Number(example.expected_purchases).toFixed(2), '1.23', 'the paper’s example customer (x 2, t_x 30.43, T 38.86)');
    assert.ok(rows.every((r) => Number(r.p_alive) > 0 && Number(r.p_alive) <= 1));
  });

  test('a malformed file is refused with the line and the reason, and no predictions are written', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'customer_id,date,amount\n1,2026-01-01,10\n1,2026-13-01,5\n');
    const predictions = path.join(dir, 'none.csv');
    await assert.rejects(
      run(process.execPath, [BIN, 'clv', 'fit', '--transactions', bad, '--calibration-end', '2026-06-30', '--json', '--predictions', predictions]),
      (error: { code: number; stderr: string }) => error.code === 1 && /line 3: date "2026-13-01" is not an ISO date/.test(error.stderr),
    );
    assert.equal(fs.existsSync(predictions), false);
    const noHeader = path.join(dir, 'header.csv');
    fs.writeFileSync(noHeader, 'id,day,sum\n1,2026-01-01,10\n');
    await assert.rejects(run(process.execPath, [BIN, 'clv', 'fit', '--transactions', noHeader, '--calibration-end', '2026-06-30']), /the header must be customer_id,date,amount/);
  });

  test('retention fit prints α, β and the log-likelihood of the shifted-beta-geometric model', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'retention', 'fit', '--survivors', '1000,869,743,653,593,551,517,491', '--json']);
    const result = lastJsonLine(stdout);
    assert.equal(result.alpha.toFixed(3), '0.668');
    assert.equal(result.beta.toFixed(3), '3.806');
    assert.equal(result.ll.toFixed(1), '-1611.2');
    assert.equal(result.projected_survivors[0], 1000);
    await assert.rejects(run(process.execPath, [BIN, 'retention', 'fit', '--survivors', '1000,1200']), /above the count before it/);
  });
});
