import { msprt, msprtTwoSample } from './sequential.js';

// Computed reference values quoted below are printed by references.py beside this file (python3 references.py).

// Reference: a direct evaluation in Python (math module, no library) of the formula of Johari, Koomen, Pekelis &
// Walsh (2022), with V = variance / n:
//   Λ = sqrt(V/(V+τ²)) · exp(τ²·mean²/(2V(V+τ²))), p = min(1, 1/Λ),
//   half = sqrt((V(V+τ²)/τ²) · (2·ln(1/α) + ln((V+τ²)/V))), bounds mean ∓ half;
// `msprt` in references.py beside this file, run 2026-11-25 with Python 3.11.7.

describe('msprt', () => {
  it.each([
    // [n, mean, variance, tau2, alpha, p, lo, hi, lambda]
    [100, 0.3, 4, 0.01, 0.05, 0.8927682731410299, -0.814863946714772, 1.4148639467147721, 1.1201114892688742],
    [1000, -0.05, 1, 0.04, 0.05, 1, -0.1497379693454684, 0.04973796934546841, 0.52873186968032],
    [50, 0, 2, 1, 0.05, 1, -0.6203077793655225, 0.6203077793655225, 0.19611613513818404],
  ])('n=%p mean=%p variance=%p τ²=%p α=%p matches the direct evaluation', (n, mean, variance, tau2, alpha, p, lo, hi, lambda) => {
    const r = msprt({ n, mean, variance }, tau2, alpha);
    expect(r.p).toBeCloseTo(p, 9);
    expect(r.lo).toBeCloseTo(lo, 9);
    expect(r.hi).toBeCloseTo(hi, 9);
    expect(r.lambda / lambda).toBeCloseTo(1, 9);
  });

  it.each([
    [400, 0.25, 1, 0.05, 0.1, 3.096971749539422e-5, 0.10829451973461743, 0.39170548026538254, 32289.606779549045],
    [5000, 0.12, 1, 0.01, 0.05, 3.355401932240752e-15, 0.07500720950323495, 0.16499279049676505, 298026889235351.8],
  ])('n=%p mean=%p: tiny p agrees in relative terms with the direct evaluation', (n, mean, variance, tau2, alpha, p, lo, hi, lambda) => {
    const r = msprt({ n, mean, variance }, tau2, alpha);
    expect(r.p / p).toBeCloseTo(1, 9);
    expect(r.lambda / lambda).toBeCloseTo(1, 9);
    expect(r.lo).toBeCloseTo(lo, 9);
    expect(r.hi).toBeCloseTo(hi, 9);
  });

  it('uses α = 0.05 by default', () => {
    expect(msprt({ n: 100, mean: 0.3, variance: 4 }, 0.01)).toEqual(msprt({ n: 100, mean: 0.3, variance: 4 }, 0.01, 0.05));
  });

  it('p is non-increasing as |mean| grows (and symmetric in the sign of the mean)', () => {
    for (const [n, variance, tau2] of [
      [20, 1, 0.01],
      [500, 3, 0.2],
      [10_000, 0.5, 1e-4],
    ]) {
      let previous = 1;
      for (let k = 0; k <= 400; k++) {
        const mean = k * 0.005;
        const p = msprt({ n, mean, variance }, tau2).p;
        expect(p).toBeLessThanOrEqual(previous);
        expect(msprt({ n, mean: -mean, variance }, tau2).p).toBe(p);
        previous = p;
      }
    }
  });

  it('the confidence sequence is exactly where Λ(θ) reaches 1/α, and excludes 0 exactly when p < α', () => {
    // Λ(θ) is Λ with mean replaced by mean − θ: at either bound it must equal 1/α.
    const diff = { n: 300, mean: 0.18, variance: 1.5 };
    const tau2 = 0.02;
    const alpha = 0.05;
    const r = msprt(diff, tau2, alpha);
    for (const bound of [r.lo, r.hi]) expect(msprt({ ...diff, mean: diff.mean - bound }, tau2, alpha).lambda).toBeCloseTo(1 / alpha, 6);
    for (const mean of [0, 0.05, 0.1, 0.15, 0.2, 0.3]) {
      const s = msprt({ ...diff, mean }, tau2, alpha);
      expect(s.lo > 0 || s.hi < 0).toBe(s.p < alpha);
    }
  });

  it('n = 0 is no evidence: p = 1, Λ = 1, unbounded sequence', () => {
    expect(msprt({ n: 0, mean: NaN, variance: NaN }, 0.01)).toEqual({ p: 1, lo: -Infinity, hi: Infinity, lambda: 1 });
  });

  it('zero variance: p = 1 for a zero mean, p = 0 otherwise, the sequence collapsed to the mean', () => {
    expect(msprt({ n: 30, mean: 0, variance: 0 }, 0.01)).toEqual({ p: 1, lo: 0, hi: 0, lambda: 0 });
    expect(msprt({ n: 30, mean: -0.2, variance: 0 }, 0.01)).toEqual({ p: 0, lo: -0.2, hi: -0.2, lambda: Infinity });
  });

  it('overwhelming evidence gives Λ = Infinity and p = 0 without NaN', () => {
    const r = msprt({ n: 1_000_000, mean: 1, variance: 1 }, 0.01);
    expect(r.lambda).toBe(Infinity);
    expect(r.p).toBe(0);
    expect(r.lo).toBeGreaterThan(0.99);
  });

  it('refuses τ² ≤ 0, α outside (0, 1), a negative variance or a fractional n', () => {
    expect(() => msprt({ n: 10, mean: 0, variance: 1 }, 0)).toThrow(RangeError);
    expect(() => msprt({ n: 10, mean: 0, variance: 1 }, 0.01, 1)).toThrow(RangeError);
    expect(() => msprt({ n: 10, mean: 0, variance: -1 }, 0.01)).toThrow(RangeError);
    expect(() => msprt({ n: 1.5, mean: 0, variance: 1 }, 0.01)).toThrow(RangeError);
  });
});

