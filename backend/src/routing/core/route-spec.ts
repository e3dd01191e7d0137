import type { ProviderErrorKind } from '../../providers/provider-error.js';
import type { BreakerSettings } from './breaker.js';

/** Request parameters a target may force, whatever the client sent. */
export interface TargetOverrides {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  /** A system message put before the client's messages. */
  system?: string;
}

export interface RouteTarget {
  /** A catalogue model, `<provider>/<model>`. */
  model: string;
  /** Share of traffic, 0–100; all weights of a route add up to 100. Weight 0 makes a fallback-only target. */
  weight: number;
  overrides?: TargetOverrides;
}

export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** Full jitter: each delay is uniform in [0, computed delay]. */
  jitter: boolean;
}

export interface FallbackPolicy {
  /** Error kinds that fall through to the next attempt; any other error goes straight to the client. */
  on: ProviderErrorKind[];
  /** Attempts in all, across targets (1 = no fallback). */
  maxAttempts: number;
  backoff: BackoffSettings;
  /** Limit of one attempt; when absent the provider account's total timeout applies. */
  attemptTimeoutMs?: number;
  /** Limit of the whole request, attempts and waits included. */
  totalTimeoutMs?: number;
}

/** Where the sticky key comes from: the body's `user`, only the `x-switchyard-sticky-key` header, or nowhere. */
export type StickySource = 'user' | 'header' | 'none';

export interface CaptureSettings {
  /** Store request and response bodies in the request log. */
  bodies: boolean;
  /** Regular expressions whose matches are replaced by `[REDACTED]` in stored bodies. */
  redact: string[];
}

/**
 * How a route orders its targets for a request (fallbacks then walk that order):
 * - `weighted`: a weighted random (or sticky) first choice, the rest by weight;
 * - `cheapest`: lowest expected cost per request (catalogue prices × the route's observed token counts);
 * - `fastest`: lowest observed latency (decayed moving average), with a small exploration share;
 * - `ordered`: the targets in the order they are listed.
 * Targets whose breaker is open go last whatever the strategy.
 */
export type RoutingStrategy = 'weighted' | 'cheapest' | 'fastest' | 'ordered';

export const STRATEGIES: readonly RoutingStrategy[] = ['weighted', 'cheapest', 'fastest', 'ordered'];

/** A cheaper target used once a daily budget (the key's, or the route's own) passes `threshold` of itself. */
export interface DowngradeSettings {
  /** A catalogue model, `<provider>/<model>`; need not be one of the route's targets. */
  model: string;
  /** Share of the budget (0..1) from which the downgrade applies. */
  threshold: number;
  /** The route's own daily budget in USD, counted over every key; absent = only keys' budgets apply. */
  routeDailyBudgetUsd?: number;
}

/** The response cache of a route (see backend/src/gateway/cache). */
export interface CacheSettings {
  /** Answers are cached by default; a request may still send `x-switchyard-cache: off` or `refresh`. */
  enabled: boolean;
  /** How long a stored answer is served, in seconds. */
  ttlSeconds: number;
  /** One cache for every API key; by default each key only sees answers to its own requests. */
  shared: boolean;
  /** When `enabled` is false: a request may turn caching on for itself with `x-switchyard-cache: on`. */
  optIn: boolean;
}

/** The content of one immutable route version. */
export interface RouteSpec {
  targets: RouteTarget[];
  fallback: FallbackPolicy;
  breaker: BreakerSettings;
  sticky: StickySource;
  capture: CaptureSettings;
  /** Absent means `weighted` (every version written before strategies existed). */
  strategy?: RoutingStrategy;
  /** `fastest` only: share of requests (0..0.5) sent first to another healthy target so a recovered one is noticed. Absent = {@link DEFAULT_EXPLORATION}. */
  exploration?: number;
  downgrade?: DowngradeSettings;
  /** Absent on versions written before the cache existed, and when not configured: no caching. */
  cache?: CacheSettings;
}

export const DEFAULT_EXPLORATION = 0.05;
export const DEFAULT_DOWNGRADE_THRESHOLD = 0.8;

export const DEFAULT_FALLBACK: FallbackPolicy = {
  on: ['rate_limited', 'timeout', 'overloaded', 'server_error', 'network'],
  maxAttempts: 3,
  backoff: { initialMs: 100, maxMs: 2_000, multiplier: 2, jitter: true },
};

export const DEFAULT_BREAKER: BreakerSettings = { failureThreshold: 5, errorRate: 0.5, windowMs: 30_000, minRequests: 20, cooldownMs: 30_000 };

export const DEFAULT_CAPTURE: CaptureSettings = { bodies: false, redact: [] };

export const DEFAULT_CACHE: CacheSettings = { enabled: false, ttlSeconds: 3_600, shared: false, optIn: false };

/** Error kinds that say nothing about a target's health (the client's request was at fault). */
export const CLIENT_FAULTS: ReadonlySet<ProviderErrorKind> = new Set(['bad_request', 'context_length', 'content_filter']);
