import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** Successes out of trials: opens of sent, clicks of sent, converted people of recipients. */
export interface Proportion {
  successes: number;
  trials: number;
}

export const SIGNIFICANCE_LEVEL = 0.05;

const rate = (p: Proportion) => (p.trials > 0 ? p.successes / p.trials : 0);

/**
 * Two-proportion z-test with the pooled proportion under H0: p1 = p2; two-sided p-value
 * (e.g. Agresti, "Categorical Data Analysis", §2.1; equals R's prop.test without continuity correction).
 * Null when either group is empty or nothing differs (pooled rate 0 or 1).
 */
export function twoProportionZTest(a: Proportion, b: Proportion): { z: number; pValue: number } | null {
  if (a.trials === 0 || b.trials === 0) return null;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (standardError === 0) return null;
  const z = (rate(a) - rate(b)) / standardError;
  return { z, pValue: 2 * (1 - normalCdf(Math.abs(z), 0, 1)) };
}

/**
 * The difference of two proportions (a − b) with its Wald confidence interval:
 * d ± z(1−α/2)·√(p1(1−p1)/n1 + p2(1−p2)/n2). Null when either group is empty.
 */
export function differenceInterval(a: Proportion, b: Proportion, confidence = 0.95): { difference: number; low: number; high: number } | null {
  if (a.trials === 0 || b.trials === 0) return null;
  const p1 = rate(a);
  const p2 = rate(b);
  const difference = p1 - p2;
  const margin = normalQuantile(1 - (1 - confidence) / 2, 0, 1) * Math.sqrt((p1 * (1 - p1)) / a.trials + (p2 * (1 - p2)) / b.trials);
  return { difference, low: difference - margin, high: difference + margin };
}

export interface WinnerChoice {
  /** The variant with the highest rate, whether or not it is significantly better. */
  leader: string | null;
  /** The leader when it beats the runner-up at the significance level, else null. */
  winner: string | null;
  runnerUp: string | null;
  pValue: number | null;
  z: number | null;
}

/**
 * Picks the variant with the highest rate and tests it against the runner-up: with several variants
 * the leader must beat the next best, so it beats them all at least as clearly.
 */
export function chooseWinner(groups: readonly (Proportion & { key: string })[]): WinnerChoice {
  const ranked = [...groups].filter((g) => g.trials > 0).sort((x, y) => rate(y) - rate(x));
  const [leader, runnerUp] = ranked;
  if (!leader) return { leader: null, winner: null, runnerUp: null, pValue: null, z: null };
  if (!runnerUp) return { leader: leader.key, winner: null, runnerUp: null, pValue: null, z: null };
  const test = twoProportionZTest(leader, runnerUp);
  const isSignificant = !!test && test.pValue < SIGNIFICANCE_LEVEL && rate(leader) > rate(runnerUp);
  return { leader: leader.key, winner: isSignificant ? leader.key : null, runnerUp: runnerUp.key, pValue: test?.pValue ?? null, z: test?.z ?? null };
}
