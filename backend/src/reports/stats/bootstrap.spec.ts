import { bootstrapQuantile, mulberry32, quantile } from './bootstrap.js';

// Computed reference values quoted below are printed by references.py beside this file (python3 references.py).

describe('quantile', () => {
  // numpy.quantile([3.5, -1, 7, 2, 2, 10, 0.25], q) (default method 'linear'), computed 2026-11-25 with numpy 2.4.6.
  const sorted = [3.5, -1, 7, 2, 2, 10, 0.25].sort((a, b) => a - b);

  it.each([
    [0, -1],
    [0.1, -0.2499999999999999],
    [0.25, 1.125],
    [0.5, 2],
    [0.9, 8.200000000000001],
    [0.95, 9.099999999999998],
    [1, 10],
  ])('q = %p matches numpy.quantile', (q, expected) => {
    expect(quantile(sorted, q)).toBeCloseTo(expected, 12);
  });

  it('is NaN for no data, the value for one, and refuses q outside [0, 1]', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([4], 0.9)).toBe(4);
    expect(() => quantile(sorted, 1.5)).toThrow(RangeError);
    expect(() => quantile(sorted, NaN)).toThrow(RangeError);
  });
});

describe('mulberry32', () => {
  it('reproduces the reference generator (first draws for seeds 1 and 42; the Python port in references.py gives the same)', () => {
    const one = mulberry32(1);
    expect([one(), one(), one()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const fortyTwo = mulberry32(42);
    expect([fortyTwo(), fortyTwo(), fortyTwo()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it('stays in [0, 1) over a long stream', () => {
    const random = mulberry32(7);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random();
      if (!(u >= 0 && u < 1)) outside++;
    }
    expect(outside).toBe(0);
  });
});

describe('bootstrapQuantile', () => {
  // Reference: the same algorithm in Python (`boot` in references.py beside this file: mulberry32 ported with
  // 32-bit masks, resampling indices floor(u · n) into the sorted data, numpy.sort + numpy.quantile for each resample
  // and for the percentile bounds), run 2026-11-25 with numpy 2.4.6: it must agree up to floating-point rounding.
  const latencies = [212, 198, 305, 187, 243, 1290, 226, 251, 199, 233, 276, 208, 884, 219, 241, 230, 262, 195, 312, 224, 205, 259, 247, 231, 640];

  it('p95 with the defaults (1000 iterations, 95%, seed 1) matches the Python port: 835.2 (276, 1290)', () => {
    const r = bootstrapQuantile(latencies, 0.95);
    expect(r.estimate).toBeCloseTo(835.1999999999994, 9);
    expect(r.lo).toBeCloseTo(276, 9);
    expect(r.hi).toBeCloseTo(1290, 9);
  });

  it('p95 with seed 42 matches the Python port: (296.39999999999986, 1290)', () => {
    const r = bootstrapQuantile(latencies, 0.95, { seed: 42 });
    expect(r.lo).toBeCloseTo(296.39999999999986, 9);
    expect(r.hi).toBeCloseTo(1290, 9);
  });

  it('median with 500 iterations at 90%, seed 7 matches the Python port: 233 (224, 251)', () => {
    const r = bootstrapQuantile(latencies, 0.5, { iterations: 500, level: 0.9, seed: 7 });
    expect(r.estimate).toBe(233);
    expect(r.lo).toBeCloseTo(224, 9);
    expect(r.hi).toBeCloseTo(251, 9);
  });

  it('is deterministic for a seed, independent of the input order, and contains the sample quantile', () => {
    const a = bootstrapQuantile(latencies, 0.9, { seed: 3 });
    expect(bootstrapQuantile(latencies, 0.9, { seed: 3 })).toEqual(a);
    expect(bootstrapQuantile([...latencies].reverse(), 0.9, { seed: 3 })).toEqual(a);
    expect(a.lo).toBeLessThanOrEqual(a.estimate);
    expect(a.estimate).toBeLessThanOrEqual(a.hi);
    expect(a.lo).toBeLessThan(a.hi);
    // The seed matters (seeds 1 and 42 give 276 and 296.4 above), the estimate does not depend on it.
    const other = bootstrapQuantile(latencies, 0.95, { seed: 42 });
    expect(other.estimate).toBe(bootstrapQuantile(latencies, 0.95, { seed: 1 }).estimate);
    expect(other.lo).not.toBe(bootstrapQuantile(latencies, 0.95, { seed: 1 }).lo);
  });

  it('does not modify its input', () => {
    const copy = [...latencies];
    bootstrapQuantile(latencies, 0.5);
    expect(latencies).toEqual(copy);
  });

  it('is NaN for an empty sample and degenerate for one value or all-equal values', () => {
    expect(bootstrapQuantile([], 0.5)).toEqual({ estimate: NaN, lo: NaN, hi: NaN });
    expect(bootstrapQuantile([42], 0.95)).toEqual({ estimate: 42, lo: 42, hi: 42 });
    expect(bootstrapQuantile([5, 5, 5, 5], 0.5)).toEqual({ estimate: 5, lo: 5, hi: 5 });
  });

  it('refuses q outside [0, 1], a bad level or iteration count, and non-finite values', () => {
    expect(() => bootstrapQuantile(latencies, 1.1)).toThrow(RangeError);
    expect(() => bootstrapQuantile(latencies, 0.5, { level: 1 })).toThrow(RangeError);
    expect(() => bootstrapQuantile(latencies, 0.5, { iterations: 0 })).toThrow(RangeError);
    expect(() => bootstrapQuantile(latencies, 0.5, { iterations: 2.5 })).toThrow(RangeError);
    expect(() => bootstrapQuantile([1, NaN], 0.5)).toThrow(RangeError);
    expect(() => bootstrapQuantile([1, Infinity], 0.5)).toThrow(RangeError);
  });
});
