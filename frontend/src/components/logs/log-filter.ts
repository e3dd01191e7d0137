import type { LocationQuery } from 'vue-router';
import type { CacheOutcome } from '../../api/types';
import { queryText } from '../../utils/route-query';
import { isCacheOutcome } from './cache-status';

const HOUR = 3_600_000;
/** The time ranges offered in one click, counted back from the moment the log is read. */
export const SINCE = {
  '1h': { label: 'Last hour', ms: HOUR },
  '24h': { label: 'Last 24 hours', ms: 24 * HOUR },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * HOUR },
  '30d': { label: 'Last 30 days', ms: 30 * 24 * HOUR },
} as const;
export type Since = keyof typeof SINCE;
const STATUSES = ['ok', 'error'] as const;

/** What the server filters the request log by; free-text search is applied to the loaded rows by the page. */
export interface LogFilter {
  route: string;
  keyId: string;
  status: '' | (typeof STATUSES)[number];
  /** A model asked for or served by (`provider/model`), or a route alias as sent. */
  model: string;
  experimentId: string;
  /** What the response cache did. */
  cache: '' | CacheOutcome;
  /** A range back from now; '' for any time or for the `from`–`to` range below. */
  since: '' | Since;
  /** ISO 8601 bounds of a range chosen by hand (either may be ''). */
  from: string;
  to: string;
}

/** The address's query parameter of each filter (short, and what a person would type). */
const PARAM: Record<keyof LogFilter, string> = {
  route: 'route',
  keyId: 'key',
  status: 'status',
  model: 'model',
  experimentId: 'experiment',
  cache: 'cache',
  since: 'since',
  from: 'from',
  to: 'to',
};

const validTime = (v: string) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : '');

/** The filter in an address; unknown values are ignored rather than sent to the server to be refused. */
export function filterFromQuery(query: LocationQuery): LogFilter {
  const q = (k: keyof LogFilter) => queryText(query, PARAM[k]).trim();
  const raw = q('since');
  const since = Object.hasOwn(SINCE, raw) ? (raw as Since) : '';
  const status = q('status');
  const cache = q('cache');
  return {
    route: q('route'),
    keyId: q('keyId'),
    status: STATUSES.find((s) => s === status) ?? '',
    model: q('model'),
    experimentId: q('experimentId'),
    cache: isCacheOutcome(cache) ? cache : '',
    since,
    // A range back from now wins over one picked by hand: the address can only hold both if typed so.
    from: since ? '' : validTime(q('from')),
    to: since ? '' : validTime(q('to')),
  };
}

/** Query changes for `changes`: choosing a range back from now drops a hand-picked one, and the other way round. */
export function filterToQuery(changes: Partial<LogFilter>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(changes) as Array<[keyof LogFilter, string]>) out[PARAM[k]] = v;
  if (changes.since) Object.assign(out, { from: '', to: '' });
  if (changes.from || changes.to) out.since = '';
  return out;
}

/** Every filter cleared, as query changes. */
export function clearedQuery(): Record<string, string> {
  return Object.fromEntries(Object.values(PARAM).map((p) => [p, '']));
}

export function isFiltered(f: LogFilter): boolean {
  return Object.values(f).some((v) => v !== '');
}

/** The server's bounds for the filter's time range at `now`: `from` inclusive, `before` exclusive. */
export function timeBounds(f: LogFilter, now: number): { from?: string; before?: string } {
  if (f.since) return { from: new Date(now - SINCE[f.since].ms).toISOString() };
  return { from: f.from || undefined, before: f.to || undefined };
}
