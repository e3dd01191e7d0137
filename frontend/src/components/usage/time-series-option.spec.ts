import { describe, expect, it } from 'vitest';
import { LIGHT_PALETTE } from '../../charts/palette';
import { bucketLabels, describeTimeSeries, hasValues, timeSeriesOption } from './time-series-option';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-12-06T00:00:00Z');
const hours = [T0, T0 + H, T0 + 2 * H, T0 + 3 * H];
const ms = (v: number) => `${v} ms`;
type Line = { name: string; color: string; data: unknown[]; symbolSize: number; areaStyle?: unknown; connectNulls: boolean };

describe('timeSeriesOption', () => {
  it('draws one line per series, a gap (not a join) where a bucket has no value, and a dot on an isolated value', () => {
    const sut = timeSeriesOption(
      {
        buckets: hours,
        interval: 'hour',
        series: [
          { name: 'p50', values: [100, null, 120, 130] },
          { name: 'p95', values: [200, null, null, 400] },
        ],
        format: ms,
      },
      LIGHT_PALETTE,
    );
    const [p50, p95] = sut.series as Line[];
    expect(p50!.data).toEqual([{ value: 100, symbolSize: 6 }, null, 120, 130]);
    expect(p95!.data).toEqual([{ value: 200, symbolSize: 6 }, null, null, { value: 400, symbolSize: 6 }]);
    expect(p95!.connectNulls).toBe(false);
    expect(p50!.color).toBe(LIGHT_PALETTE.series[0]);
    expect(p95!.color).toBe(LIGHT_PALETTE.series[1]);
    expect(sut.legend).toMatchObject({ bottom: 0 });
  });

  it('colours errors as danger, fills under the first series only, and keeps a count axis to whole numbers', () => {
    const sut = timeSeriesOption(
      {
        buckets: hours,
        interval: 'hour',
        series: [
          { name: 'Requests', values: [1, 2, 3, 4] },
          { name: 'Errors', values: [0, 1, 0, 0], tone: 'danger' },
        ],
        format: String,
        area: true,
        integer: true,
      },
      LIGHT_PALETTE,
    );
    const [requests, errors] = sut.series as Line[];
    expect(requests!.areaStyle).toBeDefined();
    expect(errors!.areaStyle).toBeUndefined();
    expect(errors!.color).toBe(LIGHT_PALETTE.danger);
    expect(sut.yAxis).toMatchObject({ type: 'value', min: 0, minInterval: 1 });
  });

  it('hides the dots when buckets are many and the legend when there is one series', () => {
    const buckets = Array.from({ length: 90 }, (_, i) => T0 + i * D);
    const sut = timeSeriesOption({ buckets, interval: 'day', series: [{ name: 'Spend', values: buckets.map(() => 1) }], format: String }, LIGHT_PALETTE);
    expect((sut.series as Line[])[0]!.symbolSize).toBe(0);
    expect(sut.legend).toEqual({ show: false });
  });

  it('formats the value axis and the tooltip with the given format', () => {
    const sut = timeSeriesOption({ buckets: hours, interval: 'hour', series: [{ name: 'p50', values: [1, 2, 3, 4] }], format: ms }, LIGHT_PALETTE);
    const y = sut.yAxis as { axisLabel: { formatter: (v: number) => string } };
    expect(y.axisLabel.formatter(250)).toBe('250 ms');
    const tooltip = sut.tooltip as { valueFormatter: (v: unknown) => string };
    expect(tooltip.valueFormatter(12)).toBe('12 ms');
    expect(tooltip.valueFormatter(null)).toBe('—');
  });
});

describe('bucketLabels', () => {
  it('labels day buckets as UTC days', () => {
    const { short, long } = bucketLabels([T0, T0 + D], 'day', 'en-GB');
    expect(short).toEqual(['6 Dec', '7 Dec']);
    expect(long[0]).toBe('6 Dec 2026');
  });

  it('labels hours of one day by the time only, and a longer span with the day', () => {
    expect(bucketLabels(hours, 'hour', 'en-GB').short[1]).toMatch(/^\d\d:00$/);
    expect(bucketLabels([T0, T0 + 3 * D], 'hour', 'en-GB').short[0]).toMatch(/Dec/);
  });
});

describe('describeTimeSeries', () => {
  it('says each series’ total and peak, or that it has no data', () => {
    const text = describeTimeSeries({
      buckets: hours,
      interval: 'hour',
      series: [
        { name: 'Requests', values: [1, 0, 5, 2] },
        { name: 'p95', values: [null, null, null, null] },
      ],
      format: String,
      totals: true,
    });
    expect(text).toMatch(/^Requests: 8 in all, highest 5 at .+; p95: no data$/);
  });
});

describe('hasValues', () => {
  it('is false when every value is zero or missing', () => {
    expect(hasValues([{ name: 'Spend', values: [0, null, 0] }])).toBe(false);
    expect(hasValues([{ name: 'Spend', values: [0, 0.01] }])).toBe(true);
  });
});
