import { holm } from './multiple.js';

// Computed reference values quoted below are printed by references.py beside this file (python3 references.py).

describe('holm', () => {
  it('adjusts a hand-worked example and returns the input order', () => {
    // m = 4. Sorted: 0.005 × 4 = 0.02; 0.01 × 3 = 0.03; 0.03 × 2 = 0.06; 0.04 × 1 = 0.04, raised to the running
    // maximum 0.06. Back in input order [0.01, 0.04, 0.03, 0.005] → [0.03, 0.06, 0.06, 0.02]. (statsmodels
    // multipletests(method='holm') gives the same, checked 2026-11-25 with statsmodels 0.15.0.)
    const r = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) => expect(r[i]).toBeCloseTo(expected, 12));
  });

  it('caps at 1 and keeps the running maximum (hand-worked, m = 6)', () => {
    // Sorted: 0.001 × 6 = 0.006; 0.0125 × 5 = 0.0625; 0.04 × 4 = 0.16; 0.2 × 3 = 0.6; 0.3 × 2 = 0.6; 0.9 × 1 = 0.9.
    // statsmodels multipletests(method='holm'): [0.6, 0.006, 0.16, 0.6, 0.0625, 0.9].
    const r = holm([0.2, 0.001, 0.04, 0.3, 0.0125, 0.9]);
    [0.6, 0.006, 0.16, 0.6, 0.0625, 0.9].forEach((expected, i) => expect(r[i]).toBeCloseTo(expected, 12));
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
  });

  it('is monotone in the input p-values and never below them', () => {
    const ps = [0.03, 0.5, 0.001, 0.02, 0.02, 0.7, 0.04];
    const r = holm(ps);
    for (let i = 0; i < ps.length; i++) {
      expect(r[i]).toBeGreaterThanOrEqual(ps[i]);
      expect(r[i]).toBeLessThanOrEqual(1);
      for (let j = 0; j < ps.length; j++) if (ps[i] <= ps[j]) expect(r[i]).toBeLessThanOrEqual(r[j]);
    }
    expect(r[3]).toBe(r[4]); // ties get the same adjusted value
  });

  it('handles empty and single inputs', () => {
    expect(holm([])).toEqual([]);
    expect(holm([0.03])).toEqual([0.03]);
  });

  it('leaves NaN (a test that could not run) as NaN and does not count it in m', () => {
    const r = holm([0.01, NaN, 0.04]);
    expect(r[1]).toBeNaN();
    expect(r[0]).toBeCloseTo(0.02, 12);
    expect(r[2]).toBeCloseTo(0.04, 12);
  });

  it('refuses p-values outside [0, 1]', () => {
    expect(() => holm([0.5, 1.2])).toThrow(RangeError);
    expect(() => holm([-0.1])).toThrow(RangeError);
  });
});
