import { ProviderError } from '../providers/provider-error.js';
import { DeadlineSignal } from '../providers/upstream/http.js';
import { CLIENT_FAULTS } from '../routing/core/route-spec.js';
import { decideRetry } from '../routing/core/plan.js';
import type { Candidate, RoutePlan } from '../routing/route-resolver.js';
import type { RouteTable } from '../routing/route-table.js';
import type { RequestTrace } from '../telemetry/tracing.js';
import type { AttemptRecord } from '../usage/request-log-buffer.js';

/** The state of one gateway request across its attempts. */
export interface Call {
  plan: RoutePlan;
  attempts: AttemptRecord[];
  /** performance.now() at arrival. */
  started: number;
  /** The candidate of the last attempt. */
  last?: Candidate;
  /** Aborts the attempt in flight; set while one runs. */
  abortCurrent?: (reason: Error) => void;
  clientGone: boolean;
  /** The experiment and variant the call belongs to, for the request log. */
  tags?: CallTags;
  /** What the response cache did for the call (hit, miss, refresh, bypass), when it took part. */
  cache?: 'hit' | 'miss' | 'refresh' | 'bypass';
  /** The request's span when traces are on (one child span per attempt); undefined when off. */
  trace?: RequestTrace;
}

export interface CallTags {
  experimentId: string;
  /** The experiment's name, when known (traces show it). */
  experiment?: string;
  variant: string;
  /** A live experiment's sampled request: its output is graded after the response. */
  grade?: boolean;
  /** A shadow experiment's sampled request: it is replayed to the candidates after the response. */
  shadow?: boolean;
}

export class ClientGone extends Error {
  constructor() {
    super('client disconnected');
    this.name = 'AbortError';
  }
}

const sleep = (ms: number, call: Call) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      call.abortCurrent = undefined;
      resolve();
    }, ms);
    call.abortCurrent = (reason) => {
      clearTimeout(t);
      reject(reason);
    };
  });

/** Whether any candidate other than `c` would take a call now. */
function otherAvailable(order: readonly Candidate[], c: Candidate, now: number): boolean {
  for (const o of order) if (o !== c && (o.breaker?.available(now) ?? true)) return true;
  return false;
}

/**
 * Runs `fn` against the plan's candidates until one succeeds: each attempt has its own deadline (the
 * route's attempt timeout, else the account's total, never past the route's total timeout); a failure whose
 * kind falls through moves on, after a backoff when the same target comes round again; a target whose
 * breaker refuses calls is skipped while another is available. Breakers hear every outcome. Returns the
 * value, the candidate that produced it, and the still-armed deadline (the caller disposes it when the
 * response is complete — for a stream, at its end).
 */
export async function runAttempts<T>(
  call: Call,
  table: RouteTable,
  fn: (c: Candidate, signal: AbortSignal) => Promise<T>,
): Promise<{ value: T; candidate: Candidate; dispose: () => void }> {
  const { order, policy, decision, stream = false } = call.plan;
  if (call.plan.skipped) for (const s of call.plan.skipped) call.attempts.push({ target: s.target, skipped: s.reason, latencyMs: 0 });
  let made = 0;
  for (let i = 0; ; i++) {
    const c = order[i % order.length];
    const now = Date.now();
    if (c.breaker && !c.breaker.allow(now) && otherAvailable(order, c, now)) {
      call.attempts.push({ target: c.label, skipped: 'breaker open', latencyMs: 0 });
      continue;
    }
    const elapsed = performance.now() - call.started;
    const limit = Math.min(policy.attemptTimeoutMs ?? c.target.account.timeouts.totalMs, (policy.totalTimeoutMs ?? Infinity) - elapsed);
    const d = new DeadlineSignal(Math.max(1, limit));
    call.abortCurrent = (reason) => d.abort(reason);
    call.last = c;
    if (call.trace) d.traceHeaders = call.trace.attempt(c);
    const t0 = performance.now();
    try {
      const value = await fn(c, d.signal);
      const ms = performance.now() - t0;
      call.attempts.push({ target: c.label, latencyMs: ms });
      c.stats?.success(ms, stream, Date.now());
      if (decision) {
        decision.served = c.label;
        decision.attempts = made + 1;
      }
      if (c.breaker?.success(Date.now())) table.announceBreaker(c.breakerKey!, c.breaker);
      return { value, candidate: c, dispose: () => d.dispose() };
    } catch (err) {
      d.dispose();
      call.abortCurrent = undefined;
      call.trace?.attemptFailed(call.clientGone ? new ClientGone() : err);
      if (call.clientGone) throw new ClientGone();
      if (!(err instanceof ProviderError)) throw err;
      const ms = performance.now() - t0;
      call.attempts.push({ target: c.label, error: err.kind, latencyMs: ms });
      if (c.stats && !CLIENT_FAULTS.has(err.kind)) c.stats.failure(err.kind === 'timeout' ? ms : undefined, stream, Date.now());
      if (c.breaker && !CLIENT_FAULTS.has(err.kind) && c.breaker.failure(Date.now())) table.announceBreaker(c.breakerKey!, c.breaker);
      made++;
      const next = order[(i + 1) % order.length];
      const retry = decideRetry(policy, err, made, next === c, performance.now() - call.started, Math.random());
      if (!retry.retry) {
        if (decision) {
          decision.error = err.kind;
          decision.attempts = made;
        }
        throw err;
      }
      if (retry.delayMs > 0) await sleep(retry.delayMs, call);
      if (call.clientGone) throw new ClientGone();
    }
  }
}
