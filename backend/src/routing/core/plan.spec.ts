import { CircuitBreaker } from './breaker.js';
import { attemptTarget, backoffDelay, decideRetry, healthyBy, targetOrder } from './plan.js';
import { DEFAULT_BREAKER, DEFAULT_FALLBACK, type FallbackPolicy } from './route-spec.js';

const a = { id: 'a', weight: 60 };
const b = { id: 'b', weight: 40 };
const c = { id: 'c', weight: 0 };
const all = () => true;

describe('targetOrder', () => {
  it('puts the weighted choice first and the rest by weight, fallback-only targets last', () => {
    expect(targetOrder([a, b, c], all, undefined, 0.1).map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(targetOrder([a, b, c], all, undefined, 0.9).map((t) => t.id)).toEqual(['b', 'a', 'c']);
  });

  it('skips unhealthy targets while a healthy one remains, but keeps them at the end', () => {
    const order = targetOrder([a, b, c], (t) => t.id !== 'a', undefined, 0.1);
    expect(order.map((t) => t.id)).toEqual(['b', 'c', 'a']);
  });

  it('when only fallback-only targets are healthy, uses them first', () => {
    expect(targetOrder([a, b, c], (t) => t.id === 'c', undefined, 0.1).map((t) => t.id)).toEqual(['c', 'a', 'b']);
  });

  it('when everything is down, still tries all, weighted first', () => {
    expect(targetOrder([a, b], () => false, undefined, 0.1).map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('a sticky key ignores the random draw', () => {
    const first = targetOrder([a, b], all, 'user-1', 0.1)[0];
    for (const r of [0, 0.5, 0.99]) expect(targetOrder([a, b], all, 'user-1', r)[0]).toBe(first);
  });

  it('reads breakers through healthyBy', () => {
    const br = new CircuitBreaker(DEFAULT_BREAKER);
    br.open(0);
    const order = targetOrder(
      [a, b],
      healthyBy((t) => (t.id === 'a' ? br : undefined), 10),
      undefined,
      0.1,
    );
    expect(order.map((t) => t.id)).toEqual(['b', 'a']);
  });
});

describe('attempts and retries', () => {
  it('walks the order and goes round again', () => {
    expect([0, 1, 2, 3].map((i) => attemptTarget(['x', 'y'], i))).toEqual(['x', 'y', 'x', 'y']);
  });

  it('backs off exponentially up to the maximum, with full jitter when enabled', () => {
    const bo = { initialMs: 100, maxMs: 1_000, multiplier: 2, jitter: false };
    expect([1, 2, 3, 4, 5].map((r) => backoffDelay(bo, r, 0.5))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay({ ...bo, jitter: true }, 3, 0.5)).toBe(200);
  });

  const policy: FallbackPolicy = { ...DEFAULT_FALLBACK, backoff: { ...DEFAULT_FALLBACK.backoff, jitter: false } };

  it('falls through on listed kinds only', () => {
    expect(decideRetry(policy, { kind: 'server_error' }, 1, false, 0, 0)).toEqual({ retry: true, delayMs: 0 });
    expect(decideRetry(policy, { kind: 'bad_request' }, 1, false, 0, 0)).toMatchObject({ retry: false });
  });

  it('stops after maxAttempts', () => {
    expect(decideRetry(policy, { kind: 'timeout' }, 3, false, 0, 0)).toEqual({ retry: false, reason: '3 attempts made' });
  });

  it('waits for backoff or retry-after, whichever is longer, before the same target again', () => {
    expect(decideRetry(policy, { kind: 'rate_limited' }, 1, true, 0, 0)).toEqual({ retry: true, delayMs: 100 });
    expect(decideRetry(policy, { kind: 'rate_limited', retryAfterMs: 700 }, 1, true, 0, 0)).toEqual({ retry: true, delayMs: 700 });
    // A different target does not wait for the first one's retry-after.
    expect(decideRetry(policy, { kind: 'rate_limited', retryAfterMs: 700 }, 1, false, 0, 0)).toEqual({ retry: true, delayMs: 0 });
  });

  it('gives up when the wait would pass the total timeout', () => {
    const p = { ...policy, totalTimeoutMs: 1_000 };
    expect(decideRetry(p, { kind: 'rate_limited', retryAfterMs: 900 }, 1, true, 200, 0)).toEqual({ retry: false, reason: 'total timeout reached' });
  });
});
