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

/** The content of one immutable route version. */
export interface RouteSpec {
  targets: RouteTarget[];
  fallback: FallbackPolicy;
  breaker: BreakerSettings;
  sticky: StickySource;
  capture: CaptureSettings;
}

export const DEFAULT_FALLBACK: FallbackPolicy = {
  on: ['rate_limited', 'timeout', 'overloaded', 'server_error', 'network'],
  maxAttempts: 3,
  backoff: { initialMs: 100, maxMs: 2_000, multiplier: 2, jitter: true },
};

export const DEFAULT_BREAKER: BreakerSettings = { failureThreshold: 5, errorRate: 0.5, windowMs: 30_000, minRequests: 20, cooldownMs: 30_000 };

export const DEFAULT_CAPTURE: CaptureSettings = { bodies: false, redact: [] };

/** Error kinds that say nothing about a target's health (the client's request was at fault). */
export const CLIENT_FAULTS: ReadonlySet<ProviderErrorKind> = new Set(['bad_request', 'context_length', 'content_filter']);
