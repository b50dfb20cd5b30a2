import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { fitPositiveParameters, logSumExp } from './maximum-likelihood.ts';

/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while
 * active, a customer buys at Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b). Equation numbers below are the paper's.
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * One customer's calibration history, or a group of identical ones: x repeat purchases, the last at
 * t_x, observed for T (time units since the first purchase).
 */
export interface RepeatHistory {
  x: number;
  tx: number;
  T: number;
  /** How many customers share this history (1 when not grouped). */
  count: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  ll: number;
  standardErrors: Record<keyof BgNbdParams, number | null>;
  customers: number;
  isConverged: boolean;
}

/** Histories laid out as typed arrays for the likelihood's hot loop, built once per array of histories. */
interface PackedHistories {
  x: Int32Array;
  tx: Float64Array;
  T: Float64Array;
  count: Float64Array;
  maxX: number;
}
const packed = new WeakMap<readonly RepeatHistory[], PackedHistories>();

function pack(histories: readonly RepeatHistory[]): PackedHistories {
  let result = packed.get(histories);
  if (!result) {
    const n = histories.length;
    result = { x: new Int32Array(n), tx: new Float64Array(n), T: new Float64Array(n), count: new Float64Array(n), maxX: 0 };
    histories.forEach((h, i) => {
      result!.x[i] = h.x;
      result!.tx[i] = h.tx;
      result!.T[i] = h.T;
      result!.count[i] = h.count;
      result!.maxX = Math.max(result!.maxX, h.x);
    });
    packed.set(histories, result);
  }
  return result;
}

/** Σ count × ln L(r, α, a, b | x, t_x, T), equation (6) with the two terms joined by log-sum-exp. */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, histories: readonly RepeatHistory[]): number {
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return -Infinity;
  const { x, tx, T, count, maxX } = pack(histories);
  const lnBetaAB = betaln(a, b);
  const lnGammaR = gammaln(r);
  const lnAlpha = Math.log(alpha);
  // Terms that depend on x alone, shared by every customer with that x; computed when first needed.
  const common = new Float64Array(maxX + 1).fill(NaN);
  const survived = new Float64Array(maxX + 1);
  const droppedOut = new Float64Array(maxX + 1);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (Number.isNaN(common[xi]!)) {
      common[xi] = gammaln(r + xi) - lnGammaR + r * lnAlpha;
      survived[xi] = betaln(a, b + xi) - lnBetaAB;
      droppedOut[xi] = xi > 0 ? betaln(a + 1, b + xi - 1) - lnBetaAB : -Infinity;
    }
    const stillActive = survived[xi]! - (r + xi) * Math.log(alpha + T[i]!);
    if (xi === 0) {
      total += count[i]! * (common[xi]! + stillActive);
      continue;
    }
    const goneAfterLast = droppedOut[xi]! - (r + xi) * Math.log(alpha + tx[i]!);
    total += count[i]! * (common[xi]! + logSumExp(stillActive, goneAfterLast));
  }
  return total;
}

/** Maximum-likelihood estimates of r, α, a, b from grouped calibration histories. */
export function fitBgNbd(histories: readonly RepeatHistory[], start?: BgNbdParams): BgNbdFit {
  const customers = histories.reduce((sum, h) => sum + h.count, 0);
  if (customers === 0) throw new Error('BG/NBD needs at least one customer');
  // α scales with the time unit; starting near the mean observation time keeps the simplex well shaped.
  const meanT = histories.reduce((sum, h) => sum + h.count * h.T, 0) / customers;
  const initial = start ? [start.r, start.alpha, start.a, start.b] : [1, Math.max(meanT / 4, 1e-3), 1, 1];
  const fit = fitPositiveParameters(([r, alpha, a, b]) => bgNbdLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, histories), initial);
  const [r, alpha, a, b] = fit.params as [number, number, number, number];
  const [seR, seAlpha, seA, seB] = fit.standardErrors;
  return {
    params: { r, alpha, a, b },
    ll: fit.ll,
    standardErrors: { r: seR ?? null, alpha: seAlpha ?? null, a: seA ?? null, b: seB ?? null },
    customers,
    isConverged: fit.isConverged,
  };
}

/** P(alive | x, t_x, T): the chance the customer has not yet dropped out (equation A10 in the technical note). */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: Omit<RepeatHistory, 'count'>): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, t_x, T] / P(alive | x, t_x, T): the purchases expected in the next t time units of a
 * customer known to be still active. It depends on x and T only, so a scoring pass computes it once
 * per distinct (x, T) and multiplies by each customer's P(alive).
 */
export function expectedPurchasesIfAlive({ r, alpha, a, b }: BgNbdParams, x: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const hypergeometric = hyp2f1(r + x, b + x, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * (1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hypergeometric);
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units (equation 10). */
export function expectedPurchases(params: BgNbdParams, history: Omit<RepeatHistory, 'count'>, t: number): number {
  return expectedPurchasesIfAlive(params, history.x, history.T, t) * probabilityAlive(params, history);
}

/** E[X(t)]: expected purchases of a new customer in their first t time units (equation 9). */
export function expectedPurchasesOfNewCustomer({ r, alpha, a, b }: BgNbdParams, t: number): number {
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.exp(r * Math.log(alpha / (alpha + t))) * hyp2f1(r, b, a + b - 1, z));
}
