import type { MetricMeasure } from '../api/types';

/** "72.3%" for a share between 0 and 1. */
export function formatPercent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(digits)}%`;
}

/** A metric value: a pass rate as a percent, a score with three decimals. */
export function formatMetric(x: number | null | undefined, measure: MetricMeasure): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return measure === 'pass_rate' ? formatPercent(x) : x.toFixed(3);
}

/** A difference with its sign: "+12.0 pts" for pass rates (percentage points), "−0.031" for scores. */
export function formatDifference(x: number, measure: MetricMeasure): string {
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  return measure === 'pass_rate' ? `${sign}${(100 * Math.abs(x)).toFixed(1)} pts` : `${sign}${Math.abs(x).toFixed(3)}`;
}

/** Small USD amounts keep three significant digits ("$0.0000412", never "4.12e-5"); larger ones cents ("$1.24"). */
export function formatCost(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '$0';
  if (Math.abs(x) >= 1) return `$${x.toFixed(2)}`;
  const decimals = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(Math.abs(x)))));
  return `$${x.toFixed(decimals).replace(/(\.\d{2}\d*?)0+$/, '$1')}`;
}

/** "240 ms", "1.8 s" */
export function formatMs(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x < 10) return `${x.toFixed(1)} ms`;
  return x < 1000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(1)} s`;
}

/** A p-value as statisticians write it: "p < 0.001", "p = 0.042". */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return 'p = —';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`;
}
