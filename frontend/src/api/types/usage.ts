// Usage summaries and time series (`/api/usage`).

/** One row of `GET /api/usage/summary`. */
export interface UsageRowDto {
  group: string;
  keyId?: string;
  requests: number;
  errors: number;
  errorRate: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cacheHits: number;
  cacheMisses: number;
  /** hits / (hits + misses); null when the cache looked nothing up. */
  cacheHitRate: number | null;
  /** What the hits would have cost. */
  savedUsd: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  ttftP50Ms: number | null;
}

/** How `GET /api/usage/summary` and `/timeseries` group their rows (`model` is the target that served the request). */
export type UsageGroup = 'key' | 'route' | 'model' | 'day' | 'none';

export type UsageInterval = 'minute' | 'hour' | 'day';

/** `GET /api/usage/summary` */
export interface UsageSummaryDto {
  from: string;
  to: string;
  groupBy: UsageGroup;
  rows: UsageRowDto[];
}

/** One bucket of `GET /api/usage/timeseries`; buckets without requests are left out. */
export interface TimeseriesPointDto extends UsageRowDto {
  /** Bucket start (ISO 8601). */
  bucket: string;
}

/** `GET /api/usage/timeseries` */
export interface TimeseriesDto {
  from: string;
  to: string;
  interval: UsageInterval;
  groupBy: UsageGroup;
  points: TimeseriesPointDto[];
}
