import type { SeededRandom } from '../../../platform/seeded-random.ts';
import type { BgNbdParams } from './bg-nbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';

/**
 * Customers drawn from the BG/NBD and Gamma-Gamma models themselves: the simulation-recovery test
 * fits them back, and the score-customers benchmark uses them as realistic repeat buyers.
 */

function standardNormal(random: SeededRandom): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), boosted for shape < 1. */
export function sampleGamma(random: SeededRandom, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * Math.pow(1 - random.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function sampleBeta(random: SeededRandom, a: number, b: number): number {
  const x = sampleGamma(random, a, 1);
  return x / (x + sampleGamma(random, b, 1));
}

/** One simulated customer: purchase times (the first at 0) up to `observedFor`, and each purchase's value. */
export interface SimulatedCustomer {
  times: number[];
  values: number[];
}

/**
 * A customer first buying at 0 and observed until `observedFor`: purchases arrive at rate λ while
 * active, and after each repeat purchase they drop out with probability p.
 */
export function simulateCustomer(random: SeededRandom, purchase: BgNbdParams, spend: GammaGammaParams, observedFor: number): SimulatedCustomer {
  const lambda = sampleGamma(random, purchase.r, purchase.alpha);
  const dropout = sampleBeta(random, purchase.a, purchase.b);
  const nu = sampleGamma(random, spend.q, spend.gamma);
  const times = [0];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - random.next()) / lambda;
    if (t > observedFor) break;
    times.push(t);
    if (random.chance(dropout)) break;
  }
  return { times, values: times.map(() => sampleGamma(random, spend.p, nu)) };
}
