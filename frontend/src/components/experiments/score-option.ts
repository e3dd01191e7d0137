import type { IntervalDto, MetricMeasure, ReportDto } from '../../api/types';
import { axisStyle, baseOption } from '../../charts/base-option';
import { intervalSeries } from '../../charts/interval-series';
import type { ChartPalette } from '../../charts/palette';
import type { ChartOption } from '../../charts/types';
import { formatMetric, formatPercent } from '../../utils/format-stats';

export interface ScoreRow {
  name: string;
  model: string;
  control: boolean;
  n: number;
  /** The primary metric with its 95% interval; null before anything is scored. */
  iv: IntervalDto | null;
}

/** Each variant's primary metric (pass rate or mean score) with its interval. */
export function scoreRows(report: ReportDto): ScoreRow[] {
  const { grader, measure } = report.primaryMetric;
  return report.variants.map((v) => {
    const m = v.metrics[grader];
    return { name: v.name, model: v.model, control: v.control, n: m?.n ?? 0, iv: m ? (measure === 'pass_rate' ? m.passRate : m.mean) : null };
  });
}

export const metricName = (report: ReportDto): string =>
  `${report.primaryMetric.grader} ${report.primaryMetric.measure === 'pass_rate' ? 'pass rate' : 'mean score'}`;

/** The value axis: 0 to 1 for pass rates; for scores at least 0 to 1, wider where an interval reaches beyond. */
export function scoreDomain(rows: ScoreRow[], measure: MetricMeasure): { min: number; max: number } {
  if (measure === 'pass_rate') return { min: 0, max: 1 };
  const values = rows.flatMap((r) => (r.iv ? [r.iv.lo, r.iv.hi] : []));
  return { min: Math.min(0, ...values), max: Math.max(1, ...values) };
}

/** One row per variant, top to bottom in the report's order: the estimate as a dot, its 95% interval as a bar. */
export function scoreOption(report: ReportDto, p: ChartPalette): ChartOption {
  const rows = scoreRows(report);
  const measure = report.primaryMetric.measure;
  const { min, max } = scoreDomain(rows, measure);
  const axis = axisStyle(p);
  const tick = (v: number) => (measure === 'pass_rate' ? formatPercent(v, 0) : v.toFixed(2));
  const points = rows.flatMap((r, i) => (r.iv ? [{ at: i, ...r.iv, colour: r.control ? p.muted : p.accent }] : []));
  return {
    ...baseOption(p),
    grid: { left: 8, right: 24, top: 8, bottom: 8 },
    tooltip: { ...baseOption(p).tooltip, trigger: 'item' },
    xAxis: { type: 'value', min, max, splitNumber: 4, ...axis, axisLabel: { ...axis.axisLabel, formatter: tick } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => (r.control && r.name !== 'control' ? `${r.name} (control)` : r.name)),
      ...axis,
      axisTick: { show: false },
      axisLabel: { ...axis.axisLabel, color: p.text, width: 160, overflow: 'truncate' },
      splitLine: { show: false },
    },
    series: intervalSeries({
      name: metricName(report),
      colour: p.accent,
      orientation: 'horizontal',
      points,
      tooltip: (pt) => {
        const r = rows[pt.at]!;
        return `${r.name} (${r.model})\n${formatMetric(pt.estimate, measure)}, 95% interval ${formatMetric(pt.lo, measure)} to ${formatMetric(pt.hi, measure)}, n = ${r.n}`;
      },
    }),
  };
}

/** The chart in words: each variant's estimate and interval. */
export function describeScores(report: ReportDto): string {
  const measure = report.primaryMetric.measure;
  return scoreRows(report)
    .map((r) =>
      r.iv
        ? `${r.name}: ${formatMetric(r.iv.estimate, measure)} (${formatMetric(r.iv.lo, measure)} to ${formatMetric(r.iv.hi, measure)})`
        : `${r.name}: not scored yet`,
    )
    .join('; ');
}

/** Chart height: a row per variant, at least room for the axis. */
export const rowsHeight = (rows: number, per = 30, extra = 36): number => Math.max(120, extra + rows * per);
