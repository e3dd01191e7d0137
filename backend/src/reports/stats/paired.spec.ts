import { mcnemarExact, pairedTTest } from './paired.js';

// Computed reference values quoted below are printed by references.py beside this file (python3 references.py).

describe('pairedTTest', () => {
  // Student's (1908) sleep data (R datasets::sleep): extra hours of sleep with drug 2 minus drug 1 for 10 patients,
  // differences 1.2, 2.4, 1.3, 1.3, 0, 1, 1.8, 0.8, 4.6, 1.4 (mean 1.58, sd 1.2299954832798732). Reference:
  // scipy.stats.ttest_rel(drug2, drug1) → t = 4.062127683382037, p = 0.002832890197384273, df = 9,
  // confidence_interval(0.95) = (0.7001142367230175, 2.459885763276983), confidence_interval(0.99) =
  // (0.31594811489517505, 2.8440518851048253); computed 2026-11-25 with scipy 1.17.1: the t = 4.0621,
  // p = 0.002833 usually quoted for this data set.
  const sleep = { n: 10, mean: 1.58, sd: 1.2299954832798732 };

  it('reproduces the sleep data: t = 4.0621, p = 0.002833, 95% CI (0.7001, 2.4599)', () => {
    const r = pairedTTest(sleep);
    expect(r.test).toBe('paired t');
    expect(r.df).toBe(9);
    expect(r.estimate).toBe(1.58);
    expect(r.statistic).toBeCloseTo(4.062127683382037, 9);
    expect(r.p).toBeCloseTo(0.002832890197384273, 9);
    expect(r.lo).toBeCloseTo(0.7001142367230175, 9);
    expect(r.hi).toBeCloseTo(2.459885763276983, 9);
  });

  it('uses the level for the interval only (99%: scipy (0.31594811489517505, 2.8440518851048253))', () => {
    const r = pairedTTest(sleep, 0.99);
    expect(r.p).toBeCloseTo(0.002832890197384273, 9);
    expect(r.lo).toBeCloseTo(0.31594811489517505, 9);
    expect(r.hi).toBeCloseTo(2.8440518851048253, 9);
  });

  it('is symmetric: swapping the arms negates the estimate and interval, keeps p', () => {
    const r = pairedTTest({ ...sleep, mean: -1.58 });
    expect(r.estimate).toBe(-1.58);
    expect(r.lo).toBeCloseTo(-2.459885763276983, 9);
    expect(r.hi).toBeCloseTo(-0.7001142367230175, 9);
    expect(r.p).toBeCloseTo(0.002832890197384273, 9);
  });

  it('with zero variance: p = 1 for a zero mean difference, p = 0 otherwise, the interval collapsed', () => {
    expect(pairedTTest({ n: 8, mean: 0, sd: 0 })).toEqual({ estimate: 0, lo: 0, hi: 0, p: 1, test: 'paired t', df: 7 });
    expect(pairedTTest({ n: 8, mean: 0.25, sd: 0 })).toEqual({ estimate: 0.25, lo: 0.25, hi: 0.25, p: 0, test: 'paired t', df: 7 });
  });

  it('with fewer than two pairs: p and bounds NaN', () => {
    expect(pairedTTest({ n: 1, mean: 0.5, sd: NaN })).toEqual({ estimate: 0.5, lo: NaN, hi: NaN, p: NaN, test: 'paired t' });
    expect(pairedTTest({ n: 0, mean: NaN, sd: NaN })).toEqual({ estimate: NaN, lo: NaN, hi: NaN, p: NaN, test: 'paired t' });
  });
});

