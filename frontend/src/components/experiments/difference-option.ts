import type { ReportDto } from '../../api/types';
import { axisStyle, baseOption } from '../../charts/base-option';
import { intervalSeries } from '../../charts/interval-series';
import { referenceLines } from '../../charts/reference-lines';
import type { ChartPalette } from '../../charts/palette';
import type { ChartOption } from '../../charts/types';
import { formatDifference } from '../../utils/format-stats';

export interface DifferenceRow {
  variant: string;
  estimate: number;
  lo: number;
  hi: number;
  /** The always-valid interval (live and shadow runs), which their verdicts use. */
  always: boolean;
}

/** Each candidate's difference to the control on the primary metric, with the interval its verdict used. */
export function differenceRows(report: ReportDto): DifferenceRow[] {
  return report.verdicts.flatMap((v) => {
    const c = report.comparisons.find((x) => x.variant === v.variant && x.grader === report.primaryMetric.grader);
    if (!c) return [];
    const shown = c.alwaysValid ?? c;
    return [{ variant: v.variant, estimate: c.estimate, lo: shown.lo, hi: shown.hi, always: !!c.alwaysValid }];
  });
}

/** Symmetric around zero, wide enough for every interval and the margin, with some room. */
export function differenceDomain(rows: DifferenceRow[], margin: number): number {
  const bounds = rows.flatMap((r) => [r.lo, r.hi]).filter(Number.isFinite);
  return Math.max(margin, ...bounds.map(Math.abs)) * 1.15 || 0.1;
}

/**
 * A forest plot: a row per candidate, its difference to the control as a dot with the 95% interval, a solid
 * line at zero and a dashed one at the non-inferiority margin. Green when the interval is all above zero (a
 * real improvement), red when all below.
 */
export function differenceOption(report: ReportDto, p: ChartPalette): ChartOption {
  const rows = differenceRows(report);
  const measure = report.primaryMetric.measure;
  const m = differenceDomain(rows, report.nonInferiorityMargin);
  const axis = axisStyle(p);
  const [whiskers, dots] = intervalSeries({
    name: 'difference to the control',
    colour: p.accent,
    orientation: 'horizontal',
    points: rows.map((r, i) => ({ at: i, estimate: r.estimate, lo: r.lo, hi: r.hi, colour: r.lo > 0 ? p.success : r.hi < 0 ? p.danger : p.accent })),
    tooltip: (pt) => {
      const r = rows[pt.at]!;
      return `${r.variant} against ${report.control}\n${formatDifference(r.estimate, measure)}, 95% ${r.always ? 'always-valid ' : ''}interval ${formatDifference(r.lo, measure)} to ${formatDifference(r.hi, measure)}`;
    },
  });
  return {
    ...baseOption(p),
    grid: { left: 8, right: 24, top: 24, bottom: 8 },
    tooltip: { ...baseOption(p).tooltip, trigger: 'item' },
    xAxis: {
      type: 'value',
      min: -m,
      max: m,
      splitNumber: 4,
      ...axis,
      axisLabel: { ...axis.axisLabel, formatter: (v: number) => formatDifference(v, measure) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.variant),
      ...axis,
      axisTick: { show: false },
      axisLabel: { ...axis.axisLabel, color: p.text, width: 160, overflow: 'truncate' },
      splitLine: { show: false },
    },
    series: [
      referenceLines(
        [
          { at: 0, label: 'no difference' },
          { at: -report.nonInferiorityMargin, label: 'margin', dashed: true },
        ],
        p.muted,
      ),
      whiskers,
      dots,
    ],
  };
}
