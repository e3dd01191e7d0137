// Routes, their versions, diffs and live health (`/api/routes`).

/** A route target: a catalogue model and its share of traffic (0 = fallback only). */
export interface RouteTarget {
  model: string;
  weight: number;
  overrides?: { temperature?: number; top_p?: number; max_tokens?: number; seed?: number; system?: string };
}

/** The full content of one route version, defaults filled in. */
export interface RouteSpec {
  targets: RouteTarget[];
  fallback: {
    on: string[];
    maxAttempts: number;
    backoff: { initialMs: number; maxMs: number; multiplier: number; jitter: boolean };
    attemptTimeoutMs?: number;
    totalTimeoutMs?: number;
  };
  breaker: { failureThreshold: number; errorRate: number; windowMs: number; minRequests: number; cooldownMs: number };
  sticky: 'user' | 'header' | 'none';
  capture: { bodies: boolean; redact: string[] };
  /** Absent means weighted. */
  strategy?: RoutingStrategy;
  exploration?: number;
  downgrade?: { model: string; threshold: number; routeDailyBudgetUsd?: number };
  /** The response cache; absent when the route never configured one. */
  cache?: { enabled: boolean; ttlSeconds: number; shared: boolean; optIn: boolean };
}

export type RoutingStrategy = 'weighted' | 'cheapest' | 'fastest' | 'ordered';

/** `GET /api/routes/{alias}/health`: this gateway process's live view of a route. */
export interface RouteHealthDto {
  alias: string;
  version: number;
  strategy: RoutingStrategy;
  perProcess: boolean;
  avgInputTokens: number | null;
  avgOutputTokens: number | null;
  targets: Array<{
    model: string;
    weight: number;
    downgradeOnly: boolean;
    breaker: 'closed' | 'open' | 'half_open';
    available: boolean;
    latencyMs: number | null;
    ttftMs: number | null;
    errorRate: number;
    requests: number;
    failures: number;
    lastCallAt: string | null;
    inputPricePerM: number | null;
    outputPricePerM: number | null;
  }>;
  decisions: Array<{
    at: string;
    strategy: RoutingStrategy;
    source: 'route' | 'suffix' | 'provider.sort';
    order: string[];
    served?: string;
    error?: string;
    explored?: boolean;
    why: string;
  }>;
}

export interface RouteVersionDto {
  version: number;
  spec: RouteSpec;
  actor: string;
  reason: string;
  rollbackOf: number | null;
  createdAt: string;
}

/** `GET /api/routes` */
export interface RouteDto {
  id: string;
  alias: string;
  description: string;
  currentVersion: number;
  current: RouteVersionDto;
  createdAt: string;
  updatedAt: string;
}

/** One change between two route versions. */
export interface RouteChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}