describe('mcnemarExact', () => {
  // p: scipy.stats.binomtest(b, b + c, 0.5).pvalue (two-sided, exact), computed 2026-11-25 with scipy 1.17.1.
  // Interval: Newcombe (1998, Stat Med 17:2635) method 10. I could not recall the paper's own worked numbers, so
  // the bounds are checked (1) against an independent Python implementation written from the paper's formula
  // (Wilson limits as roots of the score quadratic via numpy.roots, the continuity-corrected phi, square-and-add:
  // newcombe_paired in references.py beside this file, run 2026-11-25 with numpy 2.4.6, scipy 1.17.1), and (2) for
  // the Cavo et al. (2012) table, against
  // the 4-decimal result published by Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables"
  // (2017), ch. 8, as asserted in the R package contingencytables (tests/testthat/test-ch8.R): estimate −0.0621,
  // 95% CI −0.1186 to −0.0046 for first − second, i.e. 0.0046 to 0.1186 for candidate − control here.

  it('reproduces the Cavo et al. table (a = 59, b = 6, c = 16, d = 80): Fagerland et al. 0.0621 (0.0046 to 0.1186)', () => {
    const r = mcnemarExact(6, 16, 161, 59);
    expect(r.test).toBe('McNemar exact');
    expect(r.estimate).toBeCloseTo(10 / 161, 12);
    // Published to 4 decimals, so agreement to their rounding (±5e-5) ...
    expect(Math.abs(r.estimate - 0.0621)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(r.lo - 0.0046)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(r.hi - 0.1186)).toBeLessThanOrEqual(5e-5);
    // ... and to 1e-9 with the independent Python implementation and scipy.stats.binomtest(6, 22).
    expect(r.lo).toBeCloseTo(0.0046251139330501095, 9);
    expect(r.hi).toBeCloseTo(0.1186211956387099, 9);
    expect(r.p).toBeCloseTo(0.052478790283203125, 9);
  });

  it.each([
    // [a, b, c, d, level, p (scipy binomtest), lo, hi (independent Python implementation)]
    [10, 2, 9, 4, 0.95, 0.0654296875, 0.021426833652845034, 0.4914725150574108],
    [30, 0, 5, 15, 0.9, 0.0625, 0.022727175106014075, 0.17616515860676324],
    [40, 10, 10, 40, 0.95, 1, -0.08813985831317744, 0.08813985831317744],
    [12, 3, 1, 0, 0.95, 0.625, -0.37912857460072186, 0.1399320037010507],
  ])('a=%p b=%p c=%p d=%p at level %p matches binomtest and the Python implementation', (a, b, c, d, level, p, lo, hi) => {
    const r = mcnemarExact(b, c, a + b + c + d, a, level);
    expect(r.estimate).toBeCloseTo((c - b) / (a + b + c + d), 12);
    expect(r.p).toBeCloseTo(p, 9);
    expect(r.lo).toBeCloseTo(lo, 9);
    expect(r.hi).toBeCloseTo(hi, 9);
  });

  it('keeps relative precision for a tiny p (a=3 b=1 c=30 d=2: binomtest p = 2.9802322387695312e-08)', () => {
    const r = mcnemarExact(1, 30, 36, 3);
    expect(r.p / 2 ** -25).toBeCloseTo(1, 9); // exactly 2·(1 + 31)/2³¹ = 2⁻²⁵
    expect(r.lo).toBeCloseTo(0.5897922729533972, 9);
    expect(r.hi).toBeCloseTo(0.900607912641845, 9);
  });

  it('has p = 1 when no pair is discordant, and p ≤ 1 always', () => {
    expect(mcnemarExact(0, 0, 10, 4).p).toBe(1);
    expect(mcnemarExact(3, 3, 10, 4).p).toBe(1);
    expect(mcnemarExact(3, 4, 10, 1).p).toBe(1);
  });

  it('all pass in both arms: estimate 0, p = 1, interval ± the Wilson margin (Python implementation: ±0.16112515805282013)', () => {
    const r = mcnemarExact(0, 0, 20, 20);
    expect(r.estimate).toBe(0);
    expect(r.p).toBe(1);
    expect(r.lo).toBeCloseTo(-0.16112515805282013, 9);
    expect(r.hi).toBeCloseTo(0.16112515805282013, 9);
  });

  it('with no pairs: estimate and bounds NaN, p = 1', () => {
    expect(mcnemarExact(0, 0, 0, 0)).toEqual({ estimate: NaN, lo: NaN, hi: NaN, p: 1, test: 'McNemar exact' });
  });

  it('refuses inconsistent counts and a level passed in the place of the concordant count', () => {
    expect(() => mcnemarExact(5, 6, 10, 0)).toThrow(RangeError);
    expect(() => mcnemarExact(1, 2, 10, 8)).toThrow(RangeError);
    expect(() => mcnemarExact(1, 2, 10, 0.95)).toThrow(RangeError);
    expect(() => mcnemarExact(-1, 2, 10, 3)).toThrow(RangeError);
    expect(() => mcnemarExact(1, 2, 10, 3, 0)).toThrow(RangeError);
  });
});
