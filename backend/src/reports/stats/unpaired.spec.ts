import { twoProportionZTest, welchTTest } from './unpaired.js';

// Computed reference values quoted below are printed by references.py beside this file (python3 references.py).

describe('welchTTest', () => {
  // Scores control = [0.82, 0.91, 0.77, 0.88, 0.95, 0.70, 0.84, 0.79, 0.90, 0.86, 0.81, 0.93] and candidate =
  // [0.92, 0.97, 0.85, 0.99, 0.88, 0.94, 0.96, 0.90, 1.00], summarised with numpy (mean, std ddof=1).
  // Reference: scipy.stats.ttest_ind(candidate, control, equal_var=False) → t = 3.244079005728547,
  // p = 0.004281706096990642, df = 18.94728477747024, confidence_interval(0.95) = (0.03113439697442663,
  // 0.14442115858112883), confidence_interval(0.90) = (0.04098451103598726, 0.1345710445195682); computed
  // 2026-11-25 with scipy 1.17.1.
  const control = { n: 12, mean: 0.8466666666666667, sd: 0.07290508566040861 };
  const candidate = { n: 9, mean: 0.9344444444444444, sd: 0.051017426216713214 };

  it('matches scipy.stats.ttest_ind(equal_var=False): t, p, Welch–Satterthwaite df and 95% interval', () => {
    const r = welchTTest(control, candidate);
    expect(r.test).toBe('Welch t');
    expect(r.estimate).toBeCloseTo(0.9344444444444444 - 0.8466666666666667, 12);
    expect(r.statistic).toBeCloseTo(3.244079005728547, 9);
    expect(r.p).toBeCloseTo(0.004281706096990642, 9);
    expect(r.df).toBeCloseTo(18.94728477747024, 9);
    expect(r.lo).toBeCloseTo(0.03113439697442663, 9);
    expect(r.hi).toBeCloseTo(0.14442115858112883, 9);
  });

  it('matches scipy at 90%, and negates when the arms swap', () => {
    const r = welchTTest(control, candidate, 0.9);
    expect(r.lo).toBeCloseTo(0.04098451103598726, 9);
    expect(r.hi).toBeCloseTo(0.1345710445195682, 9);
    const swapped = welchTTest(candidate, control);
    expect(swapped.statistic).toBeCloseTo(-3.244079005728547, 9);
    expect(swapped.p).toBeCloseTo(0.004281706096990642, 9);
    expect(swapped.lo).toBeCloseTo(-0.14442115858112883, 9);
  });

  it('keeps relative precision for a tiny p (scipy.stats.ttest_ind_from_stats(480, 95, 350, 512, 80, 400, equal_var=False))', () => {
    // → t = −4.950351796184076, p = 9.334749969195943e-07; df 685.5922056441691 and the 95% bounds
    // (−44.69197992483917, −19.308020075160833) from the Welch–Satterthwaite formula with scipy.stats.t.ppf.
    const r = welchTTest({ n: 400, mean: 512, sd: 80 }, { n: 350, mean: 480, sd: 95 });
    expect(r.statistic).toBeCloseTo(-4.950351796184076, 9);
    expect(r.p / 9.334749969195943e-7).toBeCloseTo(1, 9);
    expect(r.df).toBeCloseTo(685.5922056441691, 9);
    expect(r.lo).toBeCloseTo(-44.69197992483917, 9);
    expect(r.hi).toBeCloseTo(-19.308020075160833, 9);
  });

  it('with zero variance in both arms: p = 1 for equal means, p = 0 otherwise, no df', () => {
    expect(welchTTest({ n: 5, mean: 1, sd: 0 }, { n: 7, mean: 1, sd: 0 })).toEqual({ estimate: 0, lo: 0, hi: 0, p: 1, test: 'Welch t' });
    expect(welchTTest({ n: 5, mean: 1, sd: 0 }, { n: 7, mean: 1.5, sd: 0 })).toEqual({ estimate: 0.5, lo: 0.5, hi: 0.5, p: 0, test: 'Welch t' });
  });

  it('with zero variance in one arm only: df is the other arm’s n − 1', () => {
    // scipy.stats.ttest_ind_from_stats(2, 1, 10, 1, 0, 5, equal_var=False): t = 3.162277660168379,
    // p = 0.011507985165943665 (df = 9), computed 2026-11-25 with scipy 1.17.1.
    const r = welchTTest({ n: 5, mean: 1, sd: 0 }, { n: 10, mean: 2, sd: 1 });
    expect(r.df).toBeCloseTo(9, 12);
    expect(r.statistic).toBeCloseTo(3.162277660168379, 9);
    expect(r.p).toBeCloseTo(0.011507985165943665, 9);
  });

  it('with an arm of fewer than two: p and bounds NaN; with an empty arm the estimate is NaN too', () => {
    expect(welchTTest({ n: 1, mean: 3, sd: NaN }, candidate)).toEqual({ estimate: candidate.mean - 3, lo: NaN, hi: NaN, p: NaN, test: 'Welch t' });
    expect(welchTTest({ n: 0, mean: NaN, sd: NaN }, candidate)).toEqual({ estimate: NaN, lo: NaN, hi: NaN, p: NaN, test: 'Welch t' });
  });
});

