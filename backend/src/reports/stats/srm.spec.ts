import { sampleRatioMismatch } from './srm.js';

// Computed reference values quoted below are printed by references.py beside this file (python3 references.py).

describe('sampleRatioMismatch', () => {
  // Reference: scipy.stats.chisquare(observed, f_exp = total · weight / Σweight), computed 2026-11-25 with
  // scipy 1.17.1.
  it.each([
    [[5120, 4880], [50, 50], 5.76, 0.01639507184919225, false],
    [[9040, 960], [90, 10], 1.777777777777778, 0.18242243945173192, false],
    [[812, 1650, 2538], [1, 2, 3], 1.2904000000000035, 0.524557620090722, false],
    [[50500, 49500], [1, 1], 10, 0.001565402258002549, false],
    [[1000, 1100, 900], [1, 1, 1], 20, 4.539992976248486e-5, true],
    [[5000, 5400], [1, 1], 15.384615384615385, 8.769942375590228e-5, true],
  ])('%p against weights %p matches scipy.stats.chisquare', (observed, weights, chi2, p, mismatch) => {
    const r = sampleRatioMismatch(observed, weights);
    expect(r.chi2).toBeCloseTo(chi2, 9);
    expect(r.df).toBe(observed.length - 1);
    expect(r.p / p).toBeCloseTo(1, 9); // relative, so the tiny p-values are checked as strictly as the large ones
    expect(r.mismatch).toBe(mismatch);
  });

  it('keeps relative precision for a tiny p ([20000, 21500, 19800]: chi2 = 84.50244698205546, p = 4.472257326311556e-19)', () => {
    const r = sampleRatioMismatch([20000, 21500, 19800], [1, 1, 1]);
    expect(r.chi2).toBeCloseTo(84.50244698205546, 9);
    expect(r.p / 4.472257326311556e-19).toBeCloseTo(1, 9);
    expect(r.mismatch).toBe(true);
  });

  it('does not depend on the scale of the weights', () => {
    expect(sampleRatioMismatch([9040, 960], [0.9, 0.1])).toEqual(sampleRatioMismatch([9040, 960], [90, 10]));
  });

  it('a perfect split has chi2 = 0 and p = 1', () => {
    expect(sampleRatioMismatch([500, 500], [1, 1])).toEqual({ chi2: 0, df: 1, p: 1, mismatch: false });
  });

  it('with no traffic, no arms, or a single arm there is nothing to test', () => {
    expect(sampleRatioMismatch([0, 0], [1, 1])).toEqual({ chi2: 0, df: 1, p: 1, mismatch: false });
    expect(sampleRatioMismatch([], [])).toEqual({ chi2: 0, df: 0, p: 1, mismatch: false });
    expect(sampleRatioMismatch([42], [1])).toEqual({ chi2: 0, df: 0, p: 1, mismatch: false });
  });

  it('an arm with weight 0: ignored without traffic, a certain mismatch with traffic', () => {
    // Without traffic it is as if absent: same as scipy.stats.chisquare([5120, 4880]) above.
    const idle = sampleRatioMismatch([5120, 4880, 0], [50, 50, 0]);
    expect(idle.df).toBe(1);
    expect(idle.p).toBeCloseTo(0.01639507184919225, 9);
    expect(sampleRatioMismatch([5000, 4990, 10], [50, 50, 0])).toEqual({ chi2: Infinity, df: 1, p: 0, mismatch: true });
    expect(sampleRatioMismatch([90, 3], [1, 0])).toEqual({ chi2: Infinity, df: 0, p: 0, mismatch: true });
  });

  it('refuses mismatched lengths, negative or non-finite values, and all-zero weights', () => {
    expect(() => sampleRatioMismatch([1, 2], [1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([1, -2], [1, 1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([1, 2], [1, NaN])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([1, 2], [0, 0])).toThrow(RangeError);
  });
});
