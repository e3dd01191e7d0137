import type { CustomSeriesOption, CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';

export interface ReferenceLine {
  /** Where on the x axis. */
  at: number;
  label: string;
  dashed?: boolean;
}

/**
 * Vertical reference lines across the whole plot (zero, a margin), labelled above it. A custom series rather
 * than ECharts' markLine: the custom series is registered anyway, markLine would add 13 KiB gzipped.
 */
export function renderReferenceLine(lines: ReferenceLine[], colour: string) {
  return (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const line = lines[params.dataIndex]!;
    const box = params.coordSys as unknown as { y: number; height: number };
    const x = api.coord([line.at, 0])[0]!;
    return {
      type: 'group',
      children: [
        {
          type: 'line',
          shape: { x1: x, y1: box.y, x2: x, y2: box.y + box.height },
          style: { stroke: colour, lineWidth: 1, lineDash: line.dashed ? [4, 4] : undefined },
        },
        { type: 'text', x, y: box.y - 4, style: { text: line.label, fill: colour, align: 'center', verticalAlign: 'bottom', fontSize: 11 } },
      ],
    };
  };
}

export function referenceLines(lines: ReferenceLine[], colour: string): CustomSeriesOption {
  return {
    type: 'custom',
    name: 'reference lines',
    silent: true,
    z: 0,
    encode: { x: 0 },
    data: lines.map((l) => [l.at]),
    renderItem: renderReferenceLine(lines, colour),
  };
}
