import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import type { CustomSeriesOption, ScatterSeriesOption } from 'echarts';

/** An estimate with its interval, at a category index (horizontal) or at an x value (vertical). */
export interface IntervalPoint {
  at: number;
  estimate: number;
  lo: number;
  hi: number;
  colour?: string;
  /** A ring rather than a filled dot. */
  hollow?: boolean;
}

export interface IntervalSeriesInput {
  name: string;
  colour: string;
  /** `horizontal`: the interval runs along the x axis, one row per category. `vertical`: along the y axis. */
  orientation: 'horizontal' | 'vertical';
  points: IntervalPoint[];
  /** Pixels across the interval's direction, to set two series side by side in one row (p50 and p95). */
  offset?: number;
  /** Tooltip text for each point (plain text; it is escaped). */
  tooltip?: (point: IntervalPoint, index: number) => string;
  /** The fill of a hollow marker (the page's surface). */
  surface?: string;
}

const CAP = 5;

/**
 * The interval as a line with end caps, drawn by a custom series (ECharts has no error bars). Data per point:
 * horizontal `[lo, hi, at]`, vertical `[at, lo, hi]`, so the axes' extents take in the whole interval.
 */
export function renderInterval(input: Pick<IntervalSeriesInput, 'colour' | 'orientation' | 'points' | 'offset'>) {
  return (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const horizontal = input.orientation === 'horizontal';
    const [a, b] = horizontal
      ? [api.coord([api.value(0), api.value(2)]), api.coord([api.value(1), api.value(2)])]
      : [api.coord([api.value(0), api.value(1)]), api.coord([api.value(0), api.value(2)])];
    const shift = input.offset ?? 0;
    const [x1, y1, x2, y2] = horizontal ? [a![0]!, a![1]! + shift, b![0]!, b![1]! + shift] : [a![0]! + shift, a![1]!, b![0]! + shift, b![1]!];
    const stroke = input.points[params.dataIndex]?.colour ?? input.colour;
    const style = { stroke, lineWidth: 2 };
    const cap = (x: number, y: number) =>
      horizontal
        ? { type: 'line' as const, shape: { x1: x, y1: y - CAP, x2: x, y2: y + CAP }, style }
        : { type: 'line' as const, shape: { x1: x - CAP, y1: y, x2: x + CAP, y2: y }, style };
    return {
      type: 'group',
      children: [{ type: 'line', shape: { x1, y1, x2, y2 }, style }, cap(x1, y1), cap(x2, y2)],
    };
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Interval whiskers and the estimate's marker as two series (whiskers beneath, markers carry the tooltip). */
export function intervalSeries(input: IntervalSeriesInput): [CustomSeriesOption, ScatterSeriesOption] {
  const horizontal = input.orientation === 'horizontal';
  const shift = input.offset ?? 0;
  return [
    {
      type: 'custom',
      name: input.name,
      silent: true,
      z: 1,
      color: input.colour,
      encode: horizontal ? { x: [0, 1], y: 2 } : { x: 0, y: [1, 2] },
      data: input.points.map((pt) => (horizontal ? [pt.lo, pt.hi, pt.at] : [pt.at, pt.lo, pt.hi])),
      renderItem: renderInterval(input),
    },
    {
      type: 'scatter',
      name: input.name,
      z: 2,
      color: input.colour,
      symbolSize: 11,
      symbolOffset: horizontal ? [0, shift] : [shift, 0],
      data: input.points.map((pt) => {
        const colour = pt.colour ?? input.colour;
        return {
          value: horizontal ? [pt.estimate, pt.at] : [pt.at, pt.estimate],
          itemStyle: pt.hollow ? { color: input.surface ?? '#fff', borderColor: colour, borderWidth: 2 } : { color: colour },
        };
      }),
      tooltip: input.tooltip
        ? {
            trigger: 'item',
            formatter: (p) =>
              escape(input.tooltip!(input.points[(p as { dataIndex: number }).dataIndex]!, (p as { dataIndex: number }).dataIndex)).replace(/\n/g, '<br>'),
          }
        : undefined,
    },
  ];
}
