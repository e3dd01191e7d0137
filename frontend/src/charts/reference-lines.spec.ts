import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { describe, expect, it } from 'vitest';
import { referenceLines, renderReferenceLine } from './reference-lines';

describe('referenceLines', () => {
  const lines = [
    { at: 0, label: 'no difference' },
    { at: -0.02, label: 'margin', dashed: true },
  ];

  it('puts each line’s place in the data, so the axis takes it in', () => {
    expect(referenceLines(lines, 'grey').data).toEqual([[0], [-0.02]]);
  });

  it('draws a line across the whole plot at its x, labelled above, dashed where asked', () => {
    const api = { coord: ([x]: number[]) => [100 + 1000 * x!, 0] } as unknown as CustomSeriesRenderItemAPI;
    const params = { dataIndex: 1, coordSys: { x: 0, y: 20, width: 400, height: 200 } } as unknown as CustomSeriesRenderItemParams;
    const drawn = renderReferenceLine(lines, 'grey')(params, api) as unknown as {
      children: [{ shape: object; style: { lineDash?: number[] } }, { x: number; y: number; style: { text: string } }];
    };
    const [line, label] = drawn.children;
    expect(line.shape).toEqual({ x1: 80, y1: 20, x2: 80, y2: 220 });
    expect(line.style.lineDash).toEqual([4, 4]);
    expect(label).toMatchObject({ x: 80, y: 16, style: { text: 'margin' } });
  });
});
