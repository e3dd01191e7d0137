import type {
  ComposeOption,
  CustomSeriesOption,
  GridComponentOption,
  LegendComponentOption,
  LineSeriesOption,
  ScatterSeriesOption,
  TooltipComponentOption,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts';

/** An ECharts option restricted to what charts/echarts.ts registers. Type-only: importing it costs no bytes. */
export type ChartOption = ComposeOption<
  LineSeriesOption | ScatterSeriesOption | CustomSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;
export type ChartSeriesOption = LineSeriesOption | ScatterSeriesOption | CustomSeriesOption;
export type { CustomSeriesOption, XAXisComponentOption, YAXisComponentOption };
