import type { ExperimentSpec } from '../experiments/core/experiment-spec.js';
import { buildLiveReport } from './live-report-builder.js';
import type { ScoreAggregate, VariantAggregate } from './report-builder.js';
import { msprtTwoSample, twoProportionZTest, welchTTest } from './stats/index.js';
import { stoppingDecision, winnerOf } from './stopping-rule.js';

const spec: ExperimentSpec = {
  kind: 'live',
  route: 'assist',
  variants: [
    { name: 'control', model: 'assist', weight: 80 },
    { name: 'cand', model: 'sim/b', weight: 20 },
  ],
  control: 'control',
  graders: [{ name: 'rubric', type: 'llm_judge', config: {} }],
  primaryMetric: { grader: 'feedback:thumbs', measure: 'pass_rate' },
  guardrails: [],
  nonInferiorityMargin: 0.02,
  stopping: { rule: 'sequential' },
  concurrency: 4,
  sampleRate: 0.1,
};

const variant = (name: string, n: number, costUsd: number): VariantAggregate => ({
  variant: name,
  n,
  errors: 0,
  costUsd,
  inputTokens: 0,
  outputTokens: 0,
  latencies: [100, 110, 120],
  p50: 110,
  p95: 119,
});
const thumbs = (name: string, n: number, ups: number): ScoreAggregate => {
  const p = ups / n;
  return { grader: 'feedback:thumbs', variant: name, n, mean: p, sd: Math.sqrt((p * (1 - p) * n) / (n - 1)), passes: ups, errors: 0 };
};
const rubric = (name: string, n: number, mean: number, sd: number): ScoreAggregate => ({ grader: 'rubric', variant: name, n, mean, sd, passes: 0, errors: 0 });

describe('buildLiveReport', () => {
  const va = [variant('control', 8000, 8), variant('cand', 2000, 1)];
  const sa = [thumbs('control', 4000, 2400), thumbs('cand', 1000, 700), rubric('control', 800, 0.7, 0.2), rubric('cand', 200, 0.72, 0.25)];

  it('compares unpaired: two-proportion z on the pass rate, Welch on scores, each with the mSPRT figures', () => {
    const r = buildLiveReport(spec, va, sa, []);
    const primary = r.comparisons.find((c) => c.grader === 'feedback:thumbs')!;
    const z = twoProportionZTest({ x: 2400, n: 4000 }, { x: 700, n: 1000 });
    expect(primary).toMatchObject({ variant: 'cand', measure: 'pass_rate', estimate: z.estimate, p: z.p, lo: z.lo, hi: z.hi, n: 5000 });
    const c0 = { n: 4000, mean: 0.6, sd: sa[0].sd };
    const c1 = { n: 1000, mean: 0.7, sd: sa[1].sd };
    const pooled = (3999 * c0.sd ** 2 + 999 * c1.sd ** 2) / 4998;
    const av = msprtTwoSample(c0, c1, pooled * 0.01);
    expect(primary.alwaysValid.p).toBeCloseTo(av.p, 12);
    expect(primary.alwaysValid.lo).toBeCloseTo(av.lo, 12);
    const secondary = r.comparisons.find((c) => c.grader === 'rubric')!;
    const w = welchTTest({ n: 800, mean: 0.7, sd: 0.2 }, { n: 200, mean: 0.72, sd: 0.25 });
    expect(secondary).toMatchObject({ measure: 'score', p: w.p, df: w.df });
  });

  it('gives the verdict from the always-valid figures and checks the split', () => {
    const r = buildLiveReport(spec, va, sa, []);
    expect(r.verdicts[0]).toMatchObject({ variant: 'cand', verdict: 'better' });
    expect(r.srm).toMatchObject({ mismatch: false, observed: { control: 8000, cand: 2000 }, expectedShare: { control: 0.8, cand: 0.2 } });
    // A result significant at a fixed horizon but not yet for the always-valid test stays inconclusive.
    const weak = buildLiveReport(spec, va, [thumbs('control', 400, 240), thumbs('cand', 100, 72)], []);
    const c = weak.comparisons[0];
    expect(c.p).toBeLessThan(0.05);
    expect(c.alwaysValid.p).toBeGreaterThan(0.05);
    expect(weak.verdicts[0].verdict).toBe('inconclusive');
  });

  it('makes every verdict inconclusive on a sample ratio mismatch', () => {
    const r = buildLiveReport(spec, [variant('control', 5000, 5), variant('cand', 5000, 1)], sa, []);
    expect(r.srm!.mismatch).toBe(true);
    expect(r.verdicts[0]).toMatchObject({ verdict: 'inconclusive', reason: expect.stringMatching(/^Sample ratio mismatch/) });
  });

  it('has no split check for a shadow experiment', () => {
    const r = buildLiveReport({ ...spec, kind: 'shadow', variants: spec.variants.map(({ weight: _w, ...v }) => v) }, va, sa, []);
    expect(r.srm).toBeNull();
  });
});

describe('stoppingDecision and winnerOf', () => {
  const va = [variant('control', 8000, 8), variant('cand', 2000, 1)];
  const report = buildLiveReport(spec, va, [thumbs('control', 4000, 2400), thumbs('cand', 1000, 700)], []);

  it('stops a sequential run when every candidate has a verdict, and promotes the better one', () => {
    expect(stoppingDecision(spec, report, 1)).toMatchObject({ stop: true, reason: expect.stringContaining('cand: better') });
    expect(winnerOf(report, 'better')).toBe('cand');
  });

  it('stops at a sample size or a duration, and not before', () => {
    expect(stoppingDecision({ ...spec, stopping: { rule: 'sample_size', n: 1000 } }, report, 0).stop).toBe(true);
    expect(stoppingDecision({ ...spec, stopping: { rule: 'sample_size', n: 1001 } }, report, 0).stop).toBe(false);
    expect(stoppingDecision({ ...spec, stopping: { rule: 'duration', hours: 24 } }, report, 23.9).stop).toBe(false);
    expect(stoppingDecision({ ...spec, stopping: { rule: 'duration', hours: 24 } }, report, 24).stop).toBe(true);
  });

  it('picks a non-inferior cheaper candidate only when asked to', () => {
    const flat = buildLiveReport(
      { ...spec, nonInferiorityMargin: 0.2 },
      [variant('control', 8000, 80), variant('cand', 2000, 2)],
      [thumbs('control', 4000, 2400), thumbs('cand', 1000, 600)],
      [],
    );
    expect(flat.verdicts[0].verdict).toBe('non-inferior and cheaper');
    expect(winnerOf(flat, 'better')).toBeUndefined();
    expect(winnerOf(flat, 'better-or-cheaper')).toBe('cand');
  });
});
