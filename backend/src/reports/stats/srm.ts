// Sample ratio mismatch: does the traffic split between arms match the configured weights?
import { chiSquareSf } from './distributions.js';

/** Result of a sample-ratio-mismatch check. */
export interface SampleRatioMismatch {
  /** Pearson's chi-square statistic. */
  chi2: number;
  /** Degrees of freedom: the number of arms with a positive weight, minus one (never below 0). */
  df: number;
  /** Upper-tail chi-square p-value. */
  p: number;
  /** True when p < 0.001, the conventional alarm threshold for a broken split. */
  mismatch: boolean;
}

/** The p-value below which a split is reported as a mismatch. */
export const SRM_THRESHOLD = 0.001;

/**
 * Chi-square goodness-of-fit test of the observed arm counts against the configured weights (expected count of
 * arm i = total · wᵢ / Σw), as scipy.stats.chisquare does.
 *
 * Edge cases: an arm with weight 0 and no observations is left out (it adds nothing and takes no degree of
 * freedom); an arm with weight 0 that received traffic makes chi2 Infinity and p 0, a mismatch. With no
 * observations at all, or a single arm with a positive weight that got all the traffic, there is nothing to test:
 * p = 1, no mismatch.
 *
 * @param observed - count per arm, non-negative
 * @param weights - configured weight per arm (any scale), non-negative, same length as `observed`
 * @returns the statistic, degrees of freedom, p-value and whether p < 0.001
 * @throws RangeError when the lengths differ, a value is negative or not finite, or every weight is 0
 */
export function sampleRatioMismatch(observed: number[], weights: number[]): SampleRatioMismatch {
  if (observed.length !== weights.length) throw new RangeError(`observed has ${observed.length} arms, weights ${weights.length}`);
  for (const v of [...observed, ...weights]) {
    if (!(v >= 0 && Number.isFinite(v))) throw new RangeError(`counts and weights must be finite and non-negative, got ${v}`);
  }
  const total = observed.reduce((s, o) => s + o, 0);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  if (observed.length > 0 && weightSum === 0) throw new RangeError('at least one weight must be positive');
  const df = Math.max(0, weights.filter((w) => w > 0).length - 1);
  if (total === 0) return { chi2: 0, df, p: 1, mismatch: false };
  let chi2 = 0;
  observed.forEach((o, i) => {
    const expected = (total * weights[i]) / weightSum;
    if (expected === 0) chi2 += o > 0 ? Infinity : 0;
    else chi2 += ((o - expected) * (o - expected)) / expected;
  });
  if (chi2 === Infinity) return { chi2, df, p: 0, mismatch: true };
  if (df === 0) return { chi2, df, p: 1, mismatch: false };
  const p = chiSquareSf(chi2, df);
  return { chi2, df, p, mismatch: p < SRM_THRESHOLD };
}
