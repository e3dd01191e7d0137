import { equalWeights } from '../experiments/core/assignment.js';
import type { ExperimentSpec } from '../experiments/core/experiment-spec.js';
import {
  ALPHA,
  type ComparisonReport,
  paretoSet,
  type Report,
  type ScoreAggregate,
  type VariantAggregate,
  variantReports,
  verdictFor,
} from './report-builder.js';
import { holm, msprtTwoSample, type SampleRatioMismatch, sampleRatioMismatch, type Summary, twoProportionZTest, welchTTest } from './stats/index.js';

/** Feedback labels per variant (`outcome: resolved`), counted. */
export interface LabelCount {
  variant: string;
  metric: string;
  label: string;
  n: number;
}

export interface LiveComparison extends ComparisonReport {
  /** The mSPRT at this look: an always-valid p-value and confidence sequence, safe to watch continuously. */
  alwaysValid: { p: number; lo: number; hi: number };
}

export interface LiveReport extends Omit<Report, 'comparisons'> {
  comparisons: LiveComparison[];
  /** Live only: do the requests per variant match the allocation? */
  srm: (SampleRatioMismatch & { observed: Record<string, number>; expectedShare: Record<string, number> }) | null;
  labels: LabelCount[];
}

/**
 * The mSPRT's mixing variance τ², as a share of the metric's pooled variance: τ = 0.1 σ, i.e. effects around a
 * tenth of a standard deviation are what the test is tuned to find (a pass rate near ½: about 5 points).
 */
const TAU_SHARE = 0.01;

const asSummary = (s: ScoreAggregate, measure: 'score' | 'pass_rate'): Summary => {
  if (measure === 'score') return { n: s.n, mean: s.mean, sd: s.sd };
  const p = s.n ? s.passes / s.n : 0;
  return { n: s.n, mean: p, sd: s.n > 1 ? Math.sqrt((p * (1 - p) * s.n) / (s.n - 1)) : 0 };
};

/**
 * Builds a live or shadow experiment's report from SQL aggregates of the request log, the sampled scores and
 * the application's feedback (as metrics named `feedback:<metric>`). Samples are independent, so
 * comparisons are unpaired: Welch's t-test on scores, the two-proportion z-test with Newcombe/Wilson
 * intervals on pass rates. Each also carries the mSPRT's always-valid p-value and confidence sequence, and
 * the verdicts use those (Holm-adjusted on the primary metric), so looking at the report at any time does
 * not inflate false positives. A live split is checked for sample ratio mismatch; a mismatch makes every
 * verdict inconclusive.
 */
export function buildLiveReport(spec: ExperimentSpec, va: VariantAggregate[], sa: ScoreAggregate[], labels: LabelCount[]): LiveReport {
  const variants = variantReports(spec, va, sa);
  const alpha = spec.stopping.rule === 'sequential' ? (spec.stopping.alpha ?? ALPHA) : ALPHA;
  const comparisons: LiveComparison[] = [];
  const metrics = [...new Set(sa.map((s) => s.grader))].sort();
  for (const grader of metrics) {
    const control = sa.find((s) => s.grader === grader && s.variant === spec.control);
    if (!control) continue;
    const measure = grader === spec.primaryMetric.grader ? spec.primaryMetric.measure : 'score';
    for (const cand of sa.filter((s) => s.grader === grader && s.variant !== spec.control)) {
      if (control.n < 2 || cand.n < 2) continue;
      const test = measure === 'pass_rate' ? twoProportionZTest({ x: control.passes, n: control.n }, { x: cand.passes, n: cand.n }) : welchTTest(control, cand);
      const c0 = asSummary(control, measure);
      const c1 = asSummary(cand, measure);
      const pooledVar = ((c0.n - 1) * c0.sd ** 2 + (c1.n - 1) * c1.sd ** 2) / Math.max(1, c0.n + c1.n - 2);
      const av = msprtTwoSample(c0, c1, Math.max(pooledVar, 1e-6) * TAU_SHARE, alpha);
      comparisons.push({
        ...test,
        variant: cand.variant,
        grader,
        measure,
        n: cand.n + control.n,
        pAdjusted: test.p,
        alwaysValid: { p: av.p, lo: av.lo, hi: av.hi },
      });
    }
  }
  const primary = comparisons.filter((c) => c.grader === spec.primaryMetric.grader);
  const adjusted = holm(primary.map((c) => c.alwaysValid.p));

  let srm: LiveReport['srm'] = null;
  if (spec.kind === 'live') {
    const weights = spec.variants.every((v) => v.weight !== undefined)
      ? spec.variants.map((v) => v.weight!)
      : equalWeights(spec.variants.map((v) => v.name)).map((w) => w.weight);
    const observed = spec.variants.map((v) => va.find((a) => a.variant === v.name)?.n ?? 0);
    const total = weights.reduce((a, w) => a + w, 0);
    srm = {
      ...sampleRatioMismatch(observed, weights),
      observed: Object.fromEntries(spec.variants.map((v, i) => [v.name, observed[i]])),
      expectedShare: Object.fromEntries(spec.variants.map((v, i) => [v.name, weights[i] / total])),
    };
  }

  const control = variants.find((v) => v.control)!;
  const verdicts = variants
    .filter((v) => !v.control)
    .map((v) => {
      const i = primary.findIndex((c) => c.variant === v.name);
      // The verdict reads the always-valid figures: the confidence sequence and its Holm-adjusted p.
      const c = i < 0 ? undefined : { ...primary[i], lo: primary[i].alwaysValid.lo, hi: primary[i].alwaysValid.hi, pAdjusted: adjusted[i] };
      const verdict = verdictFor(spec, v, control, c, alpha);
      if (srm?.mismatch)
        return {
          ...verdict,
          verdict: 'inconclusive' as const,
          reason: `Sample ratio mismatch (p = ${srm.p.toPrecision(2)}): the split does not match the allocation, so the comparison cannot be trusted.`,
        };
      return verdict;
    });
  primary.forEach((c, i) => (c.pAdjusted = adjusted[i]));
  return {
    control: spec.control,
    primaryMetric: spec.primaryMetric,
    nonInferiorityMargin: spec.nonInferiorityMargin,
    alpha,
    variants,
    comparisons,
    verdicts,
    pareto: paretoSet(variants, spec.primaryMetric),
    srm,
    labels,
    notes: [
      spec.kind === 'shadow'
        ? 'Shadow: the control is the production output of the sampled requests; the candidates answered the same requests after the client had its response.'
        : 'Live: each user (sticky key) is assigned one variant; samples are independent, so the tests are unpaired (Welch t, two-proportion z).',
      'Verdicts use always-valid inference (mSPRT): the p-values and confidence sequences stay valid however often the report is looked at.',
      ...(primary.length > 1 ? [`Always-valid p-values on the primary metric are Holm-adjusted over ${primary.length} candidates.`] : []),
      'Feedback metrics are named feedback:<metric>; a thumbs up is 1 and down 0, so their mean is the approval rate and a pass is a value above 0.',
    ],
  };
}
