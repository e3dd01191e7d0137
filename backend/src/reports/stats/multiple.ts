// Adjustment of p-values for multiple comparisons.

/**
 * Holm's (1979) step-down adjustment of p-values, controlling the family-wise error rate. Sorting the m p-values
 * ascending, the i-th smallest (1-based) becomes max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎); the results are
 * returned in the input order, are monotone in the input p-values and never exceed 1.
 *
 * A NaN p-value stands for a test that could not be run (e.g. too few observations): it stays NaN and does not
 * count towards m.
 *
 * @param pValues - p-values in [0, 1], or NaN
 * @returns the adjusted p-values, in the same order (empty for an empty input)
 * @throws RangeError when a p-value is outside [0, 1]
 */
export function holm(pValues: number[]): number[] {
  for (const p of pValues) {
    if (!Number.isNaN(p) && !(p >= 0 && p <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${p}`);
  }
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p || x.i - y.i);
  const adjusted: number[] = pValues.map(() => NaN);
  const m = order.length;
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
