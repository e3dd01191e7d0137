import type { CircuitBreaker } from './breaker.js';
import type { BackoffSettings, FallbackPolicy } from './route-spec.js';
import { stickyIndex, weightedIndex, type Weighted } from './weighted.js';

/**
 * The order in which a request tries a route's targets: the primary first (sticky by rendezvous hash when
 * there is a key, else weighted random among positive weights), then the others by descending weight
 * (weight-0 targets are fallback-only). Targets whose breaker refuses calls go last, so an open target is
 * skipped while another is healthy but still tried when nothing else is left.
 */
export function targetOrder<T extends Weighted>(targets: readonly T[], healthy: (t: T) => boolean, stickyKey: string | undefined, rand: number): T[] {
  const up: T[] = [];
  const down: T[] = [];
  for (const t of targets) (healthy(t) ? up : down).push(t);
  const pool = up.length > 0 ? up : down;
  const first = stickyKey !== undefined ? stickyIndex(pool, stickyKey) : weightedIndex(pool, rand);
  const rest = (list: T[], skip?: T) => list.filter((t) => t !== skip).sort((a, b) => b.weight - a.weight);
  if (first < 0) return [...rest(up), ...rest(down)];
  const primary = pool[first];
  return pool === up ? [primary, ...rest(up, primary), ...rest(down)] : [primary, ...rest(down, primary)];
}

/** The attempt sequence: walk the order, and when targets run out before `maxAttempts`, go round again. */
export function attemptTarget<T>(order: readonly T[], attempt: number): T {
  return order[attempt % order.length];
}

/** Exponential backoff before retry number `retry` (1 = the first retry), full jitter when enabled. */
export function backoffDelay(b: BackoffSettings, retry: number, rand: number): number {
  const raw = Math.min(b.maxMs, b.initialMs * b.multiplier ** Math.max(0, retry - 1));
  return Math.round(b.jitter ? raw * rand : raw);
}

export interface AttemptFailure {
  kind: string;
  retryAfterMs?: number;
}

export type RetryDecision = { retry: false; reason: string } | { retry: true; delayMs: number };

/**
 * Whether a failed attempt is followed by another, and after how long. A different target is tried at
 * once; the same target again waits for the backoff, or for the upstream's `retry-after` when it asked for
 * longer. Stops when attempts or the total time budget run out, or the error kind does not fall through.
 */
export function decideRetry(
  policy: FallbackPolicy,
  failure: AttemptFailure,
  attemptsMade: number,
  sameTargetNext: boolean,
  elapsedMs: number,
  rand: number,
): RetryDecision {
  if (!policy.on.includes(failure.kind as FallbackPolicy['on'][number])) return { retry: false, reason: `${failure.kind} does not fall through` };
  if (attemptsMade >= policy.maxAttempts) return { retry: false, reason: `${policy.maxAttempts} attempts made` };
  let delayMs = 0;
  if (sameTargetNext) delayMs = Math.max(backoffDelay(policy.backoff, attemptsMade, rand), failure.retryAfterMs ?? 0);
  if (policy.totalTimeoutMs !== undefined && elapsedMs + delayMs >= policy.totalTimeoutMs) return { retry: false, reason: 'total timeout reached' };
  return { retry: true, delayMs };
}

/** Adapts a breaker map to {@link targetOrder}'s health check. */
export const healthyBy =
  <T extends Weighted>(breakers: (t: T) => CircuitBreaker | undefined, now: number) =>
  (t: T): boolean =>
    breakers(t)?.available(now) ?? true;
