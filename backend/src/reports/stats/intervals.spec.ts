import { meanInterval, wilsonInterval } from './intervals.js';

// Computed reference values quoted below are printed by references.py beside this file (python3 references.py).

describe('meanInterval', () => {
  // Sample [12.1, 9.8, 11.4, 10.2, 13.5, 10.9, 11.7]: numpy mean 11.371428571428572, sd (ddof=1) 1.24058358003305;
  // scipy.stats.t.interval(level, 6, loc=mean, scale=scipy.stats.sem(x)), computed 2026-11-25 with scipy 1.17.1.
  const s = { n: 7, mean: 11.371428571428572, sd: 1.24058358003305 };

  it('matches scipy.stats.t.interval at 95%: (10.224080122001826, 12.518777020855318)', () => {
    const r = meanInterval(s);
    expect(r.estimate).toBe(s.mean);
    expect(r.lo).toBeCloseTo(10.224080122001826, 9);
    expect(r.hi).toBeCloseTo(12.518777020855318, 9);
  });

  it('matches scipy.stats.t.interval at 90%: (10.460278102006221, 12.282579040850923)', () => {
    const r = meanInterval(s, 0.9);
    expect(r.lo).toBeCloseTo(10.460278102006221, 9);
    expect(r.hi).toBeCloseTo(12.282579040850923, 9);
  });

  it('has NaN bounds below two observations (the estimate is the value for n = 1, NaN for n = 0)', () => {
    expect(meanInterval({ n: 1, mean: 3, sd: NaN })).toEqual({ estimate: 3, lo: NaN, hi: NaN });
    expect(meanInterval({ n: 0, mean: NaN, sd: NaN })).toEqual({ estimate: NaN, lo: NaN, hi: NaN });
  });

  it('collapses to the mean when sd = 0', () => {
    expect(meanInterval({ n: 5, mean: 2.5, sd: 0 })).toEqual({ estimate: 2.5, lo: 2.5, hi: 2.5 });
  });

  it('refuses a level outside (0, 1), a fractional or negative n, and a negative sd', () => {
    expect(() => meanInterval(s, 1)).toThrow(RangeError);
    expect(() => meanInterval(s, 0)).toThrow(RangeError);
    expect(() => meanInterval({ n: 2.5, mean: 0, sd: 1 })).toThrow(RangeError);
    expect(() => meanInterval({ n: -1, mean: 0, sd: 1 })).toThrow(RangeError);
    expect(() => meanInterval({ n: 3, mean: 0, sd: -1 })).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  // statsmodels.stats.proportion.proportion_confint(k, n, alpha=1 − level, method='wilson'), computed 2026-11-25
  // with statsmodels 0.15.0.
  it.each([
    [81, 263, 0.95, 0.2552885198782742, 0.36620957698280004],
    [15, 148, 0.95, 0.0623863995307363, 0.16048724172330803],
    [1, 29, 0.95, 0.006113214292762653, 0.17175521879320288],
    [7, 50, 0.99, 0.05614371860633746, 0.30820578743035465],
  ])('%p/%p at level %p matches statsmodels proportion_confint(method="wilson")', (k, n, level, lo, hi) => {
    const r = wilsonInterval(k, n, level);
    expect(r.estimate).toBe(k / n);
    expect(r.lo).toBeCloseTo(lo, 9);
    expect(r.hi).toBeCloseTo(hi, 9);
  });

  it('is exactly 0 at no successes and exactly 1 at all successes (statsmodels: 0/20 → hi 0.16112515805281938, 29/29 → lo 0.8830302015002593)', () => {
    const none = wilsonInterval(0, 20);
    expect(none.lo).toBe(0);
    expect(none.hi).toBeCloseTo(0.16112515805281938, 9);
    const all = wilsonInterval(29, 29);
    expect(all.hi).toBe(1);
    expect(all.lo).toBeCloseTo(0.8830302015002593, 9);
    // statsmodels: 1/1 → (0.20654931437723745, 1.0)
    expect(wilsonInterval(1, 1)).toEqual({ estimate: 1, lo: expect.closeTo(0.20654931437723745, 9), hi: 1 });
  });

  it('is NaN with no trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ estimate: NaN, lo: NaN, hi: NaN });
  });

  it('refuses successes above n, negative or fractional counts, and a level outside (0, 1)', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1.2)).toThrow(RangeError);
  });
});
