import { defineStore } from 'pinia';
import { api } from '../api/client';
import type { CacheOutcome, RequestLogDetailDto, RequestLogDto, TimeseriesDto, UsageGroup, UsageInterval, UsageSummaryDto } from '../api/types';

export interface UsageQuery {
  from?: string;
  to?: string;
  groupBy?: UsageGroup;
  keyId?: string;
  route?: string;
}

export interface RequestsQuery {
  before?: string;
  limit?: number;
  route?: string;
  keyId?: string;
  status?: 'ok' | 'error';
  /** Only requests at or after this instant. */
  from?: string;
  /** Asked for or served by this model. */
  model?: string;
  experimentId?: string;
  /** Only requests where the response cache did this. */
  cache?: CacheOutcome;
}

/** `?a=1&b=2` from the set fields only. */
function query(q: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * The request log and the figures aggregated from it. Pages keep what they read (a window, a filter, a page of
 * rows): nothing here is shared between pages, so the store holds no state of its own.
 */
export const useUsageStore = defineStore('usage', () => {
  const summary = (q: UsageQuery) => api.get<UsageSummaryDto>(`/api/usage/summary${query(q)}`);

  const timeseries = (q: UsageQuery & { interval: UsageInterval }) => api.get<TimeseriesDto>(`/api/usage/timeseries${query(q)}`);

  const requests = (q: RequestsQuery) => api.get<RequestLogDto[]>(`/api/requests${query(q)}`);

  const request = (requestId: string) => api.get<RequestLogDetailDto>(`/api/requests/${encodeURIComponent(requestId)}`);

  return { summary, timeseries, requests, request };
});
