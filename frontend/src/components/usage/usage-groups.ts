import type { RouteLocationRaw } from 'vue-router';
import type { UsageGroup, UsageRowDto } from '../../api/types';
import { toCsv } from '../../utils/csv';

/** The groupings a reader can choose, with their column heading. */
export const GROUP_LABEL: Record<Exclude<UsageGroup, 'none'>, string> = { model: 'Model', route: 'Route', key: 'Key', day: 'Day (UTC)' };
/** The same in running text ("Spend by model"). */
export const GROUP_NOUN: Record<Exclude<UsageGroup, 'none'>, string> = { model: 'model', route: 'route', key: 'key', day: 'day (UTC)' };

// An empty group is a real bucket: requests without a key, that named a model directly rather than a route, or
// that failed before any model was chosen.
const EMPTY_GROUP: Record<UsageGroup, string> = {
  key: '(no key)',
  route: '(no route)',
  model: '(no model)',
  day: '(no day)',
  none: 'All requests',
};

export function groupLabel(groupBy: UsageGroup, group: string): string {
  return group || EMPTY_GROUP[groupBy];
}

/** The request log filtered to one group's requests, where the log can filter by it. */
export function logsLink(groupBy: UsageGroup, row: Pick<UsageRowDto, 'group' | 'keyId'>): RouteLocationRaw | undefined {
  if (groupBy === 'route' && row.group) return { name: 'logs', query: { route: row.group } };
  if (groupBy === 'key' && row.keyId) return { name: 'logs', query: { key: row.keyId } };
  if (groupBy === 'model' && row.group) return { name: 'logs', query: { model: row.group } };
  const day = groupBy === 'day' ? Date.parse(`${row.group}T00:00:00Z`) : NaN;
  if (!Number.isNaN(day)) return { name: 'logs', query: { from: new Date(day).toISOString(), to: new Date(day + 86_400_000).toISOString() } };
  return undefined;
}

/** The usage table as CSV: raw numbers (USD, milliseconds), one row per group, an empty cell for an empty group. */
export function usageCsv(groupBy: Exclude<UsageGroup, 'none'>, rows: UsageRowDto[]): string {
  const withKey = groupBy === 'key';
  const header = [
    groupBy,
    ...(withKey ? ['key_id'] : []),
    'requests',
    'errors',
    'error_rate',
    'input_tokens',
    'output_tokens',
    'cost_usd',
    'latency_p50_ms',
    'latency_p95_ms',
    'latency_p99_ms',
    'ttft_p50_ms',
  ];
  return toCsv(
    header,
    rows.map((r) => [
      r.group,
      ...(withKey ? [r.keyId ?? ''] : []),
      r.requests,
      r.errors,
      r.errorRate,
      r.inputTokens,
      r.outputTokens,
      r.costUsd,
      r.latencyP50Ms,
      r.latencyP95Ms,
      r.latencyP99Ms,
      r.ttftP50Ms,
    ]),
  );
}
