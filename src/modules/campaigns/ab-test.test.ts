import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseWinner, differenceInterval, twoProportionZTest } from './ab-test.ts';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

describe('A/B test statistics', () => {
  test('the z-test matches R’s prop.test(c(15, 25), c(50, 50), correct = FALSE): X² = 4.1667, p = 0.04123', () => {
    const result = twoProportionZTest({ successes: 15, trials: 50 }, { successes: 25, trials: 50 })!;
    close(result.z ** 2, 4.1667, 1e-4);
    close(result.z, -2.0412, 1e-4);
    close(result.pValue, 0.04123, 1e-5);
  });

  test('the z-test of 120/1000 against 150/1000 is just significant (z = −1.963, p = 0.0496)', () => {
    const result = twoProportionZTest({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 })!;
    close(result.z, -1.9631, 1e-3);
    close(result.pValue, 0.0496, 1e-3);
  });

  test('identical proportions give z = 0 and p = 1; an empty group or no variation gives no test', () => {
    const same = twoProportionZTest({ successes: 30, trials: 100 }, { successes: 60, trials: 200 })!;
    close(same.z, 0, 1e-12);
    close(same.pValue, 1, 1e-12);
    assert.equal(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 5, trials: 10 }), null);
    assert.equal(twoProportionZTest({ successes: 0, trials: 10 }, { successes: 0, trials: 10 }), null);
  });

  test('the Wald interval of 0.30 − 0.50 with n = 50 each is −0.2 ± 1.96·0.0959 = [−0.388, −0.012]', () => {
    const interval = differenceInterval({ successes: 15, trials: 50 }, { successes: 25, trials: 50 })!;
    close(interval.difference, -0.2, 1e-12);
    close(interval.low, -0.38800, 1e-4);
    close(interval.high, -0.01200, 1e-4);
  });

  test('the winner is the leader when it beats the runner-up at 0.05, otherwise there is only a leader', () => {
    const clear = chooseWinner([
      { key: 'A', successes: 15, trials: 50 }, { key: 'B', successes: 25, trials: 50 }, { key: 'C', successes: 10, trials: 50 },
    ]);
    assert.deepEqual({ leader: clear.leader, winner: clear.winner, runnerUp: clear.runnerUp }, { leader: 'B', winner: 'B', runnerUp: 'A' });
    close(clear.pValue!, 0.04123, 1e-5);
    const unclear = chooseWinner([{ key: 'A', successes: 11, trials: 100 }, { key: 'B', successes: 10, trials: 100 }]);
    assert.equal(unclear.leader, 'A');
    assert.equal(unclear.winner, null);
    assert.ok(unclear.pValue! > 0.05);
    assert.deepEqual(chooseWinner([]), { leader: null, winner: null, runnerUp: null, pValue: null, z: null });
  });
});