describe('msprtTwoSample', () => {
  it('matches the direct evaluation with V = sd₁²/n₁ + sd₂²/n₂ (control 800, 0.61, 0.21; candidate 760, 0.66, 0.19; τ² = 0.0025)', () => {
    // Python: msprt(n=1, mean=0.66 − 0.61, variance=0.21²/800 + 0.19²/760, tau2=0.0025) →
    // p 4.176773082425555e-05, bounds (0.018606659155654716, 0.08139334084434538), Λ 23941.927901414154.
    const r = msprtTwoSample({ n: 800, mean: 0.61, sd: 0.21 }, { n: 760, mean: 0.66, sd: 0.19 }, 0.0025);
    expect(r.p / 4.176773082425555e-5).toBeCloseTo(1, 9);
    expect(r.lo).toBeCloseTo(0.018606659155654716, 9);
    expect(r.hi).toBeCloseTo(0.08139334084434538, 9);
    expect(r.lambda / 23941.927901414154).toBeCloseTo(1, 9);
  });

  it('for equal arms it is msprt on the difference with variance σ₁² + σ₂² (the paper’s two-sample form)', () => {
    const two = msprtTwoSample({ n: 200, mean: 1, sd: 0.8 }, { n: 200, mean: 1.2, sd: 0.6 }, 0.05, 0.1);
    const one = msprt({ n: 200, mean: 0.2, variance: 0.64 + 0.36 }, 0.05, 0.1);
    expect(two.p).toBeCloseTo(one.p, 12);
    expect(two.lo).toBeCloseTo(one.lo, 12);
    expect(two.hi).toBeCloseTo(one.hi, 12);
  });

  it('an arm with fewer than two observations is no evidence; zero variance in both arms decides outright', () => {
    expect(msprtTwoSample({ n: 1, mean: 0.5, sd: NaN }, { n: 50, mean: 0.7, sd: 0.2 }, 0.01)).toEqual({ p: 1, lo: -Infinity, hi: Infinity, lambda: 1 });
    expect(msprtTwoSample({ n: 0, mean: NaN, sd: NaN }, { n: 0, mean: NaN, sd: NaN }, 0.01)).toEqual({ p: 1, lo: -Infinity, hi: Infinity, lambda: 1 });
    expect(msprtTwoSample({ n: 5, mean: 1, sd: 0 }, { n: 5, mean: 1, sd: 0 }, 0.01)).toEqual({ p: 1, lo: 0, hi: 0, lambda: 0 });
    expect(msprtTwoSample({ n: 5, mean: 1, sd: 0 }, { n: 5, mean: 2, sd: 0 }, 0.01)).toEqual({ p: 0, lo: 1, hi: 1, lambda: Infinity });
  });
});
