// Percentile bootstrap for a quantile (e.g. p95 latency), deterministic for a given seed.
import type { Interval } from './types.js';
import { checkLevel } from './validate.js';

/**
 * Quantile of sorted data by linear interpolation between order statistics, as numpy.quantile's default
 * ("linear", Hyndman & Fan type 7): with h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).
 *
 * @param sorted - the data, sorted ascending (not checked)
 * @param q - the quantile's probability, in [0, 1]
 * @returns the q-quantile, or NaN for empty data
 * @throws RangeError when q is outside [0, 1]
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1], got ${q}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  if (i >= n - 1) return sorted[n - 1];
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

/**
 * The mulberry32 pseudo-random generator (Tommy Ettinger, public domain): 32 bits of state, uniform doubles in
 * [0, 1) with 32 random bits each. The state is kept as a 32-bit integer, so the stream does not degrade however
 * many numbers are drawn.
 *
 * @param seed - any number; only its low 32 bits are used
 * @returns a function returning the next uniform number in [0, 1)
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of {@link bootstrapQuantile}. */
export interface BootstrapOptions {
  /** Number of resamples, default 1000. */
  iterations?: number;
  /** Confidence level in (0, 1), default 0.95. */
  level?: number;
  /** PRNG seed, default 1: the same data, options and seed always give the same interval. */
  seed?: number;
}

/**
 * Percentile bootstrap confidence interval for the q-quantile of a sample. Each resample draws n values with
 * replacement (from the sorted data, so the result does not depend on the input order) and takes their q-quantile as
 * {@link quantile} would after sorting them; the bounds are the α/2 and 1 − α/2 quantiles (same interpolation) of
 * those resampled quantiles. No resample is sorted: drawing from sorted data, a resample's k-th smallest value is
 * the sorted value at the k-th smallest drawn index, found by counting the draws per index and walking the counts
 * (O(n) per resample instead of O(n log n); the same intervals, about ten times faster on a report's samples).
 *
 * @param values - the sample (finite numbers); an empty sample gives NaN estimate and bounds
 * @param q - the quantile's probability, in [0, 1] (0.5 median, 0.95 p95)
 * @param opts - iterations (default 1000), level (default 0.95), seed (default 1)
 * @returns estimate = the sample's q-quantile, and the bootstrap interval
 * @throws RangeError on q outside [0, 1], a level outside (0, 1), iterations not a positive integer, or a value that is not finite
 */
export function bootstrapQuantile(values: number[], q: number, opts: BootstrapOptions = {}): Interval {
  const { iterations = 1000, level = 0.95, seed = 1 } = opts;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1], got ${q}`);
  checkLevel(level);
  if (!(Number.isInteger(iterations) && iterations > 0)) throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
  if (!values.every((v) => Number.isFinite(v))) throw new RangeError('values must be finite numbers');
  const n = values.length;
  if (n === 0) return { estimate: NaN, lo: NaN, hi: NaN };
  const sorted = Float64Array.from(values).sort();
  const random = mulberry32(seed);
  const counts = new Uint32Array(n);
  const estimates = new Float64Array(iterations);
  const h = (n - 1) * q;
  const i = Math.floor(h);
  for (let r = 0; r < iterations; r++) {
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[Math.floor(random() * n)]++;
    // The resample's order statistics i and i + 1 (0-based): walk the counts until they cover the rank.
    let k = 0;
    let below = 0;
    while (below + counts[k] <= i) below += counts[k++];
    if (i >= n - 1) {
      estimates[r] = sorted[k];
      continue;
    }
    const a = sorted[k];
    while (below + counts[k] <= i + 1) below += counts[k++];
    estimates[r] = a + (h - i) * (sorted[k] - a);
  }
  estimates.sort();
  const alpha = 1 - level;
  return { estimate: quantile(sorted, q), lo: quantile(estimates, alpha / 2), hi: quantile(estimates, 1 - alpha / 2) };
}
