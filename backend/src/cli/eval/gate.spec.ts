import type { Report, VariantReport } from '../../reports/report-builder.js';
import { gate } from './gate.js';

const iv = (estimate: number) => ({ estimate, lo: estimate - 0.05, hi: estimate + 0.05 });
const variant = (name: string, passRate: number, p95: number, control = false): VariantReport => ({
  name,
  model: `sim/${name}`,
  control,
  n: 100,
  errors: 0,
  errorRate: iv(0.01),
  latencyMs: { p50: iv(p95 / 2), p95: iv(p95) },
  costUsd: { total: 1, perRequest: 0.01 },
  tokens: { input: 1, output: 1 },
  metrics: { exact: { n: 100, errors: 0, mean: iv(passRate), passRate: iv(passRate) } },
});
const report = (verdict: Report['verdicts'][number]['verdict']): Report => ({
  control: 'small',
  primaryMetric: { grader: 'exact', measure: 'pass_rate' },
  nonInferiorityMargin: 0.02,
  alpha: 0.05,
  variants: [variant('small', 0.7, 700, true), variant('large', 0.9, 2000)],
  comparisons: [],
  verdicts: [{ variant: 'large', verdict, reason: `large is ${verdict}.`, guardrails: [], guardrailsOk: true }],
  pareto: ['small', 'large'],
  notes: [],
});

describe('gate', () => {
  it('passes a better candidate and fails a worse one', () => {
    expect(gate(report('better'), [], 'worse')).toEqual({ passed: true, checks: [{ name: 'large vs small: better', ok: true, message: 'large is better.' }] });
    expect(gate(report('worse'), [], 'worse').passed).toBe(false);
  });

  it('fails an inconclusive verdict only when asked to', () => {
    expect(gate(report('inconclusive'), [], 'worse').passed).toBe(true);
    expect(gate(report('inconclusive'), [], 'inconclusive').passed).toBe(false);
    expect(gate(report('non-inferior and cheaper'), [], 'inconclusive').passed).toBe(true);
  });

  it('checks thresholds on the variants they name, or on all', () => {
    const g = gate(
      report('better'),
      [
        { metric: 'pass_rate', min: 0.8 },
        { variant: 'large', metric: 'latency_p95_ms', max: 1500 },
      ],
      'worse',
    );
    expect(g.checks.slice(1)).toEqual([
      { name: 'small: exact pass rate ≥ 0.8', ok: false, message: 'small exact pass rate is 0.7 (not met: ≥ 0.8)' },
      { name: 'large: exact pass rate ≥ 0.8', ok: true, message: 'large exact pass rate is 0.9 (met: ≥ 0.8)' },
      { name: 'large: latency p95 ms ≤ 1500', ok: false, message: 'large latency p95 ms is 2000 (not met: ≤ 1500)' },
    ]);
    expect(g.passed).toBe(false);
  });

  it('fails a threshold whose metric the report lacks', () => {
    const g = gate(report('better'), [{ metric: 'score', grader: 'judge', min: 0.5 }], 'worse');
    expect(g.checks[1]).toMatchObject({ ok: false, message: 'small has no judge score in the report' });
  });

  it('adds the comparisons with a baseline', () => {
    const g = gate(report('better'), [], 'worse', [{ variant: 'large', verdict: 'worse', reason: 'large is worse than the baseline.' }]);
    expect(g.checks[1]).toEqual({ name: 'large vs baseline: worse', ok: false, message: 'large is worse than the baseline.' });
    expect(g.passed).toBe(false);
  });
});
