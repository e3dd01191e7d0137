import type { UsageInterval } from '../../api/types';
import { axisStyle, baseOption, legendStyle } from '../../charts/base-option';
import { type ChartPalette, seriesColour } from '../../charts/palette';
import type { ChartOption } from '../../charts/types';
import { INTERVAL_MS } from '../../utils/time-buckets';
import type { ChartSeries } from './chart-series';

export interface TimeSeriesInput {
  buckets: number[];
  interval: UsageInterval;
  series: ChartSeries[];
  format: (v: number) => string;
  /** Fill under the first series. */
  area?: boolean;
  /** Counts: the value axis steps by whole numbers. */
  integer?: boolean;
}

/** With more buckets than this a line carries no dots (they would crowd); isolated values always get one. */
const DOTS_UP_TO = 32;

/**
 * Each bucket's axis label and its long form (tooltips, descriptions). Day buckets are UTC days: labelled as
 * such, or a reader west of Greenwich sees the day before.
 */
export function bucketLabels(buckets: number[], interval: UsageInterval, locale?: string): { short: string[]; long: string[] } {
  const span = (buckets.at(-1) ?? 0) - (buckets[0] ?? 0);
  const short =
    interval === 'day'
      ? new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' })
      : span <= 36 * INTERVAL_MS.hour
        ? new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })
        : new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit' });
  const long =
    interval === 'day'
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
      : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return { short: buckets.map((b) => short.format(b)), long: buckets.map((b) => long.format(b)) };
}

/** A value with no known neighbour draws no line: it needs a dot to be seen. */
function isolated(values: Array<number | null>, i: number): boolean {
  return values[i] !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null;
}

/** Lines over time, one per series; a null value leaves a gap rather than joining across it. */
export function timeSeriesOption(input: TimeSeriesInput, p: ChartPalette): ChartOption {
  const { short, long } = bucketLabels(input.buckets, input.interval);
  const dots = input.buckets.length <= DOTS_UP_TO;
  const legend = input.series.length > 1;
  const axis = axisStyle(p);
  return {
    ...baseOption(p),
    grid: { left: 8, right: 16, top: 12, bottom: legend ? 40 : 8 },
    tooltip: { ...baseOption(p).tooltip, trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? input.format(v) : '—') },
    legend: legend ? { ...legendStyle(p), type: 'scroll' } : { show: false },
    xAxis: {
      type: 'category',
      data: long,
      boundaryGap: false,
      ...axis,
      axisLabel: { ...axis.axisLabel, formatter: (_: string, i: number) => short[i] ?? '' },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      splitNumber: 4,
      minInterval: input.integer ? 1 : undefined,
      ...axis,
      axisLabel: { ...axis.axisLabel, formatter: (v: number) => input.format(v) },
    },
    series: input.series.map((s, index) => {
      const colour = s.tone === 'danger' ? p.danger : seriesColour(p, index);
      return {
        type: 'line' as const,
        name: s.name,
        color: colour,
        connectNulls: false,
        showSymbol: true,
        showAllSymbol: true,
        symbolSize: dots ? 5 : 0,
        lineStyle: { width: 2 },
        areaStyle: input.area && index === 0 ? { opacity: 0.14 } : undefined,
        data: s.values.map((v, i) => (isolated(s.values, i) ? { value: v, symbolSize: 6 } : v)),
      };
    }),
  };
}

/** The chart in words for screen readers: each series' peak (and total, for counts and spend). */
export function describeTimeSeries(input: TimeSeriesInput & { totals?: boolean }): string {
  const { long } = bucketLabels(input.buckets, input.interval);
  return input.series
    .map((s) => {
      const known = s.values.map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v !== null);
      if (!known.length) return `${s.name}: no data`;
      const peak = known.reduce((a, b) => (b.v > a.v ? b : a));
      const total = input.totals ? `${input.format(known.reduce((a, b) => a + b.v, 0))} in all, ` : '';
      return `${s.name}: ${total}highest ${input.format(peak.v)} at ${long[peak.i]}`;
    })
    .join('; ');
}

/** Whether there is anything to draw: some value above zero. */
export const hasValues = (series: ChartSeries[]): boolean => series.some((s) => s.values.some((v) => v !== null && v > 0));
