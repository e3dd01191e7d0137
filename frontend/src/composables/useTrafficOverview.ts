import { ref, watch, type Ref } from 'vue';
import type { TimeseriesDto, UsageInterval, UsageRowDto } from '../api/types';
import { loadable } from '../stores/loadable';
import { useUsageStore } from '../stores/usage';
import { utcDayStart, utcMonthStart } from '../utils/time-buckets';

export type TrafficWindow = '1h' | '24h' | '7d' | '30d';
export type TrafficSplit = 'none' | 'route' | 'model';

const HOUR = 3_600_000;
export const TRAFFIC_WINDOWS: Record<TrafficWindow, { label: string; ms: number; interval: UsageInterval; per: string }> = {
  '1h': { label: 'Last hour', ms: HOUR, interval: 'minute', per: 'minute' },
  '24h': { label: 'Last 24 hours', ms: 24 * HOUR, interval: 'hour', per: 'hour' },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * HOUR, interval: 'hour', per: 'hour' },
  '30d': { label: 'Last 30 days', ms: 30 * 24 * HOUR, interval: 'day', per: 'day' },
};

export interface TrafficFigures {
  from: number;
  to: number;
  interval: UsageInterval;
  /** Every request in the window, as one row. */
  total: UsageRowDto | null;
  spendTodayUsd: number;
  spendMonthUsd: number;
  byRoute: UsageRowDto[];
  byModel: UsageRowDto[];
  series: TimeseriesDto;
  /** The same per route or model, when asked for. */
  split: TimeseriesDto | null;
  /** Whether the log holds any request at all (not only in this window): new servers show how to start instead. */
  anyTraffic: boolean;
}

/**
 * The Overview's traffic figures for a window: totals, spend today and this month (UTC, as budgets count),
 * the top routes and models, and the series for the charts. Re-read when the window or the split changes.
 */
export function useTrafficOverview(period: Ref<TrafficWindow>, split: Ref<TrafficSplit>) {
  const store = useUsageStore();
  const figures = ref<TrafficFigures | null>(null);
  let asked = 0;

  const { loaded, loading, error, load } = loadable(async () => {
    const ticket = ++asked;
    const now = new Date();
    const w = TRAFFIC_WINDOWS[period.value];
    const range = { from: new Date(now.getTime() - w.ms).toISOString(), to: now.toISOString() };
    const to = now.toISOString();
    const [total, today, month, byRoute, byModel, series, splitSeries, latest] = await Promise.all([
      store.summary({ ...range, groupBy: 'none' }),
      store.summary({ from: utcDayStart(now).toISOString(), to, groupBy: 'none' }),
      store.summary({ from: utcMonthStart(now).toISOString(), to, groupBy: 'none' }),
      store.summary({ ...range, groupBy: 'route' }),
      store.summary({ ...range, groupBy: 'model' }),
      store.timeseries({ ...range, interval: w.interval, groupBy: 'none' }),
      split.value === 'none' ? Promise.resolve(null) : store.timeseries({ ...range, interval: w.interval, groupBy: split.value }),
      store.requests({ limit: 1 }),
    ]);
    if (ticket !== asked) return;
    // An empty window has no row at all.
    const first = (rows: UsageRowDto[]) => rows.find((r) => r.requests > 0) ?? null;
    figures.value = {
      from: Date.parse(range.from),
      to: now.getTime(),
      interval: w.interval,
      total: first(total.rows),
      spendTodayUsd: first(today.rows)?.costUsd ?? 0,
      spendMonthUsd: first(month.rows)?.costUsd ?? 0,
      byRoute: byRoute.rows,
      byModel: byModel.rows,
      series,
      split: splitSeries,
      anyTraffic: latest.length > 0,
    };
  }, 'the traffic figures');

  watch([period, split], load, { immediate: true });

  return { figures, loaded, loading, error, load };
}
