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

/** Σ count × ln f(m̄_x | p, q, γ, x), equation (3) of the note. */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, histories: readonly SpendHistory[]): number {
  if (!(p > 0 && q > 0 && gamma > 0)) return -Infinity;
  const constant = q * Math.log(gamma) - gammaln(q);
  let total = 0;
  for (const { x, meanValue, count } of histories) {
    const px = p * x;
    total += count * (constant + gammaln(px + q) - gammaln(px) + (px - 1) * Math.log(meanValue) + px * Math.log(x) - (px + q) * Math.log(gamma + x * meanValue));
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
