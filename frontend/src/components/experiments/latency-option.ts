import type { IntervalDto, ReportDto } from '../../api/types';
import { axisStyle, baseOption, legendStyle } from '../../charts/base-option';
import { type IntervalPoint, intervalSeries } from '../../charts/interval-series';
import { type ChartPalette, seriesColour } from '../../charts/palette';
import type { ChartOption } from '../../charts/types';
import { formatMs } from '../../utils/format-stats';

const PERCENTILES = [
  { key: 'p50', label: 'p50 (median)', offset: -6 },
  { key: 'p95', label: 'p95', offset: 6 },
] as const;

const range = (iv: IntervalDto) => `${formatMs(iv.estimate)} (${formatMs(iv.lo)} to ${formatMs(iv.hi)})`;

/**
 * Latency per variant: the median and the 95th percentile of the successful calls, each with its bootstrap 95%
 * interval, side by side in the variant's row. (The report carries percentiles, not the samples: no histogram.)
 */
export function latencyOption(report: ReportDto, p: ChartPalette): ChartOption {
  const axis = axisStyle(p);
  const names = report.variants.map((v) => (v.control && v.name !== 'control' ? `${v.name} (control)` : v.name));
  return {
    ...baseOption(p),
    grid: { left: 8, right: 24, top: 8, bottom: 36 },
    tooltip: { ...baseOption(p).tooltip, trigger: 'item' },
    legend: { ...legendStyle(p), data: PERCENTILES.map((q) => q.label) },
    xAxis: { type: 'value', min: 0, splitNumber: 4, ...axis, axisLabel: { ...axis.axisLabel, formatter: (v: number) => formatMs(v) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      ...axis,
      axisTick: { show: false },
      axisLabel: { ...axis.axisLabel, color: p.text, width: 160, overflow: 'truncate' },
      splitLine: { show: false },
    },
    series: PERCENTILES.flatMap((q, k) => {
      const points: IntervalPoint[] = report.variants.flatMap((v, i) => {
        const iv = v.latencyMs[q.key];
        return iv ? [{ at: i, ...iv }] : [];
      });
      return intervalSeries({
        name: q.label,
        colour: seriesColour(p, k),
        orientation: 'horizontal',
        points,
        offset: q.offset,
        tooltip: (pt) => `${report.variants[pt.at]!.name}, latency ${q.key}\n${range(pt)}`,
      });
    }),
  };
}

/** The chart in words: each variant's p50 and p95 with intervals. */
export function describeLatency(report: ReportDto): string {
  return report.variants
    .map((v) => {
      const { p50, p95 } = v.latencyMs;
      if (!p50 && !p95) return `${v.name}: no successful calls`;
      return `${v.name}: p50 ${p50 ? range(p50) : '—'}, p95 ${p95 ? range(p95) : '—'}`;
    })
    .join('; ');
}

/** Whether any variant has a latency to show. */
export const hasLatency = (report: ReportDto): boolean => report.variants.some((v) => v.latencyMs.p50 || v.latencyMs.p95);
