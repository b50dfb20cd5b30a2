import gammaln from '@stdlib/math-base-special-gammaln';
import { fitPositiveParameters } from './maximum-likelihood.ts';

/**
 * The Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma Model of
 * Monetary Value"): each transaction's value is Gamma(p, ν), and ν ~ Gamma(q, γ) across customers.
 * It is fitted on customers with repeat purchases, from the mean value of those repeats.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** A customer's x repeat transactions (x > 0) and their mean value, or `count` customers alike. */
export interface SpendHistory {
  x: number;
  meanValue: number;
  count: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  ll: number;
  standardErrors: Record<keyof GammaGammaParams, number | null>;
  customers: number;
  isConverged: boolean;
}

/** Histories as typed arrays with their parameter-free logarithms, built once per array. */
interface PackedSpend {
  x: Float64Array;
  mean: Float64Array;
  lnMean: Float64Array;
  lnX: Float64Array;
  count: Float64Array;
  maxX: number;
}
const packed = new WeakMap<readonly SpendHistory[], PackedSpend>();

function pack(histories: readonly SpendHistory[]): PackedSpend {
  let result = packed.get(histories);
  if (!result) {
    const n = histories.length;
    const p: PackedSpend = { x: new Float64Array(n), mean: new Float64Array(n), lnMean: new Float64Array(n), lnX: new Float64Array(n), count: new Float64Array(n), maxX: 0 };
    histories.forEach((h, i) => {
      p.x[i] = h.x;
      p.mean[i] = h.meanValue;
      p.lnMean[i] = Math.log(h.meanValue);
      p.lnX[i] = Math.log(h.x);
      p.count[i] = h.count;
      p.maxX = Math.max(p.maxX, h.x);
    });
    packed.set(histories, p);
    result = p;
  }
  return result;
}

/** Σ count × ln f(m̄_x | p, q, γ, x), equation (3) of the note. */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, histories: readonly SpendHistory[]): number {
  if (!(p > 0 && q > 0 && gamma > 0)) return -Infinity;
  const { x, mean, lnMean, lnX, count, maxX } = pack(histories);
  const constant = q * Math.log(gamma) - gammaln(q);
  // ln Γ(px + q) − ln Γ(px) depends on x alone; computed when first needed.
  const byX = new Float64Array(maxX + 1).fill(NaN);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const px = p * xi;
    let gammas = byX[xi]!;
    if (Number.isNaN(gammas)) {
      gammas = gammaln(px + q) - gammaln(px);
      byX[xi] = gammas;
    }
    total += count[i]! * (constant + gammas + (px - 1) * lnMean[i]! + px * lnX[i]! - (px + q) * Math.log(gamma + xi * mean[i]!));
  }
  return total;
}

/** Only customers with repeat purchases and a positive mean carry information about spend. */
export function usableSpendHistories(histories: readonly SpendHistory[]): SpendHistory[] {
  return histories.filter((h) => h.x > 0 && h.meanValue > 0 && h.count > 0);
}

export function fitGammaGamma(histories: readonly SpendHistory[]): GammaGammaFit {
  const usable = usableSpendHistories(histories);
  const customers = usable.reduce((sum, h) => sum + h.count, 0);
  if (customers === 0) throw new Error('Gamma-Gamma needs at least one customer with repeat purchases');
  const meanSpend = usable.reduce((sum, h) => sum + h.count * h.meanValue, 0) / customers;
  const fit = fitPositiveParameters(([p, q, gamma]) => gammaGammaLogLikelihood({ p: p!, q: q!, gamma: gamma! }, usable), [1, 1, Math.max(meanSpend, 1e-3)]);
  const [p, q, gamma] = fit.params as [number, number, number];
  const [seP, seQ, seGamma] = fit.standardErrors;
  return { params: { p, q, gamma }, ll: fit.ll, standardErrors: { p: seP ?? null, q: seQ ?? null, gamma: seGamma ?? null }, customers, isConverged: fit.isConverged };
}

/**
 * E[M | m̄_x, x]: the expected value of this customer's future transactions, a weighted mean of
 * the population mean and their own (equation 5). Without repeats it is the population mean.
 */
export function expectedAverageValue({ p, q, gamma }: GammaGammaParams, x: number, meanValue: number): number {
  if (x === 0 || !(meanValue > 0)) return (p * gamma) / (q - 1);
  return (p * (gamma + x * meanValue)) / (p * x + q - 1);
}
