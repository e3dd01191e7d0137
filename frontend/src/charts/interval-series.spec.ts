import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { describe, expect, it } from 'vitest';
import { intervalSeries, renderInterval } from './interval-series';

/** A coordinate system where a value is its own pixel and a category row k sits at y = 100 k. */
function fakeApi(data: number[]): CustomSeriesRenderItemAPI {
  return { value: (dim: number) => data[dim]!, coord: ([x, y]: number[]) => [x!, y! * 100] } as unknown as CustomSeriesRenderItemAPI;
}
const params = (dataIndex: number) => ({ dataIndex }) as CustomSeriesRenderItemParams;
type Line = { shape: { x1: number; y1: number; x2: number; y2: number }; style: { stroke: string } };

describe('renderInterval', () => {
  it('draws a horizontal interval from lo to hi in its row, with end caps, shifted by the offset', () => {
    const draw = renderInterval({ colour: 'blue', orientation: 'horizontal', points: [{ at: 1, estimate: 50, lo: 40, hi: 60 }], offset: 6 });
    const group = draw(params(0), fakeApi([40, 60, 1])) as { children: Line[] };
    const [line, capLo, capHi] = group.children;
    expect(line!.shape).toEqual({ x1: 40, y1: 106, x2: 60, y2: 106 });
    expect(capLo!.shape).toEqual({ x1: 40, y1: 101, x2: 40, y2: 111 });
    expect(capHi!.shape.x1).toBe(60);
    expect(line!.style.stroke).toBe('blue');
  });

  it('draws a vertical interval at its x value in the point’s own colour', () => {
    const draw = renderInterval({ colour: 'blue', orientation: 'vertical', points: [{ at: 3, estimate: 0.5, lo: 0.4, hi: 0.6, colour: 'red' }] });
    const group = draw(params(0), fakeApi([3, 0.4, 0.6])) as { children: Line[] };
    expect(group.children[0]!.shape).toMatchObject({ x1: 3, x2: 3 });
    expect(group.children[0]!.shape.y1).toBeCloseTo(40);
    expect(group.children[0]!.shape.y2).toBeCloseTo(60);
    expect(group.children[0]!.style.stroke).toBe('red');
  });
});

describe('intervalSeries', () => {
  const points = [
    { at: 0, estimate: 0.5, lo: 0.4, hi: 0.6 },
    { at: 1, estimate: 0.7, lo: 0.6, hi: 0.8 },
  ];

  it('puts each interval’s ends in the data, so the axis takes them in, and the estimate as a marker', () => {
    const [whiskers, dots] = intervalSeries({ name: 'pass rate', colour: 'blue', orientation: 'horizontal', points });
    expect(whiskers.data).toEqual([
      [0.4, 0.6, 0],
      [0.6, 0.8, 1],
    ]);
    expect(whiskers.encode).toEqual({ x: [0, 1], y: 2 });
    expect((dots.data as Array<{ value: number[] }>).map((d) => d.value)).toEqual([
      [0.5, 0],
      [0.7, 1],
    ]);
  });

  it('escapes the tooltip text: names are data, not markup', () => {
    const [, dots] = intervalSeries({ name: 'x', colour: 'blue', orientation: 'vertical', points, tooltip: () => '<b>a</b>\nb' });
    const format = (dots.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(format({ dataIndex: 0 })).toBe('&#60;b&#62;a&#60;/b&#62;<br>b');
  });

  it('draws hollow markers where asked', () => {
    const rings = points.map((p) => ({ ...p, hollow: p.at === 1 }));
    const [, dots] = intervalSeries({ name: 'x', colour: 'blue', orientation: 'vertical', points: rings, surface: 'white' });
    const styles = (dots.data as Array<{ itemStyle: Record<string, unknown> }>).map((d) => d.itemStyle);
    expect(styles[0]).toEqual({ color: 'blue' });
    expect(styles[1]).toEqual({ color: 'white', borderColor: 'blue', borderWidth: 2 });
  });
});
