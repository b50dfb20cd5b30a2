import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { fitPositiveParameters } from './maximum-likelihood.ts';

/**
 * The shifted-beta-geometric retention model for contracts and subscriptions (Fader & Hardie 2007,
 * "How to Project Customer Retention"): each customer churns at the end of a period with
 * probability θ ~ Beta(α, β), so a cohort's retention rate rises as the likelier leavers go first.
 */
export interface SbgParams {
  alpha: number;
  beta: number;
}

export interface SbgFit {
  params: SbgParams;
  ll: number;
  standardErrors: Record<keyof SbgParams, number | null>;
  isConverged: boolean;
}

/** P(T = t) for t = 1…n, by the recursion of equation (7). */
function churnProbabilities({ alpha, beta }: SbgParams, periods: number): number[] {
  const probabilities: number[] = [];
  for (let t = 1; t <= periods; t++) {
    probabilities.push(t === 1 ? alpha / (alpha + beta) : (probabilities[t - 2]! * (beta + t - 2)) / (alpha + beta + t - 1));
  }
  return probabilities;
}

/** S(t) for t = 0…n: the share of the cohort still customers after t periods. */
export function survival(params: SbgParams, periods: number): number[] {
  const survivors = [1];
  for (const probability of churnProbabilities(params, periods)) survivors.push(survivors[survivors.length - 1]! - probability);
  return survivors;
}

/** Retention rate from period t − 1 to t: (β + t − 1) / (α + β + t − 1), equation (8). */
export function retentionRate({ alpha, beta }: SbgParams, t: number): number {
  return (beta + t - 1) / (alpha + beta + t - 1);
}

/**
 * The log-likelihood of a cohort's survivor counts n_0 ≥ n_1 ≥ … ≥ n_k (equation 9): those lost in
 * each period churned then, and those left at the end have survived k periods.
 */
export function sbgLogLikelihood(params: SbgParams, survivors: readonly number[]): number {
  if (!(params.alpha > 0 && params.beta > 0)) return -Infinity;
  const periods = survivors.length - 1;
  const probabilities = churnProbabilities(params, periods);
  let ll = 0;
  for (let t = 1; t <= periods; t++) ll += (survivors[t - 1]! - survivors[t]!) * Math.log(probabilities[t - 1]!);
  const stillThere = 1 - probabilities.reduce((sum, p) => sum + p, 0);
  return ll + survivors[periods]! * Math.log(stillThere);
}

export function validateSurvivors(survivors: readonly number[]): string | null {
  if (survivors.length < 2) return 'at least two counts are needed: the cohort and the survivors after one period';
  if (survivors.some((n) => !Number.isInteger(n) || n < 0)) return 'counts must be whole numbers of at least zero';
  if (survivors[0] === 0) return 'the cohort must not be empty';
  for (let t = 1; t < survivors.length; t++) if (survivors[t]! > survivors[t - 1]!) return `count ${t + 1} (${survivors[t]}) is above the count before it`;
  return null;
}

export function fitSbg(survivors: readonly number[]): SbgFit {
  const problem = validateSurvivors(survivors);
  if (problem) throw new Error(problem);
  const fit = fitPositiveParameters(([alpha, beta]) => sbgLogLikelihood({ alpha: alpha!, beta: beta! }, survivors), [1, 1]);
  const [alpha, beta] = fit.params as [number, number];
  return { params: { alpha, beta }, ll: fit.ll, standardErrors: { alpha: fit.standardErrors[0] ?? null, beta: fit.standardErrors[1] ?? null }, isConverged: fit.isConverged };
}

/**
 * Discounted expected lifetime of a new customer, in periods, counting the first: Σ S(t)/(1+d)^t
 * = ₂F₁(1, β; α+β; 1/(1+d)) (Fader & Hardie 2010, "Customer-Base Valuation in a Contractual Setting").
 * With no discount it is finite only for α > 1: (α + β − 1)/(α − 1).
 */
export function expectedLifetime({ alpha, beta }: SbgParams, discountRate = 0): number {
  if (discountRate <= 0) return alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : Infinity;
  return hyp2f1(1, beta, alpha + beta, 1 / (1 + discountRate));
}
