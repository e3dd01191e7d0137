// Comparisons of two independent samples, for live runs where each request went to one arm.
import { normCdf, tCdf, tQuantile } from './distributions.js';
import { wilsonInterval } from './intervals.js';
import type { Comparison, Summary } from './types.js';
import { checkCount, checkLevel, checkSummary } from './validate.js';

/**
 * Welch's unequal-variance t test of candidate − control, two-sided, with its Welch–Satterthwaite degrees of
 * freedom and t interval for the difference of means.
 *
 * Edge cases: an arm with n < 2 gives p, lo and hi NaN (the estimate is NaN when an arm is empty); when both sds
 * are 0 the standard error is 0, so p = 1 for equal means and 0 otherwise, the interval collapses to the estimate
 * and df is left out (no t distribution is used).
 *
 * @param control - the control arm's size, mean and sample sd
 * @param candidate - the candidate arm's size, mean and sample sd
 * @param level - confidence level in (0, 1), default 0.95
 * @returns estimate = candidate.mean − control.mean, its interval, the two-sided p, df and statistic = t
 * @throws RangeError on a level outside (0, 1), a negative or fractional n, or a negative sd
 */
export function welchTTest(control: Summary, candidate: Summary, level = 0.95): Comparison {
  checkLevel(level);
  checkSummary('control', control);
  checkSummary('candidate', candidate);
  const test = 'Welch t';
  const estimate = control.n > 0 && candidate.n > 0 ? candidate.mean - control.mean : NaN;
  if (control.n < 2 || candidate.n < 2) return { estimate, lo: NaN, hi: NaN, p: NaN, test };
  const v1 = (control.sd * control.sd) / control.n;
  const v2 = (candidate.sd * candidate.sd) / candidate.n;
  const se = Math.sqrt(v1 + v2);
  if (se === 0) return { estimate, lo: estimate, hi: estimate, p: estimate === 0 ? 1 : 0, test };
  const df = ((v1 + v2) * (v1 + v2)) / ((v1 * v1) / (control.n - 1) + (v2 * v2) / (candidate.n - 1));
  const t = estimate / se;
  const half = tQuantile((1 + level) / 2, df) * se;
  return { estimate, lo: estimate - half, hi: estimate + half, p: Math.min(1, 2 * tCdf(-Math.abs(t), df)), test, df, statistic: t };
}

/** Successes `x` out of `n` trials in one arm. */
export interface Proportion {
  x: number;
  n: number;
}

/**
 * Two-proportion z test of candidate − control. The p-value is the two-sided pooled z test (the same as Pearson's
 * chi-square on the 2×2 table without continuity correction); the interval is Newcombe's hybrid score interval
 * (Newcombe 1998, Stat Med 17:873, method 10), built from the Wilson interval of each arm:
 * lo = d − √((p̂₂ − l₂)² + (u₁ − p̂₁)²), hi = d + √((u₂ − p̂₂)² + (p̂₁ − l₁)²), with 1 = control, 2 = candidate.
 *
 * Edge cases: an empty arm gives NaN everywhere; when both arms all pass or all fail the pooled variance is 0 and
 * p = 1 (the statistic is then left out).
 *
 * @param control - the control arm's successes and trials
 * @param candidate - the candidate arm's successes and trials
 * @param level - confidence level in (0, 1), default 0.95
 * @returns estimate = candidate rate − control rate, its Newcombe interval, the two-sided p and statistic = z
 * @throws RangeError on a level outside (0, 1) or counts that are not integers with 0 ≤ x ≤ n
 */
export function twoProportionZTest(control: Proportion, candidate: Proportion, level = 0.95): Comparison {
  checkLevel(level);
  for (const [name, arm] of [
    ['control', control],
    ['candidate', candidate],
  ] as const) {
    checkCount(`${name}.x`, arm.x);
    checkCount(`${name}.n`, arm.n);
    if (arm.x > arm.n) throw new RangeError(`${name}.x (${arm.x}) must not exceed ${name}.n (${arm.n})`);
  }
  const test = 'two-proportion z (pooled)';
  if (control.n === 0 || candidate.n === 0) return { estimate: NaN, lo: NaN, hi: NaN, p: NaN, test };
  const w1 = wilsonInterval(control.x, control.n, level);
  const w2 = wilsonInterval(candidate.x, candidate.n, level);
  const estimate = w2.estimate - w1.estimate;
  const lo = estimate - Math.hypot(w2.estimate - w2.lo, w1.hi - w1.estimate);
  const hi = estimate + Math.hypot(w2.hi - w2.estimate, w1.estimate - w1.lo);
  const pooled = (control.x + candidate.x) / (control.n + candidate.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / candidate.n));
  if (se === 0) return { estimate, lo, hi, p: 1, test };
  const z = estimate / se;
  return { estimate, lo, hi, p: Math.min(1, 2 * normCdf(-Math.abs(z))), test, statistic: z };
}
