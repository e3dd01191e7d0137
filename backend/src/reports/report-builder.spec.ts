import type { ExperimentSpec } from '../experiments/core/experiment-spec.js';
import { buildReport, type PairedAggregate, type ScoreAggregate, type VariantAggregate } from './report-builder.js';

const spec: ExperimentSpec = {
  kind: 'dataset',
  dataset: { name: 'd', version: 1 },
  variants: [
    { name: 'control', model: 'sim/a' },
    { name: 'strong', model: 'sim/b' },
    { name: 'cheap', model: 'sim/c' },
  ],
  control: 'control',
  graders: [{ name: 'exact', type: 'exact_match', config: {} }],
  primaryMetric: { grader: 'exact', measure: 'pass_rate' },
  guardrails: [{ metric: 'error_rate', maxRelativeIncrease: 0.5 }],
  nonInferiorityMargin: 0.05,
  stopping: { rule: 'sample_size' },
  concurrency: 4,
};

const variant = (name: string, costUsd: number, errors = 0): VariantAggregate => ({
  variant: name,
  n: 1000,
  errors,
  costUsd,
  inputTokens: 10_000,
  outputTokens: 5_000,
  latencies: Array.from({ length: 200 }, (_, i) => 100 + i),
  p50: 199.5,
  p95: 289.05,
});
const score = (name: string, passes: number): ScoreAggregate => ({
  grader: 'exact',
  variant: name,
  n: 1000,
  mean: passes / 1000,
  sd: Math.sqrt(((passes / 1000) * (1 - passes / 1000) * 1000) / 999),
  passes,
  errors: 0,
});

describe('buildReport', () => {
  const variants = [variant('control', 2), variant('strong', 3), variant('cheap', 0.2)];
  const scores = [score('control', 800), score('strong', 900), score('cheap', 805)];
  // strong: 120 items it alone passes, 20 only the control passes; cheap: 40 against 35.
  const paired: PairedAggregate[] = [
    { grader: 'exact', variant: 'strong', n: 1000, mean: 0.1, sd: 0.5, a: 780, b: 20, c: 120 },
    { grader: 'exact', variant: 'cheap', n: 1000, mean: 0.005, sd: 0.27, a: 765, b: 35, c: 40 },
  ];

  it('names the better candidate with a significant, Holm-adjusted difference by exact McNemar', () => {
    const r = buildReport(spec, variants, scores, paired);
    const strong = r.comparisons.find((c) => c.variant === 'strong')!;
    expect(strong).toMatchObject({ test: 'McNemar exact', measure: 'pass_rate' });
    expect(strong.estimate).toBeCloseTo(0.1, 12);
    expect(strong.p).toBeLessThan(1e-15);
    expect(strong.pAdjusted).toBeCloseTo(Math.min(1, 2 * strong.p), 12);
    expect(r.verdicts.find((v) => v.variant === 'strong')).toMatchObject({ verdict: 'better', guardrailsOk: true });
    expect(r.verdicts.find((v) => v.variant === 'strong')!.reason).toMatch(/^strong beats control on exact pass rate by \+10\.0% \(95% CI \+/);
  });

  it('keeps a better candidate from promotion when its p95 latency breaches the latency guardrail, and says so', () => {
    const withLatency: ExperimentSpec = { ...spec, guardrails: [{ metric: 'latency_p95', maxRelativeIncrease: 0.5 }] };
    const slow = { ...variant('strong', 3), latencies: Array.from({ length: 200 }, (_, i) => 300 + i), p50: 399.5, p95: 489.05 };
    const r = buildReport(withLatency, [variants[0], slow, variants[2]], scores, paired);
    const v = r.verdicts.find((x) => x.variant === 'strong')!;
    expect(v).toMatchObject({ verdict: 'better', guardrailsOk: false });
    expect(v.guardrails).toEqual([expect.objectContaining({ metric: 'latency_p95', breached: true })]);
    expect(v.reason).toMatch(/but its latency p95 breaches the guardrails\.$/);
    // Within +50% of the control's p95: held.
    const fine = buildReport(withLatency, variants, scores, paired).verdicts.find((x) => x.variant === 'strong')!;
    expect(fine.guardrailsOk).toBe(true);
  });

  it('calls a cheaper candidate whose interval stays above the margin non-inferior and cheaper', () => {
    const r = buildReport(spec, variants, scores, paired);
    const cheap = r.comparisons.find((c) => c.variant === 'cheap')!;
    expect(cheap.p).toBeGreaterThan(0.05);
    expect(cheap.lo).toBeGreaterThan(-0.05);
    const v = r.verdicts.find((x) => x.variant === 'cheap')!;
    expect(v.verdict).toBe('non-inferior and cheaper');
    expect(v.reason).toMatch(/90\.0% lower cost per request/);
    expect(r.pareto.sort()).toEqual(['cheap', 'strong']);
  });

  it('is inconclusive when the interval reaches below the margin, and reports a guardrail breach', () => {
    const strict = { ...spec, nonInferiorityMargin: 0.001 };
    const r = buildReport(strict, [variants[0], variants[1], variant('cheap', 0.2, 50)], scores, paired);
    const v = r.verdicts.find((x) => x.variant === 'cheap')!;
    expect(v.verdict).toBe('inconclusive');
    expect(v.guardrailsOk).toBe(false);
    expect(v.reason).toMatch(/error rate breaches the guardrails/);
  });

  it('gives every variant its error rate, latency percentiles with bootstrap intervals, cost and pass rate with a Wilson interval', () => {
    const r = buildReport(spec, variants, scores, paired);
    const c = r.variants.find((v) => v.name === 'control')!;
    expect(c.costUsd).toEqual({ total: 2, perRequest: 0.002 });
    expect(c.latencyMs.p95!.estimate).toBe(289.05);
    expect(c.latencyMs.p95!.lo).toBeLessThanOrEqual(289.05);
    expect(c.latencyMs.p95!.hi).toBeGreaterThanOrEqual(280);
    expect(c.metrics.exact.passRate.estimate).toBeCloseTo(0.8, 12);
    // Wilson 95% for 800/1000: statsmodels proportion_confint(800, 1000, method='wilson') = (0.7740810353518655, 0.8236229095568015)
    expect(c.metrics.exact.passRate.lo).toBeCloseTo(0.7740810353518655, 9);
    expect(c.metrics.exact.passRate.hi).toBeCloseTo(0.8236229095568015, 9);
    expect(c.errorRate.estimate).toBe(0);
  });
});
