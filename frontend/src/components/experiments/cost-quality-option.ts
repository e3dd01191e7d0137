import type { ReportDto } from '../../api/types';
import { axisStyle, baseOption } from '../../charts/base-option';
import { intervalSeries } from '../../charts/interval-series';
import type { ChartPalette } from '../../charts/palette';
import type { ChartOption } from '../../charts/types';
import { formatCost, formatMetric, formatPercent } from '../../utils/format-stats';

export interface CostQualityPoint {
  name: string;
  control: boolean;
  cost: number;
  q: number;
  lo: number;
  hi: number;
  pareto: boolean;
}

/** A point per variant that has scored results: its cost per request and its primary metric with the interval. */
export function costQualityPoints(report: ReportDto): CostQualityPoint[] {
  const { grader, measure } = report.primaryMetric;
  return report.variants.flatMap((v) => {
    const m = v.metrics[grader];
    if (!m || m.n === 0) return [];
    const iv = measure === 'pass_rate' ? m.passRate : m.mean;
    return [{ name: v.name, control: v.control, cost: v.costUsd.perRequest, q: iv.estimate, lo: iv.lo, hi: iv.hi, pareto: report.pareto.includes(v.name) }];
  });
}

/** The Pareto front as a line, cheapest first. */
export const paretoLine = (points: CostQualityPoint[]): Array<[number, number]> =>
  points
    .filter((pt) => pt.pareto)
    .sort((a, b) => a.cost - b.cost)
    .map((pt) => [pt.cost, pt.q]);

const label = (pt: CostQualityPoint) => `${pt.name}${pt.control && pt.name !== 'control' ? ' (control)' : ''}`;

/**
 * Cost per request (x) against quality (y), the interval as a whisker, the Pareto front joined by a line; points
 * on the front filled, the others rings. Pass rates stay within 0–100%.
 */
export function costQualityOption(report: ReportDto, p: ChartPalette): ChartOption {
  const points = costQualityPoints(report);
  const measure = report.primaryMetric.measure;
  const axis = axisStyle(p);
  const passRate = measure === 'pass_rate';
  return {
    ...baseOption(p),
    grid: { left: 8, right: 24, top: 16, bottom: 36 },
    tooltip: { ...baseOption(p).tooltip, trigger: 'item' },
    xAxis: {
      type: 'value',
      min: 0,
      scale: true,
      splitNumber: 3,
      name: 'cost per request',
      nameLocation: 'middle',
      nameGap: 26,
      ...axis,
      axisLabel: { ...axis.axisLabel, formatter: (v: number) => formatCost(v) },
    },
    yAxis: {
      type: 'value',
      scale: true,
      splitNumber: 4,
      min: passRate ? ({ min }: { min: number }) => Math.max(0, Math.floor(min * 10) / 10) : undefined,
      max: passRate ? ({ max }: { max: number }) => Math.min(1, Math.ceil(max * 10) / 10) : undefined,
      ...axis,
      axisLabel: { ...axis.axisLabel, formatter: (v: number) => (passRate ? formatPercent(v, 0) : v.toFixed(2)) },
    },
    series: [
      {
        type: 'line',
        name: 'Pareto front',
        data: paretoLine(points),
        symbol: 'none',
        silent: true,
        z: 0,
        lineStyle: { color: p.accent, width: 2, opacity: 0.7 },
      },
      ...intervalSeries({
        name: 'variants',
        colour: p.accent,
        orientation: 'vertical',
        points: points.map((pt) => ({ at: pt.cost, estimate: pt.q, lo: pt.lo, hi: pt.hi, colour: pt.control ? p.muted : p.accent, hollow: !pt.pareto })),
        surface: p.surface,
        tooltip: (_, i) => {
          const pt = points[i]!;
          return `${label(pt)}\n${formatMetric(pt.q, measure)} (${formatMetric(pt.lo, measure)} to ${formatMetric(pt.hi, measure)})\n${formatCost(pt.cost)} per request${pt.pareto ? '\non the Pareto front' : ''}`;
        },
      }).map((s, k) =>
        k === 1
          ? { ...s, label: { show: true, position: 'right' as const, color: p.text, formatter: (x: { dataIndex: number }) => label(points[x.dataIndex]!) } }
          : s,
      ),
    ],
  };
}

/** The chart in words: each variant's quality and cost, and whether it is on the front. */
export function describeCostQuality(report: ReportDto): string {
  const measure = report.primaryMetric.measure;
  return costQualityPoints(report)
    .map((pt) => `${pt.name}: ${formatMetric(pt.q, measure)} at ${formatCost(pt.cost)} per request${pt.pareto ? ' (on the Pareto front)' : ''}`)
    .join('; ');
}
