// Confidence intervals for one sample: a mean (Student's t) and a proportion (Wilson score).
import { normQuantile, tQuantile } from './distributions.js';
import type { Interval, Summary } from './types.js';
import { checkCount, checkLevel, checkSummary } from './validate.js';

/**
 * Two-sided Student's t confidence interval for a mean: mean ± t(1 − α/2, n − 1) · sd / √n.
 *
 * With fewer than two observations there is no standard deviation, so the bounds are NaN (the estimate is the
 * single value for n = 1 and NaN for n = 0). With sd = 0 the interval collapses to the mean.
 *
 * @param s - the sample's size, mean and sample standard deviation
 * @param level - confidence level in (0, 1), default 0.95
 * @returns the mean and its interval
 * @throws RangeError on a level outside (0, 1), a negative or fractional n, or a negative sd
 */
export function meanInterval(s: Summary, level = 0.95): Interval {
  checkLevel(level);
  checkSummary('s', s);
  const estimate = s.n > 0 ? s.mean : NaN;
  if (s.n < 2) return { estimate, lo: NaN, hi: NaN };
  const half = (tQuantile((1 + level) / 2, s.n - 1) * s.sd) / Math.sqrt(s.n);
  return { estimate, lo: s.mean - half, hi: s.mean + half };
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, Stat Med 17:857, method 3): the
 * set of π for which |p̂ − π| ≤ z·√(π(1 − π)/n), without continuity correction. Bounds stay within [0, 1] and are
 * exactly 0 when there are no successes and exactly 1 when every trial succeeded.
 *
 * @param successes - number of successes, an integer in [0, n]
 * @param n - number of trials; for n = 0 the estimate and bounds are NaN
 * @param level - confidence level in (0, 1), default 0.95
 * @returns the observed proportion and its interval
 * @throws RangeError on a level outside (0, 1) or counts that are not integers with 0 ≤ successes ≤ n
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): Interval {
  checkLevel(level);
  checkCount('successes', successes);
  checkCount('n', n);
  if (successes > n) throw new RangeError(`successes (${successes}) must not exceed n (${n})`);
  if (n === 0) return { estimate: NaN, lo: NaN, hi: NaN };
  const z = normQuantile((1 + level) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return {
    estimate: p,
    lo: successes === 0 ? 0 : Math.max(0, centre - half),
    hi: successes === n ? 1 : Math.min(1, centre + half),
  };
}
