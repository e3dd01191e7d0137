// Paired comparisons, for dataset runs where control and candidate answered the same items.
import { binomialCdf, tCdf, tQuantile } from './distributions.js';
import { wilsonInterval } from './intervals.js';
import type { Comparison, Summary } from './types.js';
import { checkCount, checkLevel, checkSummary } from './validate.js';

/**
 * Paired t test on per-item differences (candidate − control), two-sided, with the t interval for the mean
 * difference.
 *
 * Edge cases: n < 2 gives p, lo and hi NaN (no variance estimate); sd = 0 gives p = 1 when the mean difference is
 * 0 and p = 0 otherwise, with the interval collapsed to the mean.
 *
 * @param diff - size, mean and sample sd of the per-item differences candidate − control
 * @param level - confidence level in (0, 1), default 0.95
 * @returns estimate = mean difference, its t interval, the two-sided p, df = n − 1 and statistic = t
 * @throws RangeError on a level outside (0, 1), a negative or fractional n, or a negative sd
 */
export function pairedTTest(diff: Summary, level = 0.95): Comparison {
  checkLevel(level);
  checkSummary('diff', diff);
  const test = 'paired t';
  const { n, mean, sd } = diff;
  if (n < 2) return { estimate: n > 0 ? mean : NaN, lo: NaN, hi: NaN, p: NaN, test };
  const df = n - 1;
  const se = sd / Math.sqrt(n);
  if (se === 0) return { estimate: mean, lo: mean, hi: mean, p: mean === 0 ? 1 : 0, test, df };
  const t = mean / se;
  const half = tQuantile((1 + level) / 2, df) * se;
  return { estimate: mean, lo: mean - half, hi: mean + half, p: Math.min(1, 2 * tCdf(-Math.abs(t), df)), test, df, statistic: t };
}

/**
 * Exact McNemar test for paired pass/fail outcomes, with Newcombe's interval for the difference of the paired
 * proportions (Newcombe 1998, Stat Med 17:2635, method 10: the Wilson score intervals of the two marginal
 * proportions combined "square-and-add" with the continuity-corrected phi correlation of the 2×2 table).
 *
 * The pairs form a table: a = both pass, b = control passes and candidate fails, c = control fails and candidate
 * passes, d = n − a − b − c = both fail. The p-value is the exact two-sided binomial test of b against
 * Binomial(b + c, ½): min(1, 2·P(X ≤ min(b, c))), no mid-p; with no discordant pairs p = 1. The estimate is the
 * candidate's pass rate minus the control's, (c − b)/n. The interval needs the concordant split (a versus d) as
 * well as b, c and n, because it depends on both marginal pass rates.
 *
 * @param b - pairs where the control passes and the candidate fails
 * @param c - pairs where the control fails and the candidate passes
 * @param n - all pairs; for n = 0 the estimate and bounds are NaN (p = 1)
 * @param a - pairs where both pass
 * @param level - confidence level in (0, 1), default 0.95
 * @returns estimate = (c − b)/n, its Newcombe interval, the exact two-sided p
 * @throws RangeError on a level outside (0, 1), counts that are not non-negative integers, or a + b + c > n
 */
export function mcnemarExact(b: number, c: number, n: number, a: number, level = 0.95): Comparison {
  checkLevel(level);
  checkCount('b', b);
  checkCount('c', c);
  checkCount('n', n);
  checkCount('a', a);
  if (a + b + c > n) throw new RangeError(`a + b + c (${a + b + c}) must not exceed n (${n})`);
  const test = 'McNemar exact';
  const p = b + c === 0 ? 1 : Math.min(1, 2 * binomialCdf(Math.min(b, c), b + c, 0.5));
  if (n === 0) return { estimate: NaN, lo: NaN, hi: NaN, p, test };
  const d = n - a - b - c;
  const control = wilsonInterval(a + b, n, level);
  const candidate = wilsonInterval(a + c, n, level);
  const phi = correctedPhi(a, b, c, d);
  const estimate = candidate.estimate - control.estimate;
  const down = squareAndAdd(candidate.estimate - candidate.lo, control.hi - control.estimate, phi);
  const up = squareAndAdd(candidate.hi - candidate.estimate, control.estimate - control.lo, phi);
  return { estimate, lo: estimate - down, hi: estimate + up, p, test };
}

/** √(x² − 2φxy + y²): the half-width that combines a margin of each proportion, given their correlation φ. */
function squareAndAdd(x: number, y: number, phi: number): number {
  return Math.sqrt(Math.max(0, x * x - 2 * phi * x * y + y * y));
}

/**
 * Newcombe's (1998) continuity-corrected phi coefficient of the paired table [[a, b], [c, d]]: with A = ad − bc,
 * it is (A − n/2)/√(product of the margins) when A > n/2, 0 when 0 ≤ A ≤ n/2, and A/√(…) when A < 0; 0 when a
 * margin is empty.
 */
function correctedPhi(a: number, b: number, c: number, d: number): number {
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  if (margins === 0) return 0;
  const half = (a + b + c + d) / 2;
  const cross = a * d - b * c;
  const corrected = cross > half ? cross - half : cross >= 0 ? 0 : cross;
  return corrected / Math.sqrt(margins);
}
