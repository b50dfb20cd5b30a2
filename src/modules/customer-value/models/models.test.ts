import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { seededRandom } from '../../../platform/seeded-random.ts';
import { bgNbdLogLikelihood, expectedPurchases, expectedPurchasesOfNewCustomer, fitBgNbd, probabilityAlive } from './bg-nbd.ts';
import { expectedAverageValue, fitGammaGamma } from './gamma-gamma.ts';
import { holdoutReport } from './holdout.ts';
import { dayNumber, groupRepeatHistories, RepeatHistoryCollector, spendHistories, type CustomerHistory } from './repeat-histories.ts';
import { expectedLifetime, fitSbg, retentionRate, survival } from './shifted-beta-geometric.ts';
import { simulateCustomer } from './simulate.ts';

const CDNOW_SAMPLE = path.resolve(import.meta.dirname, '../../../../../shared/datasets/cdnow/CDNOW_sample.txt');

/** The CDNOW 1/10 sample with the paper's conventions: weeks, calibration to 1997-09-30 inclusive. */
function cdnowCustomers(): { customers: CustomerHistory[]; holdoutWeeks: number } {
  const collector = new RepeatHistoryCollector();
  for (const line of fs.readFileSync(CDNOW_SAMPLE, 'utf8').split(/\r?\n/)) {
    const [customerId, , yyyymmdd, , dollars] = line.trim().split(/\s+/);
    if (!customerId || !yyyymmdd) continue;
    collector.add(customerId, dayNumber(`${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`)!, Number(dollars));
  }
  const calibrationEnd = dayNumber('1997-09-30')!;
  return { customers: [...collector.customers(calibrationEnd, 'week')], holdoutWeeks: (collector.lastDay()! - calibrationEnd) / 7 };
}

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

