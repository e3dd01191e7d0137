import { CircuitBreaker, type BreakerSettings } from './breaker.js';

const settings: BreakerSettings = { failureThreshold: 3, errorRate: 0.5, windowMs: 10_000, minRequests: 10, cooldownMs: 5_000 };

describe('CircuitBreaker', () => {
  it('opens after consecutive failures and refuses calls during the cooldown', () => {
    const b = new CircuitBreaker(settings);
    expect(b.failure(0)).toBe(false);
    expect(b.failure(1)).toBe(false);
    expect(b.failure(2)).toBe(true);
    expect(b.state).toBe('open');
    expect(b.allow(100)).toBe(false);
    expect(b.available(4_999)).toBe(false);
  });

  it('a success resets the consecutive count', () => {
    const b = new CircuitBreaker(settings);
    b.failure(0);
    b.failure(1);
    b.success(2);
    b.failure(3);
    b.failure(4);
    expect(b.state).toBe('closed');
  });

  it('after the cooldown lets exactly one probe through; its success closes the breaker', () => {
    const b = new CircuitBreaker(settings);
    for (let i = 0; i < 3; i++) b.failure(i);
    expect(b.available(5_002)).toBe(true);
    expect(b.allow(5_002)).toBe(true);
    expect(b.state).toBe('half_open');
    expect(b.allow(5_003)).toBe(false);
    expect(b.success(5_010)).toBe(true);
    expect(b.state).toBe('closed');
    expect(b.allow(5_011)).toBe(true);
  });

  it('a failed probe opens it for another cooldown', () => {
    const b = new CircuitBreaker(settings);
    for (let i = 0; i < 3; i++) b.failure(i);
    expect(b.allow(6_000)).toBe(true);
    expect(b.failure(6_001)).toBe(true);
    expect(b.state).toBe('open');
    expect(b.allow(10_000)).toBe(false);
    expect(b.allow(11_002)).toBe(true);
  });

  it('opens on the error rate over the window once enough requests were seen', () => {
    const b = new CircuitBreaker({ ...settings, failureThreshold: 100 });
    let t = 0;
    // Alternate: 50% failures, never 2 in a row.
    for (let i = 0; i < 9; i++) {
      if (i % 2) b.failure((t += 100));
      else b.success((t += 100));
    }
    expect(b.state).toBe('closed');
    expect(b.failure(t + 100)).toBe(true);
  });

  it('forgets failures older than the window', () => {
    const b = new CircuitBreaker({ ...settings, failureThreshold: 100, minRequests: 4 });
    b.failure(0);
    b.failure(100);
    b.failure(200);
    // 20 s later the old failures are out of the window: 1 failure in 4 calls is 25%.
    b.success(20_000);
    b.success(20_100);
    b.success(20_200);
    expect(b.failure(20_300)).toBe(false);
    expect(b.state).toBe('closed');
  });
});
