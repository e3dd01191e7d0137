import { describe, expect, it } from 'vitest';
import { bucketStarts, fillBuckets, splitSeries, utcDayStart, utcMonthStart } from './time-buckets';

const H = 3_600_000;
const T0 = Date.parse('2026-12-06T10:00:00Z');
const point = (bucket: number, over: Record<string, unknown> = {}) => ({
  bucket: new Date(bucket).toISOString(),
  group: '',
  requests: 1,
  errors: 0,
  errorRate: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  cacheHits: 0,
  cacheMisses: 0,
  cacheHitRate: null,
  savedUsd: 0,
  latencyP50Ms: 100,
  latencyP95Ms: 200,
  latencyP99Ms: 300,
  ttftP50Ms: null,
  ...over,
});

describe('time buckets', () => {
  it('lists every bucket from the one holding `from` to the one holding `to`', () => {
    expect(bucketStarts(T0 + 10 * 60_000, T0 + 3 * H + 5, 'hour')).toEqual([T0, T0 + H, T0 + 2 * H, T0 + 3 * H]);
    expect(bucketStarts(T0, T0, 'minute')).toEqual([T0]);
  });

  it('fills missing buckets with 0 for counts and null (a gap) for latencies', () => {
    const buckets = bucketStarts(T0, T0 + 3 * H, 'hour');
    const points = [point(T0, { requests: 3 }), point(T0 + 2 * H, { requests: 5, latencyP50Ms: 80 })];
    expect(fillBuckets(buckets, 'hour', points, (p) => p.requests, 0)).toEqual([3, 0, 5, 0]);
    expect(fillBuckets(buckets, 'hour', points, (p) => p.latencyP50Ms, null)).toEqual([100, null, 80, null]);
  });

  it('adds counts of points that fall in one bucket, and drops points outside the window', () => {
    const buckets = bucketStarts(T0, T0 + H, 'hour');
    const points = [point(T0 + 60_000, { requests: 2 }), point(T0 + 120_000, { requests: 4 }), point(T0 + 5 * H, { requests: 9 })];
    expect(fillBuckets(buckets, 'hour', points, (p) => p.requests, 0)).toEqual([6, 0]);
  });

  it('keeps the top groups and sums the rest as "n more"', () => {
    const buckets = bucketStarts(T0, T0 + H, 'hour');
    const points = [
      point(T0, { group: 'a', requests: 10 }),
      point(T0 + H, { group: 'b', requests: 7 }),
      point(T0, { group: 'c', requests: 2 }),
      point(T0 + H, { group: 'd', requests: 1 }),
    ];
    const series = splitSeries(
      buckets,
      'hour',
      points,
      (p) => p.requests,
      (g) => g.toUpperCase(),
      2,
    );
    expect(series).toEqual([
      { name: 'A', values: [10, 0] },
      { name: 'B', values: [0, 7] },
      { name: '2 more', values: [2, 1] },
    ]);
  });

  it('counts days and months in UTC', () => {
    const now = new Date('2026-12-06T23:30:00-05:00');
    expect(utcDayStart(now).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(utcMonthStart(now).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
});
