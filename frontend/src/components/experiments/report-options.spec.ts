import { describe, expect, it } from 'vitest';
import { LIGHT_PALETTE } from '../../charts/palette';
import { reportDto } from '../../test/fixtures';
import { costQualityOption, costQualityPoints, describeCostQuality, paretoLine } from './cost-quality-option';
import { differenceDomain, differenceOption, differenceRows } from './difference-option';
import { describeLatency, hasLatency, latencyOption } from './latency-option';
import { describeScores, rowsHeight, scoreDomain, scoreOption, scoreRows } from './score-option';

type Series = { type: string; name: string; data: unknown[] };
const p = LIGHT_PALETTE;

describe('scoreOption', () => {
  it('puts one row per variant, in order, with the control named, and each interval’s ends in the data', () => {
    const report = reportDto(3);
    const sut = scoreOption(report, p);
    expect((sut.yAxis as { data: string[]; inverse: boolean }).data).toEqual(['control', 'candidate-1', 'candidate-2']);
    const [whiskers, dots] = sut.series as Series[];
    expect(whiskers!.type).toBe('custom');
    expect(whiskers!.data[1]).toEqual([expect.closeTo(0.5), expect.closeTo(0.56), 1]);
    expect(dots!.data).toHaveLength(3);
    expect((dots!.data[0] as { itemStyle: { color: string } }).itemStyle.color).toBe(p.muted);
    expect((dots!.data[1] as { itemStyle: { color: string } }).itemStyle.color).toBe(p.accent);
  });

  it('scales pass rates from 0 to 100% and widens a score axis to take in every interval', () => {
    const report = reportDto(2);
    expect(scoreOption(report, p).xAxis).toMatchObject({ min: 0, max: 1 });
    const rows = scoreRows(report).map((r) => ({ ...r, iv: { estimate: 1.2, lo: -0.1, hi: 1.5 } }));
    expect(scoreDomain(rows, 'score')).toEqual({ min: -0.1, max: 1.5 });
  });

  it('leaves a variant without scores out of the drawing but says so in words', () => {
    const report = reportDto(2);
    report.variants[1]!.metrics = {};
    expect((scoreOption(report, p).series as Series[])[1]!.data).toHaveLength(1);
    expect(describeScores(report)).toBe('control: 50.0% (47.0% to 53.0%); candidate-1: not scored yet');
  });

  it('sizes the chart by its rows', () => {
    expect(rowsHeight(10)).toBe(336);
    expect(rowsHeight(1)).toBe(120);
  });
});

describe('costQualityOption', () => {
  it('joins the Pareto front cheapest first and draws the others as rings', () => {
    const report = reportDto(4);
    report.pareto = ['candidate-3', 'control'];
    const sut = costQualityOption(report, p);
    const [front, whiskers, dots] = sut.series as Series[];
    expect(front!.type).toBe('line');
    expect(front!.data).toEqual(paretoLine(costQualityPoints(report)));
    expect((front!.data as number[][]).map((d) => d[0])).toEqual([0.0001, 0.0004]);
    expect(whiskers!.data).toHaveLength(4);
    const styles = (dots!.data as Array<{ itemStyle: { borderWidth?: number } }>).map((d) => d.itemStyle.borderWidth ?? 0);
    expect(styles).toEqual([0, 2, 2, 0]);
  });

  it('keeps a pass-rate axis within 0–100%', () => {
    const y = costQualityOption(reportDto(2), p).yAxis as { min: (e: { min: number }) => number; max: (e: { max: number }) => number };
    expect(y.min({ min: 0.03 })).toBe(0);
    expect(y.max({ max: 0.97 })).toBe(1);
    expect(y.min({ min: 0.47 })).toBe(0.4);
  });

  it('says each variant’s quality and cost in words', () => {
    expect(describeCostQuality(reportDto(2))).toBe(
      'control: 50.0% at $0.0001 per request (on the Pareto front); candidate-1: 53.0% at $0.0002 per request (on the Pareto front)',
    );
  });

  it('has no point for a variant with no scored results', () => {
    const report = reportDto(2);
    report.variants[0]!.metrics['grader-0']!.n = 0;
    expect(costQualityPoints(report).map((x) => x.name)).toEqual(['candidate-1']);
  });
});

