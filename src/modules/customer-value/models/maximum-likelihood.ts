import { inverse, Matrix } from 'ml-matrix';

/** The result of a maximum-likelihood fit: the estimates, the maximised log-likelihood and standard errors. */
export interface MaximumLikelihoodFit {
  params: number[];
  ll: number;
  /** From the inverse of the observed information (the Hessian of −ll); null where it is not positive definite. */
  standardErrors: (number | null)[];
  iterations: number;
  isConverged: boolean;
}

const MAX_ITERATIONS = 5000;
const TOLERANCE = 1e-10;

/**
 * Nelder–Mead on a function of a few variables (Lagarias et al. 1998 coefficients). The models
 * here have two to four positive parameters, so a derivative-free simplex on their logarithms is
 * robust, and fast enough because each likelihood evaluation runs over grouped customers.
 */
export function nelderMead(f: (x: number[]) => number, start: number[], step = 0.5): { x: number[]; value: number; iterations: number; isConverged: boolean } {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, value: f(x) }));
  const combine = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i]! - v));
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations++) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    const spread = Math.abs(worst.value - best.value);
    const size = Math.max(...simplex.slice(1).map((p) => Math.max(...p.x.map((v, i) => Math.abs(v - best.x[i]!)))));
    if (spread <= TOLERANCE * (Math.abs(best.value) + TOLERANCE) && size <= 1e-7) return { x: best.x, value: best.value, iterations, isConverged: true };
    const centroid = start.map((_, i) => simplex.slice(0, n).reduce((sum, p) => sum + p.x[i]!, 0) / n);
    const reflected = combine(centroid, worst.x, -1);
    const reflectedValue = f(reflected);
    if (reflectedValue < best.value) {
      const expanded = combine(centroid, worst.x, -2);
      const expandedValue = f(expanded);
      simplex[n] = expandedValue < reflectedValue ? { x: expanded, value: expandedValue } : { x: reflected, value: reflectedValue };
      continue;
    }
    if (reflectedValue < simplex[n - 1]!.value) {
      simplex[n] = { x: reflected, value: reflectedValue };
      continue;
    }
    const isOutside = reflectedValue < worst.value;
    const contracted = isOutside ? combine(centroid, reflected, 0.5) : combine(centroid, worst.x, 0.5);
    const contractedValue = f(contracted);
    if (contractedValue < (isOutside ? reflectedValue : worst.value)) {
      simplex[n] = { x: contracted, value: contractedValue };
      continue;
    }
    simplex = simplex.map((p, i) => (i === 0 ? p : { x: combine(best.x, p.x, 0.5), value: f(combine(best.x, p.x, 0.5)) }));
  }
  simplex.sort((p, q) => p.value - q.value);
  return { x: simplex[0]!.x, value: simplex[0]!.value, iterations, isConverged: false };
}

/** The Hessian of f at x by central differences, with steps relative to each coordinate. */
export function numericHessian(f: (x: number[]) => number, x: number[]): number[][] {
  const n = x.length;
  const h = x.map((v) => 1e-4 * Math.max(Math.abs(v), 1e-3));
  const at = (changes: [number, number][]) => f(x.map((v, i) => v + changes.reduce((sum, [j, d]) => sum + (i === j ? d : 0), 0)));
  const fx = f(x);
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    hessian[i]![i] = (at([[i, h[i]!]]) - 2 * fx + at([[i, -h[i]!]])) / (h[i]! * h[i]!);
    for (let j = 0; j < i; j++) {
      const value = (at([[i, h[i]!], [j, h[j]!]]) - at([[i, h[i]!], [j, -h[j]!]]) - at([[i, -h[i]!], [j, h[j]!]]) + at([[i, -h[i]!], [j, -h[j]!]])) / (4 * h[i]! * h[j]!);
      hessian[i]![j] = value;
      hessian[j]![i] = value;
    }
  }
  return hessian;
}

/**
 * Maximises a log-likelihood over positive parameters: Nelder–Mead on their logarithms, restarted
 * from its own optimum until it stops improving, then standard errors from the observed information.
 */
export function fitPositiveParameters(logLikelihood: (params: number[]) => number, start: number[]): MaximumLikelihoodFit {
  const negativeOnLogScale = (logParams: number[]) => {
    const value = logLikelihood(logParams.map(Math.exp));
    return Number.isFinite(value) ? -value : Number.MAX_VALUE;
  };
  let result = nelderMead(negativeOnLogScale, start.map(Math.log));
  let iterations = result.iterations;
  for (let restart = 0; restart < 5; restart++) {
    const again = nelderMead(negativeOnLogScale, result.x, 0.05);
    iterations += again.iterations;
    const isImproved = again.value < result.value - 1e-9;
    result = again.value <= result.value ? again : result;
    if (!isImproved) break;
  }
  const params = result.x.map(Math.exp);
  const information = numericHessian((p) => -logLikelihood(p), params);
  let standardErrors: (number | null)[] = params.map(() => null);
  try {
    const covariance = inverse(new Matrix(information));
    standardErrors = params.map((_, i) => {
      const variance = covariance.get(i, i);
      return variance > 0 && Number.isFinite(variance) ? Math.sqrt(variance) : null;
    });
  } catch {
    // A singular information matrix leaves the errors unknown; the estimates still stand.
  }
  return { params, ll: -result.value, standardErrors, iterations, isConverged: result.isConverged };
}

/** log(e^a + e^b) without overflow or underflow. */
export function logSumExp(a: number, b: number): number {
  const max = Math.max(a, b);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}
