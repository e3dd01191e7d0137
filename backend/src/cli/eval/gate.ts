import type { Report, VariantReport } from '../../reports/report-builder.js';
import type { Threshold, ThresholdMetric } from './eval-config.js';

export type FailOn = 'worse' | 'inconclusive';

/** One line of the gate: a JUnit test case, a row of the summary. */
export interface GateCheck {
  name: string;
  ok: boolean;
  message: string;
}

export interface BaselineVerdict {
  variant: string;
  verdict: 'better' | 'worse' | 'inconclusive';
  reason: string;
}

export interface GateResult {
  passed: boolean;
  checks: GateCheck[];
}

/** A variant's value of a threshold's metric, or undefined when the report has none. */
export function metricValue(v: VariantReport, metric: ThresholdMetric, grader: string): number | undefined {
  switch (metric) {
    case 'pass_rate':
      return v.metrics[grader]?.passRate.estimate;
    case 'score':
      return v.metrics[grader]?.mean.estimate;
    case 'error_rate':
      return v.errorRate.estimate;
    case 'latency_p95_ms':
      return v.latencyMs.p95?.estimate;
    case 'cost_per_request_usd':
      return v.costUsd.perRequest;
  }
}

const fails = (verdict: string, failOn: FailOn) => verdict === 'worse' || (failOn === 'inconclusive' && verdict === 'inconclusive');
const show = (x: number) => String(Number(x.toPrecision(4)));

/**
 * The CI gate: every candidate's verdict against the control, every threshold on every variant it names, and
 * every comparison with a baseline run. It fails on a `worse` verdict (and on `inconclusive` with failOn
 * inconclusive) or a threshold not met.
 */
export function gate(report: Report, thresholds: Threshold[], failOn: FailOn, baseline: BaselineVerdict[] = []): GateResult {
  const checks: GateCheck[] = [];
  for (const v of report.verdicts) {
    checks.push({ name: `${v.variant} vs ${report.control}: ${v.verdict}`, ok: !fails(v.verdict, failOn), message: v.reason });
  }
  for (const t of thresholds) {
    const grader = t.grader ?? report.primaryMetric.grader;
    const label = t.metric === 'pass_rate' || t.metric === 'score' ? `${grader} ${t.metric.replace('_', ' ')}` : t.metric.replace(/_/g, ' ');
    const bounds = [t.min !== undefined ? `≥ ${show(t.min)}` : '', t.max !== undefined ? `≤ ${show(t.max)}` : ''].filter(Boolean).join(' and ');
    for (const v of report.variants.filter((x) => t.variant === undefined || x.name === t.variant)) {
      const value = metricValue(v, t.metric, grader);
      const ok = value !== undefined && (t.min === undefined || value >= t.min) && (t.max === undefined || value <= t.max);
      checks.push({
        name: `${v.name}: ${label} ${bounds}`,
        ok,
        message:
          value === undefined ? `${v.name} has no ${label} in the report` : `${v.name} ${label} is ${show(value)} (${ok ? 'met' : 'not met'}: ${bounds})`,
      });
    }
  }
  for (const b of baseline) checks.push({ name: `${b.variant} vs baseline: ${b.verdict}`, ok: !fails(b.verdict, failOn), message: b.reason });
  return { passed: checks.every((c) => c.ok), checks };
}
