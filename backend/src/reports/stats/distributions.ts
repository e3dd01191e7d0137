// Distribution functions used by the tests and intervals, as thin wrappers over stdlib-js (ports of Boost/Cephes,
// accurate to ~1e-15 relative; checked against scipy in distributions.spec.ts). The wrappers pin down the edges
// stdlib leaves open: the normal quantile is taken from erfcinv, not stdlib's normal quantile (which goes through
// erfinv(2p − 1) and loses the lower tail: −Infinity below p ≈ 1e-17); the t functions fall back to the normal
// for huge df (stdlib's t quantile returns 0 for df ≥ 1e17, its CDF 0.5 for df = Infinity); the chi-square upper
// tail comes from the upper incomplete gamma, so tiny p-values keep their relative precision.
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import stdlibBinomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import stdlibTCdf from '@stdlib/stats-base-dists-t-cdf';
import stdlibTQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Above this many degrees of freedom Student's t is the standard normal to within ~1e-14. */
const NORMAL_DF = 1e14;

/**
 * Standard normal cumulative distribution function, P(Z ≤ x).
 *
 * @param x - the point
 * @returns the probability; accurate in relative terms far into the lower tail (e.g. x = −30)
 */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Standard normal quantile (inverse CDF).
 *
 * @param p - probability in [0, 1]
 * @returns z with P(Z ≤ z) = p; −Infinity at 0, Infinity at 1, NaN outside [0, 1]
 */
export function normQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  return -Math.SQRT2 * erfcinv(2 * p) + 0; // `+ 0` turns −0 (at p = 0.5) into 0
}

/**
 * Student's t cumulative distribution function, P(T ≤ x) with `df` degrees of freedom.
 *
 * @param x - the point
 * @param df - degrees of freedom, > 0 (need not be an integer; Infinity gives the normal)
 * @returns the probability, or NaN when `df` ≤ 0 or an argument is NaN
 */
export function tCdf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  return df > NORMAL_DF ? normCdf(x) : stdlibTCdf(x, df);
}

/**
 * Student's t quantile (inverse CDF) with `df` degrees of freedom.
 *
 * @param p - probability in [0, 1]
 * @param df - degrees of freedom, > 0 (need not be an integer; Infinity gives the normal)
 * @returns t with P(T ≤ t) = p, or NaN when `df` ≤ 0 or `p` is outside [0, 1]
 */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  return df > NORMAL_DF ? normQuantile(p) : stdlibTQuantile(p, df);
}

/**
 * Chi-square survival function, P(X > x) with `df` degrees of freedom: the p-value of a chi-square statistic.
 * Computed as the regularized upper incomplete gamma Q(df/2, x/2), so tiny p-values keep their relative precision.
 *
 * @param x - the statistic
 * @param df - degrees of freedom, > 0
 * @returns the upper-tail probability (1 for x ≤ 0), or NaN when `df` ≤ 0 or an argument is NaN
 */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return gammainc(x / 2, df / 2, true, true);
}

/**
 * Binomial cumulative distribution function, P(X ≤ k) for X ~ Binomial(n, p).
 *
 * @param k - the point (a non-integer is floored; below 0 gives 0, n or more gives 1)
 * @param n - number of trials, a non-negative integer
 * @param p - success probability in [0, 1]
 * @returns the probability, or NaN when `n` or `p` is invalid
 */
export function binomialCdf(k: number, n: number, p: number): number {
  return stdlibBinomialCdf(k, n, p);
}
