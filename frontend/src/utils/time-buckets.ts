import type { TimeseriesPointDto, UsageInterval } from '../api/types';

export const INTERVAL_MS: Record<UsageInterval, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Midnight UTC of `now`'s day: budgets, "spend today" and the `day` grouping all count in UTC. */
export function utcDayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** The first of `now`'s month, UTC. */
export function utcMonthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * Every bucket start from the one holding `from` to the one holding `to`. Minute, hour and day buckets all
 * start at whole multiples of their width since the epoch (in UTC), as the server's `date_trunc` does.
 */
export function bucketStarts(from: number, to: number, interval: UsageInterval): number[] {
  const width = INTERVAL_MS[interval];
  const out: number[] = [];
  for (let t = Math.floor(from / width) * width; t <= to; t += width) out.push(t);
  return out;
}

/**
 * One value per bucket for `pick` of the points: the server leaves out buckets without requests, which count
 * as `empty`: 0 for counts and spend, null (a gap in the line) for latencies.
 */
export function fillBuckets<P extends { bucket: string }>(
  buckets: number[],
  interval: UsageInterval,
  points: P[],
  pick: (p: P) => number | null,
  empty: 0 | null,
): Array<number | null> {
  const width = INTERVAL_MS[interval];
  const index = new Map(buckets.map((b, i) => [b, i]));
  const values: Array<number | null> = buckets.map(() => empty);
  for (const p of points) {
    // A server in another time zone truncates days elsewhere: such a point goes to the bucket it falls in.
    const i = index.get(Math.floor(Date.parse(p.bucket) / width) * width);
    if (i === undefined) continue;
    const v = pick(p);
    // Counts add up; a percentile cannot be added to another, so the last one stands.
    values[i] = empty === null ? v : (values[i] ?? 0) + (v ?? 0);
  }
  return values;
}

/**
 * Per-group series for a timeseries grouped by route, model or key: the `top` groups with the most of `pick`
 * in the window, and the rest summed as "other".
 */
export function splitSeries(
  buckets: number[],
  interval: UsageInterval,
  points: TimeseriesPointDto[],
  pick: (p: TimeseriesPointDto) => number,
  label: (group: string) => string,
  top = 5,
): Array<{ name: string; values: number[] }> {
  const totals = new Map<string, number>();
  for (const p of points) totals.set(p.group, (totals.get(p.group) ?? 0) + pick(p));
  const ranked = [...totals.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const kept = new Set(ranked.slice(0, top).map(([g]) => g));
  const series = [...kept].map((g) => ({
    name: label(g),
    values: fillBuckets(
      buckets,
      interval,
      points.filter((p) => p.group === g),
      pick,
      0,
    ) as number[],
  }));
  const rest = points.filter((p) => !kept.has(p.group));
  if (ranked.length > top) series.push({ name: `${ranked.length - top} more`, values: fillBuckets(buckets, interval, rest, pick, 0) as number[] });
  return series;
}
