import type { ExperimentSpec } from '../experiments/core/experiment-spec.js';
import { bootstrapQuantile, type Comparison, holm, type Interval, mcnemarExact, meanInterval, pairedTTest, wilsonInterval } from './stats/index.js';

/** Per variant, from the results table. */
export interface VariantAggregate {
  variant: string;
  n: number;
  errors: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  /** A deterministic sample of successful calls' latencies (every k-th item), for the percentile intervals. */
  latencies: number[];
  p50: number | null;
  p95: number | null;
}

/** Per (grader, variant), from the scores table. */
export interface ScoreAggregate {
  grader: string;
  variant: string;
  n: number;
  mean: number;
  sd: number;
  passes: number;
  errors: number;
}

/** Per (grader, candidate), candidate and control joined by item. */
export interface PairedAggregate {
  grader: string;
  variant: string;
  n: number;
  /** Of candidate − control scores. */
  mean: number;
  sd: number;
  /** Both pass; control passes and candidate fails; control fails and candidate passes. */
  a: number;
  b: number;
  c: number;
}

export type Verdict = 'better' | 'worse' | 'non-inferior and cheaper' | 'inconclusive';

export interface MetricView {
  n: number;
  errors: number;
  mean: Interval;
  passRate: Interval;
}

export interface VariantReport {
  name: string;
  model: string;
  control: boolean;
  n: number;
  errors: number;
  errorRate: Interval;
  latencyMs: { p50: Interval | null; p95: Interval | null };
  costUsd: { total: number; perRequest: number };
  tokens: { input: number; output: number };
  metrics: Record<string, MetricView>;
}

export interface ComparisonReport extends Comparison {
  variant: string;
  grader: string;
  measure: 'score' | 'pass_rate';
  n: number;
  /** Holm-adjusted over the candidates, for the primary metric; equal to `p` elsewhere. */
  pAdjusted: number;
  /** Pairwise graders compare with the control inside the grader: the estimate is the win rate minus ½. */
  pairwise?: boolean;
}

export interface GuardrailCheck {
  metric: string;
  control: number | null;
  candidate: number | null;
  maxRelativeIncrease: number;
  breached: boolean;
}

export interface CandidateVerdict {
  variant: string;
  verdict: Verdict;
  reason: string;
  guardrails: GuardrailCheck[];
  guardrailsOk: boolean;
}

export interface Report {
  control: string;
  primaryMetric: ExperimentSpec['primaryMetric'];
  nonInferiorityMargin: number;
  alpha: number;
  variants: VariantReport[];
  comparisons: ComparisonReport[];
  verdicts: CandidateVerdict[];
  /** Variants no other variant beats on both primary metric and cost per request. */
  pareto: string[];
  notes: string[];
}

export const ALPHA = 0.05;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signed = (x: number, measure: string) =>
  measure === 'pass_rate' ? `${x >= 0 ? '+' : '−'}${pct(Math.abs(x))}` : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/**
 * Builds a dataset run's report from SQL aggregates: per-variant summaries with intervals, each candidate
 * against the control paired by item (paired t-test on scores, exact McNemar on pass/fail), Holm over the
 * candidates on the primary metric, a verdict per candidate, and the cost–quality Pareto set.
 */
export function buildReport(spec: ExperimentSpec, va: VariantAggregate[], sa: ScoreAggregate[], pa: PairedAggregate[]): Report {
  const pairwise = new Set(spec.graders.filter((g) => g.type === 'pairwise').map((g) => g.name));
  const variants = variantReports(spec, va, sa);

  const comparisons: ComparisonReport[] = [];
  for (const p of pa) {
    const measure = p.grader === spec.primaryMetric.grader ? spec.primaryMetric.measure : 'score';
    const test = measure === 'pass_rate' ? mcnemarExact(p.b, p.c, p.n, p.a) : pairedTTest({ n: p.n, mean: p.mean, sd: p.sd });
    comparisons.push({ ...test, variant: p.variant, grader: p.grader, measure, n: p.n, pAdjusted: test.p });
  }
  // Pairwise judges scored each candidate against the control already: test the win rate against a tie.
  for (const s of sa.filter((x) => pairwise.has(x.grader) && x.variant !== spec.control)) {
    const t = pairedTTest({ n: s.n, mean: s.mean - 0.5, sd: s.sd });
    comparisons.push({
      ...t,
      test: `${t.test} of the win rate against ½`,
      variant: s.variant,
      grader: s.grader,
      measure: 'score',
      n: s.n,
      pAdjusted: t.p,
      pairwise: true,
    });
  }
  const primary = comparisons.filter((c) => c.grader === spec.primaryMetric.grader);
  holm(primary.map((c) => c.p)).forEach((p, i) => (primary[i].pAdjusted = p));

  const control = variants.find((v) => v.control)!;
  const verdicts = variants
    .filter((v) => !v.control)
    .map((v) =>
      verdictFor(
        spec,
        v,
        control,
        primary.find((c) => c.variant === v.name),
      ),
    );
  return {
    control: spec.control,
    primaryMetric: spec.primaryMetric,
    nonInferiorityMargin: spec.nonInferiorityMargin,
    alpha: ALPHA,
    variants,
    comparisons,
    verdicts,
    pareto: paretoSet(variants, spec.primaryMetric),
    notes: [
      'Calls that failed have no score: comparisons pair the items where both variants answered; error rates are reported separately.',
      ...(primary.length > 1 ? [`p-values on the primary metric are Holm-adjusted over ${primary.length} candidates.`] : []),
    ],
  };
}

