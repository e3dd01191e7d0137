import type { RouteSpec } from '../../routing/core/route-spec.js';

export const DEFAULT_STEPS = [5, 25, 50, 100];

/**
 * The route content at one ramp step: the promoted model gets `share` percent, the base version's other
 * targets share the rest in their old proportions (whole percents, largest remainder, so weights add up to
 * 100). At 100% the old targets stay as weight-0 fallbacks.
 */
export function rampSpec(base: RouteSpec, model: string, share: number): RouteSpec {
  const others = base.targets.filter((t) => t.model !== model);
  const promoted = base.targets.find((t) => t.model === model);
  const rest = 100 - share;
  const oldTotal = others.reduce((s, t) => s + t.weight, 0);
  const raw = others.map((t) => (oldTotal > 0 ? (t.weight / oldTotal) * rest : others.length ? rest / others.length : 0));
  const floors = raw.map(Math.floor);
  let left = rest - floors.reduce((s, x) => s + x, 0);
  const order = raw.map((r, i) => ({ i, frac: r - floors[i] })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]++;
    left--;
  }
  const head = { model, weight: others.length ? share : 100, ...(promoted?.overrides ? { overrides: promoted.overrides } : {}) };
  return { ...base, targets: [head, ...others.map((t, i) => ({ ...t, weight: floors[i] }))] };
}

export interface TargetWindow {
  /** Attempts made on the target in the window, and how many failed. */
  attempts: number;
  failures: number;
  /** Successful requests the target answered, and their latency p95. */
  answered: number;
  p95: number | null;
  /** The application's feedback on the requests the target answered (thumbs: 1 up, 0 down), when any. */
  feedback?: { n: number; mean: number };
}

export interface StepRules {
  minSeconds: number;
  minRequests: number;
  /** Largest allowed relative increase of the new target's error rate and latency p95 over the old targets'. */
  maxErrorRateIncrease: number;
  maxLatencyIncrease: number;
  /** Requests each side needs before a comparison counts. */
  minSamples: number;
  /** Largest allowed drop of the mean feedback (absolute: 0.1 = ten points of thumbs-up rate); absent: not checked. */
  maxFeedbackDrop?: number;
}

export type StepDecision = { action: 'rollback'; reason: string } | { action: 'advance'; reason: string } | { action: 'wait'; reason: string };

/** Absolute slack on error rates, so that one failure in a small window is not a breach. */
const ERROR_SLACK = 0.02;
/**
 * Absolute slack on latency p95: on fast targets (a few ms) the relative limit alone is scheduling noise; a
 * breach must also be this much slower. Model calls take hundreds of ms, where the relative limit decides.
 */
export const LATENCY_SLACK_MS = 50;

/**
 * One guardrail check of a ramp step: the promoted target against the old ones over the step's window
 * (or, at 100%, against the old targets' figures from before the promotion). A breach rolls back; a step
 * that has run long enough with enough traffic advances; otherwise wait.
 */
export function evaluateStep(candidate: TargetWindow, old: TargetWindow, elapsedSeconds: number, rules: StepRules): StepDecision {
  const rate = (w: TargetWindow) => (w.attempts ? w.failures / w.attempts : 0);
  if (candidate.attempts >= rules.minSamples) {
    const limit = Math.max(rate(old) * (1 + rules.maxErrorRateIncrease), rate(old) + ERROR_SLACK);
    if (rate(candidate) > limit)
      return {
        action: 'rollback',
        reason: `error rate ${pct(rate(candidate))} on ${candidate.attempts} attempts against ${pct(rate(old))} before (limit ${pct(limit)})`,
      };
  }
  if (candidate.answered >= rules.minSamples && old.answered >= rules.minSamples && candidate.p95 !== null && old.p95 !== null) {
    const limit = Math.max(old.p95 * (1 + rules.maxLatencyIncrease), old.p95 + LATENCY_SLACK_MS);
    if (candidate.p95 > limit)
      return {
        action: 'rollback',
        reason: `latency p95 ${Math.round(candidate.p95)} ms against ${Math.round(old.p95)} ms before (limit ${Math.round(limit)} ms)`,
      };
  }
  const fc = candidate.feedback;
  const fo = old.feedback;
  if (rules.maxFeedbackDrop !== undefined && fc && fo && fc.n >= rules.minSamples && fo.n >= rules.minSamples && fo.mean - fc.mean > rules.maxFeedbackDrop)
    return {
      action: 'rollback',
      reason: `feedback ${fc.mean.toFixed(2)} on ${fc.n} requests against ${fo.mean.toFixed(2)} before (largest drop allowed ${rules.maxFeedbackDrop})`,
    };
  if (elapsedSeconds < rules.minSeconds) return { action: 'wait', reason: `step has run ${Math.floor(elapsedSeconds)} of ${rules.minSeconds} s` };
  if (candidate.answered < rules.minRequests)
    return { action: 'wait', reason: `${candidate.answered} of ${rules.minRequests} requests served by the new target` };
  return { action: 'advance', reason: `guardrails held over ${candidate.answered} requests (error rate ${pct(rate(candidate))}, p95 ${fmtMs(candidate.p95)})` };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fmtMs = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x)} ms`);