describe('latencyOption', () => {
  it('draws p50 and p95 side by side in each variant’s row, with their intervals', () => {
    const sut = latencyOption(reportDto(3), p);
    const series = sut.series as Series[];
    expect(series.map((s) => `${s.type}:${s.name}`)).toEqual(['custom:p50 (median)', 'scatter:p50 (median)', 'custom:p95', 'scatter:p95']);
    expect(series[2]!.data[2]).toEqual([325, 355, 2]);
    expect(sut.legend).toMatchObject({ data: ['p50 (median)', 'p95'] });
  });

  it('skips a variant with no successful call, and says so', () => {
    const report = reportDto(2);
    report.variants[1]!.latencyMs = { p50: null, p95: null };
    expect((latencyOption(report, p).series as Series[])[0]!.data).toHaveLength(1);
    expect(describeLatency(report)).toBe('control: p50 100 ms (95 ms to 105 ms), p95 300 ms (285 ms to 315 ms); candidate-1: no successful calls');
    expect(hasLatency(report)).toBe(true);
    report.variants[0]!.latencyMs = { p50: null, p95: null };
    expect(hasLatency(report)).toBe(false);
  });
});

describe('differenceOption', () => {
  function withComparisons() {
    const report = reportDto(4);
    const comparison = (variant: string, estimate: number, lo: number, hi: number) => ({
      variant,
      grader: 'grader-0',
      measure: 'pass_rate' as const,
      n: 100,
      test: 'McNemar',
      p: 0.01,
      pAdjusted: 0.02,
      estimate,
      lo,
      hi,
    });
    report.comparisons = [
      comparison('candidate-1', 0.05, 0.02, 0.08),
      comparison('candidate-2', -0.05, -0.08, -0.02),
      comparison('candidate-3', 0.01, -0.03, 0.05),
    ];
    report.comparisons[2]!.alwaysValid = { p: 0.3, lo: -0.06, hi: 0.09 };
    report.verdicts = ['candidate-1', 'candidate-2', 'candidate-3'].map((variant) => ({
      variant,
      verdict: 'inconclusive' as const,
      reason: '',
      guardrails: [],
      guardrailsOk: true,
    }));
    return report;
  }

  it('draws each candidate’s difference with the interval its verdict used, green above zero, red below', () => {
    const report = withComparisons();
    const sut = differenceOption(report, p);
    const [, whiskers, dots] = sut.series as Series[];
    expect((sut.yAxis as { data: string[] }).data).toEqual(['candidate-1', 'candidate-2', 'candidate-3']);
    expect(whiskers!.data[2]).toEqual([-0.06, 0.09, 2]);
    expect((dots!.data as Array<{ itemStyle: { color: string } }>).map((d) => d.itemStyle.color)).toEqual([p.success, p.danger, p.accent]);
  });

  it('marks zero and the margin, on an axis symmetric around zero', () => {
    const report = withComparisons();
    const sut = differenceOption(report, p);
    const [reference] = sut.series as Series[];
    expect(reference!.type).toBe('custom');
    expect(reference!.data).toEqual([[0], [-0.02]]);
    expect(differenceDomain(differenceRows(report), 0.02)).toBeCloseTo(0.09 * 1.15);
    expect(sut.xAxis).toMatchObject({ min: -differenceDomain(differenceRows(report), 0.02) });
  });

  it('has no row for a candidate without a comparison on the primary metric', () => {
    const report = withComparisons();
    report.comparisons = report.comparisons.slice(1);
    expect(differenceRows(report).map((r) => r.variant)).toEqual(['candidate-2', 'candidate-3']);
  });
});