/** Per variant: counts, error rate, latency percentiles with bootstrap intervals, cost, tokens, and each metric with its intervals. */
export function variantReports(spec: ExperimentSpec, va: VariantAggregate[], sa: ScoreAggregate[]): VariantReport[] {
  const byVariant = new Map(va.map((v) => [v.variant, v]));
  return spec.variants.map((v, i) => {
    const a = byVariant.get(v.name) ?? { variant: v.name, n: 0, errors: 0, costUsd: 0, inputTokens: 0, outputTokens: 0, latencies: [], p50: null, p95: null };
    const metrics: Record<string, MetricView> = {};
    for (const s of sa.filter((x) => x.variant === v.name)) {
      metrics[s.grader] = { n: s.n, errors: s.errors, mean: meanInterval({ n: s.n, mean: s.mean, sd: s.sd }), passRate: wilsonInterval(s.passes, s.n) };
    }
    return {
      name: v.name,
      model: v.model,
      control: v.name === spec.control,
      n: a.n,
      errors: a.errors,
      errorRate: wilsonInterval(a.errors, a.n),
      latencyMs: {
        p50: a.p50 === null ? null : { ...bootstrapQuantile(a.latencies, 0.5, { seed: 1 + i }), estimate: a.p50 },
        p95: a.p95 === null ? null : { ...bootstrapQuantile(a.latencies, 0.95, { seed: 101 + i }), estimate: a.p95 },
      },
      costUsd: { total: a.costUsd, perRequest: a.n ? a.costUsd / a.n : 0 },
      tokens: { input: a.inputTokens, output: a.outputTokens },
      metrics,
    };
  });
}

function primaryValue(v: VariantReport, pm: ExperimentSpec['primaryMetric']): number | undefined {
  const m = v.metrics[pm.grader];
  if (!m || m.n === 0) return undefined;
  return pm.measure === 'pass_rate' ? m.passRate.estimate : m.mean.estimate;
}

function guardrailChecks(spec: ExperimentSpec, v: VariantReport, control: VariantReport): GuardrailCheck[] {
  return spec.guardrails.map((g) => {
    const value = (x: VariantReport) =>
      g.metric === 'error_rate' ? (x.n ? x.errors / x.n : null) : g.metric === 'latency_p95' ? (x.latencyMs.p95?.estimate ?? null) : x.costUsd.perRequest;
    const c = value(control);
    const k = value(v);
    // An error rate rising from zero is judged in absolute terms (one point), since any ratio of zero is infinite.
    const breached = c === null || k === null ? false : g.metric === 'error_rate' && c === 0 ? k > 0.01 : k > c * (1 + g.maxRelativeIncrease);
    return { metric: g.metric, control: c, candidate: k, maxRelativeIncrease: g.maxRelativeIncrease, breached };
  });
}

export function verdictFor(spec: ExperimentSpec, v: VariantReport, control: VariantReport, c: ComparisonReport | undefined, alpha = ALPHA): CandidateVerdict {
  const guardrails = guardrailChecks(spec, v, control);
  const guardrailsOk = guardrails.every((g) => !g.breached);
  const breach = guardrails.filter((g) => g.breached).map((g) => g.metric.replace('_', ' '));
  const tail = breach.length ? `; but its ${breach.join(' and ')} ${breach.length > 1 ? 'breach' : 'breaches'} the guardrails` : '';
  const base = { variant: v.name, guardrails, guardrailsOk };
  const metric = `${spec.primaryMetric.grader} ${spec.primaryMetric.measure === 'pass_rate' ? 'pass rate' : 'score'}`;
  if (!c || c.n < 2)
    return { ...base, verdict: 'inconclusive', reason: `Too few scored results for both ${v.name} and the control to compare ${metric}${tail}.` };
  const diff = `${signed(c.estimate, c.measure)} (95% CI ${signed(c.lo, c.measure)} to ${signed(c.hi, c.measure)}, p = ${c.pAdjusted.toPrecision(2)})`;
  if (c.pAdjusted < alpha && c.estimate > 0) return { ...base, verdict: 'better', reason: `${v.name} beats ${spec.control} on ${metric} by ${diff}${tail}.` };
  if (c.pAdjusted < alpha && c.estimate < 0)
    return { ...base, verdict: 'worse', reason: `${v.name} is worse than ${spec.control} on ${metric} by ${diff}${tail}.` };
  const cheaper = v.costUsd.perRequest < control.costUsd.perRequest;
  if (cheaper && c.lo > -spec.nonInferiorityMargin) {
    const saving = control.costUsd.perRequest > 0 ? 1 - v.costUsd.perRequest / control.costUsd.perRequest : 0;
    return {
      ...base,
      verdict: 'non-inferior and cheaper',
      reason: `${v.name} is within the ${signed(-spec.nonInferiorityMargin, c.measure)} margin of ${spec.control} on ${metric} (${diff}) at ${pct(saving)} lower cost per request${tail}.`,
    };
  }
  return {
    ...base,
    verdict: 'inconclusive',
    reason: `No significant difference on ${metric}: ${diff}${cheaper ? `, and the interval reaches below the non-inferiority margin` : ''}${tail}.`,
  };
}

/** Variants that no other variant matches or beats on both quality and cost per request (one of them strictly). */
export function paretoSet(variants: VariantReport[], pm: ExperimentSpec['primaryMetric']): string[] {
  const points = variants.map((v) => ({ name: v.name, q: primaryValue(v, pm), cost: v.costUsd.perRequest })).filter((p) => p.q !== undefined) as Array<{
    name: string;
    q: number;
    cost: number;
  }>;
  return points.filter((p) => !points.some((o) => o !== p && o.q >= p.q && o.cost <= p.cost && (o.q > p.q || o.cost < p.cost))).map((p) => p.name);
}