describe('twoProportionZTest', () => {
  // p and z: statsmodels.stats.proportion.proportions_ztest([x_candidate, x_control], [n_candidate, n_control])
  // (pooled variance; equal to scipy.stats.chi2_contingency(correction=False)); interval:
  // statsmodels.stats.proportion.confint_proportions_2indep(x_candidate, n_candidate, x_control, n_control,
  // method='newcomb', compare='diff', alpha=1 − level), i.e. Newcombe (1998, Stat Med 17:873) method 10.
  // Computed 2026-11-25 with statsmodels 0.15.0, scipy 1.17.1.
  it.each([
    // [control x, n, candidate x, n, level, z, p, lo, hi]
    [48, 80, 56, 70, 0.95, 2.6501719512585336, 0.00804508136819656, 0.05243147240236498, 0.333872654036906],
    [3, 10, 9, 10, 0.95, 2.738612787525831, 0.006169899320544151, 0.17052272393450302, 0.8090179735354881],
    [0, 29, 5, 56, 0.95, 1.6586488692392285, 0.09718656817057973, -0.03813714790353688, 0.19256001385511162],
    [120, 1000, 150, 1000, 0.9, 1.963049807622355, 0.04964038686536878, 0.00485148727560189, 0.05516437930148339],
  ])('control %p/%p vs candidate %p/%p at level %p matches statsmodels', (xc, nc, xk, nk, level, z, p, lo, hi) => {
    const r = twoProportionZTest({ x: xc, n: nc }, { x: xk, n: nk }, level);
    expect(r.test).toBe('two-proportion z (pooled)');
    expect(r.estimate).toBeCloseTo(xk / nk - xc / nc, 12);
    expect(r.statistic).toBeCloseTo(z, 9);
    expect(r.p).toBeCloseTo(p, 9);
    expect(r.lo).toBeCloseTo(lo, 9);
    expect(r.hi).toBeCloseTo(hi, 9);
  });

  it('keeps relative precision for a tiny p (300/2000 vs 420/2000: statsmodels p = 7.866606982436422e-07)', () => {
    const r = twoProportionZTest({ x: 300, n: 2000 }, { x: 420, n: 2000 });
    expect(r.p / 7.866606982436422e-7).toBeCloseTo(1, 9);
    expect(r.lo).toBeCloseTo(0.03622731066609837, 9);
    expect(r.hi).toBeCloseTo(0.08372382061454739, 9);
  });

  it('all fail (or all pass) in both arms: p = 1, no statistic, the Newcombe interval still defined', () => {
    // statsmodels confint_proportions_2indep(0, 10, 0, 20, method='newcomb') → (−0.16112515805281938,
    // 0.2775327998628892) for candidate 0/10 minus control 0/20; (10, 10, 20, 20) → (−0.27753279986288937,
    // 0.16112515805281957) for candidate 10/10 minus control 20/20.
    const none = twoProportionZTest({ x: 0, n: 20 }, { x: 0, n: 10 });
    expect(none).toEqual({
      estimate: 0,
      lo: expect.closeTo(-0.16112515805281938, 9),
      hi: expect.closeTo(0.2775327998628892, 9),
      p: 1,
      test: 'two-proportion z (pooled)',
    });
    const all = twoProportionZTest({ x: 20, n: 20 }, { x: 10, n: 10 });
    expect(all).toEqual({
      estimate: 0,
      lo: expect.closeTo(-0.27753279986288937, 9),
      hi: expect.closeTo(0.16112515805281957, 9),
      p: 1,
      test: 'two-proportion z (pooled)',
    });
  });

  it('with an empty arm: NaN everywhere', () => {
    expect(twoProportionZTest({ x: 0, n: 0 }, { x: 3, n: 10 })).toEqual({ estimate: NaN, lo: NaN, hi: NaN, p: NaN, test: 'two-proportion z (pooled)' });
  });

  it('refuses x above n and fractional counts', () => {
    expect(() => twoProportionZTest({ x: 11, n: 10 }, { x: 3, n: 10 })).toThrow(RangeError);
    expect(() => twoProportionZTest({ x: 1, n: 10 }, { x: 0.5, n: 10 })).toThrow(RangeError);
  });
});
