// Always-valid inference for live dashboards: the normal-mixture sequential probability ratio test (mSPRT) of
// Johari, Koomen, Pekelis & Walsh, "Always Valid Inference: Continuous Monitoring of A/B Tests" (Operations
// Research 70(3), 2022; arXiv 1512.04922, 2015/2017). Its p-value and confidence sequence stay valid however often
// the results are looked at, unlike the fixed-horizon tests in paired.ts and unpaired.ts.
import type { Summary } from './types.js';
import { checkCount } from './validate.js';

/** Per-observation moments of a difference: `variance` is of one observation, so the estimate's is variance / n. */
export interface DiffMoments {
  n: number;
  mean: number;
  variance: number;
}

/** The mSPRT at one look. */
export interface AlwaysValid {
  /** Always-valid p-value at this look, min(1, 1/Λ). */
  p: number;
  /** Confidence sequence at this look: the θ with Λ(θ) < 1/α. */
  lo: number;
  hi: number;
  /** The mixture likelihood ratio Λ of θ = 0 (Infinity when the evidence is conclusive, e.g. zero variance). */
  lambda: number;
}

/**
 * Normal-mixture SPRT for the mean of a difference, with a N(0, τ²) mixing distribution over the effect θ. With
 * V = variance/n:
 *   Λ = √(V/(V + τ²)) · exp(τ²·mean² / (2V(V + τ²))), p = min(1, 1/Λ), and the confidence sequence
 *   mean ± √((V(V + τ²)/τ²) · (2·ln(1/α) + ln((V + τ²)/V))), the set of θ whose Λ(θ) (mean replaced by mean − θ)
 *   is below 1/α. Computed in log space, so Λ may overflow to Infinity while p stays exact.
 *
 * These are the values at one look. Across looks the always-valid p-value is the running minimum of these p's and
 * the confidence sequence the running intersection of these intervals: a caller that watches over time should keep
 * both (with α fixed).
 *
 * Edge cases: n = 0 is no evidence (p = 1, Λ = 1, bounds ∓Infinity); variance = 0 gives p = 1 and Λ = 0 when the
 * mean is 0, p = 0 and Λ = Infinity otherwise, the interval collapsed to the mean.
 *
 * @param diff - count, mean and per-observation variance of the differences (or of any statistic's increments)
 * @param tau2 - variance τ² > 0 of the mixing distribution, on the scale of the effect (e.g. the square of a
 *   plausible effect size)
 * @param alpha - significance level in (0, 1), default 0.05
 * @returns the always-valid p, the confidence sequence bounds and Λ
 * @throws RangeError on tau2 ≤ 0, alpha outside (0, 1), n not a count or a negative variance
 */
export function msprt(diff: DiffMoments, tau2: number, alpha = 0.05): AlwaysValid {
  checkMixture(tau2, alpha);
  checkCount('diff.n', diff.n);
  if (diff.variance < 0) throw new RangeError(`diff.variance must not be negative, got ${diff.variance}`);
  if (diff.n === 0) return noEvidence();
  return mixtureSprt(diff.mean, diff.variance / diff.n, tau2, alpha);
}

/**
 * The mSPRT of {@link msprt} for two independent samples: the effect is candidate.mean − control.mean and its
 * variance V = control.sd²/control.n + candidate.sd²/candidate.n (plug-in sample variances; for equal arms of n
 * this is the paper's (σ₁² + σ₂²)/n).
 *
 * Edge cases: an arm with n < 2 has no variance estimate, which is no evidence (p = 1, Λ = 1, bounds ∓Infinity);
 * both sds 0 behaves as a zero variance in {@link msprt}.
 *
 * @param control - the control arm's size, mean and sample sd
 * @param candidate - the candidate arm's size, mean and sample sd
 * @param tau2 - variance τ² > 0 of the mixing distribution, on the scale of the difference of means
 * @param alpha - significance level in (0, 1), default 0.05
 * @returns the always-valid p, the confidence sequence for candidate − control and Λ
 * @throws RangeError on tau2 ≤ 0, alpha outside (0, 1), n not a count or a negative sd
 */
export function msprtTwoSample(control: Summary, candidate: Summary, tau2: number, alpha = 0.05): AlwaysValid {
  checkMixture(tau2, alpha);
  for (const [name, arm] of [
    ['control', control],
    ['candidate', candidate],
  ] as const) {
    checkCount(`${name}.n`, arm.n);
    if (arm.sd < 0) throw new RangeError(`${name}.sd must not be negative, got ${arm.sd}`);
  }
  if (control.n < 2 || candidate.n < 2) return noEvidence();
  const v = (control.sd * control.sd) / control.n + (candidate.sd * candidate.sd) / candidate.n;
  return mixtureSprt(candidate.mean - control.mean, v, tau2, alpha);
}

/** No data yet: Λ = 1, p = 1 and every θ still in the confidence sequence. */
function noEvidence(): AlwaysValid {
  return { p: 1, lo: -Infinity, hi: Infinity, lambda: 1 };
}

function checkMixture(tau2: number, alpha: number): void {
  if (!(tau2 > 0 && Number.isFinite(tau2))) throw new RangeError(`tau2 must be positive and finite, got ${tau2}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
}

/** Λ, p and the confidence sequence for an estimate `mean` with variance `v`. */
function mixtureSprt(mean: number, v: number, tau2: number, alpha: number): AlwaysValid {
  if (v === 0) return mean === 0 ? { p: 1, lo: 0, hi: 0, lambda: 0 } : { p: 0, lo: mean, hi: mean, lambda: Infinity };
  const logRatio = Math.log1p(tau2 / v); // ln((V + τ²)/V)
  const logLambda = -0.5 * logRatio + (tau2 * mean * mean) / (2 * v * (v + tau2));
  const half = Math.sqrt(((v * (v + tau2)) / tau2) * (-2 * Math.log(alpha) + logRatio));
  return { p: Math.min(1, Math.exp(-logLambda)), lo: mean - half, hi: mean + half, lambda: Math.exp(logLambda) };
}