describe('customer value models', () => {
  test('BG/NBD on the CDNOW sample reproduces Fader, Hardie & Lee (2005): r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4', () => {
    const { customers } = cdnowCustomers();
    assert.equal(customers.length, 2357);
    assert.equal(customers.filter((c) => c.x === 0).length, 1411, 'customers with no repeat purchase in calibration');
    const fit = fitBgNbd(groupRepeatHistories(customers));
    near(fit.params.r, 0.243, 0.0005, 'r');
    near(fit.params.alpha, 4.414, 0.002, 'alpha');
    near(fit.params.a, 0.793, 0.0005, 'a');
    near(fit.params.b, 2.426, 0.001, 'b');
    near(fit.ll, -9582.4, 0.05, 'log-likelihood');
    assert.ok(fit.isConverged);
    for (const [name, se] of Object.entries(fit.standardErrors)) assert.ok(se !== null && se > 0, `${name} has a standard error`);
    // Grouping identical histories changes nothing but the speed.
    near(bgNbdLogLikelihood(fit.params, customers.map((c) => ({ ...c, count: 1 }))), fit.ll, 1e-6, 'ungrouped log-likelihood');

    // The paper's worked example: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks.
    const paper = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    near(expectedPurchases(paper, { x: 2, tx: 30.43, T: 38.86 }, 39), 1.226, 0.001, 'E[Y(39) | 2, 30.43, 38.86]');
    assert.equal(probabilityAlive(paper, { x: 0, tx: 0, T: 38.86 }), 1, 'without repeats nobody has been seen to drop out');
    assert.ok(probabilityAlive(paper, { x: 5, tx: 5, T: 38.86 }) < probabilityAlive(paper, { x: 5, tx: 35, T: 38.86 }), 'a long silence after frequent buying lowers P(alive)');
    assert.ok(expectedPurchasesOfNewCustomer(paper, 78) > expectedPurchasesOfNewCustomer(paper, 39));
  });

  test('the holdout report predicts the 39 holdout weeks of CDNOW close to what customers did (the paper’s Figure 4)', () => {
    const { customers, holdoutWeeks } = cdnowCustomers();
    assert.equal(holdoutWeeks, 39);
    const fit = fitBgNbd(groupRepeatHistories(customers));
    const buckets = holdoutReport(fit.params, customers, holdoutWeeks);
    assert.equal(buckets.reduce((sum, b) => sum + b.customers, 0), 2357);
    const predicted = buckets.reduce((sum, b) => sum + b.predicted * b.customers, 0);
    const actual = buckets.reduce((sum, b) => sum + b.actual * b.customers, 0);
    assert.equal(actual, customers.reduce((sum, c) => sum + c.holdoutPurchases, 0));
    assert.ok(Math.abs(predicted - actual) / actual < 0.15, `predicted ${predicted} vs actual ${actual}`);
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]!.predicted > buckets[i - 1]!.predicted, 'more past purchases predict more future ones');
  });

  test('Gamma-Gamma on the CDNOW sample reproduces Fader & Hardie (2013): p 6.25, q 3.74, γ 15.44 from 946 repeat buyers', () => {
    const { customers } = cdnowCustomers();
    const fit = fitGammaGamma(spendHistories(customers));
    assert.equal(fit.customers, 946);
    near(fit.params.p, 6.25, 0.005, 'p');
    near(fit.params.q, 3.74, 0.005, 'q');
    near(fit.params.gamma, 15.44, 0.01, 'gamma');
    // Without repeats a customer is expected to spend the population mean p·γ/(q−1); with some, a mean between theirs and it.
    const populationMean = (fit.params.p * fit.params.gamma) / (fit.params.q - 1);
    near(expectedAverageValue(fit.params, 0, 0), populationMean, 1e-9, 'no repeats: the population mean');
    const conditional = expectedAverageValue(fit.params, 2, 30);
    assert.ok(conditional > Math.min(30, populationMean) && conditional < Math.max(30, populationMean), 'a weighted mean of own and population spend');
  });

  test('the shifted-beta-geometric model reproduces Fader & Hardie (2007): high end α 0.668, β 3.806; regular α 0.704, β 1.182', () => {
    const highEnd = fitSbg([1000, 869, 743, 653, 593, 551, 517, 491]);
    near(highEnd.params.alpha, 0.668, 0.0005, 'high end alpha');
    near(highEnd.params.beta, 3.806, 0.001, 'high end beta');
    near(highEnd.ll, -1611.2, 0.05, 'high end LL');
    const regular = fitSbg([1000, 631, 468, 382, 326, 289, 262, 241]);
    near(regular.params.alpha, 0.704, 0.0005, 'regular alpha');
    near(regular.params.beta, 1.182, 0.001, 'regular beta');
    // Projection: survival falls, retention rises with tenure, and the discounted lifetime is finite.
    const projected = survival(highEnd.params, 12);
    assert.equal(projected.length, 13);
    for (let t = 1; t < projected.length; t++) assert.ok(projected[t]! < projected[t - 1]!);
    assert.ok(retentionRate(highEnd.params, 10) > retentionRate(highEnd.params, 2));
    assert.equal(expectedLifetime(highEnd.params), Infinity, 'α < 1: the undiscounted mean lifetime is infinite');
    const discounted = expectedLifetime(highEnd.params, 0.1);
    near(discounted, projected.reduce((sum, s, t) => sum + s / 1.1 ** t, 0) + survival(highEnd.params, 400).slice(13).reduce((sum, s, t) => sum + s / 1.1 ** (t + 13), 0), 0.01, 'discounted lifetime = Σ S(t)/(1+d)^t');
    assert.throws(() => fitSbg([1000, 1100]), /above the count before it/);
    assert.throws(() => fitSbg([1000]), /at least two counts/);
  });

  test('simulation recovery: customers drawn from known BG/NBD and Gamma-Gamma parameters give those parameters back', () => {
    const random = seededRandom(20261203);
    const truth = { r: 0.6, alpha: 6, a: 0.9, b: 3 };
    const spend = { p: 5, q: 4, gamma: 20 };
    const customers: CustomerHistory[] = [];
    for (let i = 0; i < 8000; i++) {
      const T = 26 + random.next() * 26;
      const { times, values } = simulateCustomer(random, truth, spend, T);
      const repeats = values.slice(1);
      customers.push({
        customerId: String(i), x: times.length - 1, tx: times[times.length - 1]!, T,
        meanRepeatValue: repeats.length ? repeats.reduce((s, v) => s + v, 0) / repeats.length : 0, holdoutPurchases: 0,
      });
    }
    const fit = fitBgNbd(groupRepeatHistories(customers));
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const se = fit.standardErrors[name]!;
      assert.ok(Math.abs(fit.params[name] - truth[name]) <= 3 * se, `${name}: ${fit.params[name]} ± ${se} should cover ${truth[name]}`);
    }
    const spendFit = fitGammaGamma(spendHistories(customers));
    for (const name of ['p', 'q', 'gamma'] as const) {
      const se = spendFit.standardErrors[name]!;
      assert.ok(Math.abs(spendFit.params[name] - spend[name]) <= 3 * se, `${name}: ${spendFit.params[name]} ± ${se} should cover ${spend[name]}`);
    }
  });

  test('dates are checked, and purchases on one day are one transaction', () => {
    assert.equal(dayNumber('1997-02-30'), null);
    assert.equal(dayNumber('97-01-01'), null);
    const collector = new RepeatHistoryCollector();
    const day = dayNumber('2026-01-01')!;
    collector.add('c1', day, 10);
    collector.add('c1', day, 5);
    collector.add('c1', day + 14, 30);
    collector.add('c1', day + 70, 7);
    collector.add('c2', day + 100, 1);
    const [c1, ...rest] = [...collector.customers(day + 28, 'week')];
    assert.equal(rest.length, 0, 'a customer first seen after calibration is not in the cohort');
    assert.deepEqual(c1, { customerId: 'c1', x: 1, tx: 2, T: 4, meanRepeatValue: 30, holdoutPurchases: 1 });
  });
});
