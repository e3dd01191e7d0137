import { ALPHA, decay, TargetStats, TAU_MS, TokenAverages } from './target-stats.js';

describe('decay', () => {
  it('starts at the first sample', () => {
    expect(decay(NaN, 120, 0)).toBe(120);
  });
  it('moves by ALPHA for samples close together', () => {
    expect(decay(100, 200, 10)).toBeCloseTo(100 + ALPHA * 100, 9);
  });
  it('mostly forgets an average last updated long ago', () => {
    expect(decay(1000, 100, 5 * TAU_MS)).toBeLessThan(110);
  });
});

describe('TargetStats', () => {
  it('keeps streams (time to first chunk) and whole responses apart, and falls back to the other mode', () => {
    const s = new TargetStats();
    s.success(800, false, 1000);
    expect(s.latency(false)).toBe(800);
    expect(s.latency(true)).toBe(800);
    s.success(100, true, 1001);
    expect(s.latency(true)).toBe(100);
    expect(s.latency(false)).toBe(800);
  });

  it('follows a target that slows down within a few samples, and back', () => {
    const s = new TargetStats();
    let now = 0;
    for (let i = 0; i < 10; i++) s.success(20, false, (now += 10));
    let n = 0;
    while (s.latency(false) < 150) {
      s.success(300, false, (now += 10));
      n++;
    }
    expect(n).toBeLessThanOrEqual(3);
    n = 0;
    while (s.latency(false) > 150) {
      s.success(20, false, (now += 10));
      n++;
    }
    expect(n).toBeLessThanOrEqual(3);
  });

  it('counts failures in a decayed error rate; a timeout is also a latency sample', () => {
    const s = new TargetStats();
    s.success(100, false, 1);
    s.failure(undefined, false, 2);
    expect(s.requests).toBe(2);
    expect(s.failures).toBe(1);
    expect(s.errorRate).toBeCloseTo(ALPHA, 9);
    expect(s.latency(false)).toBe(100);
    s.failure(5000, false, 3);
    expect(s.latency(false)).toBeGreaterThan(1000);
  });
});

describe('TokenAverages', () => {
  it('averages prompt and completion tokens', () => {
    const t = new TokenAverages();
    t.observe(100, 50);
    expect([t.input, t.output, t.samples]).toEqual([100, 50, 1]);
    t.observe(200, 50);
    expect(t.input).toBeCloseTo(100 + ALPHA * 100, 9);
  });
});
