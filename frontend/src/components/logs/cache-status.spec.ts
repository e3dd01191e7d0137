import { describe, expect, it } from 'vitest';
import { CACHE_OUTCOMES, cacheStatus, isCacheOutcome } from './cache-status';

describe('cache status', () => {
  it('words every outcome the log records, and nothing for a request the cache took no part in', () => {
    for (const c of CACHE_OUTCOMES) expect(cacheStatus(c)?.short).toMatch(/^cache /);
    expect(cacheStatus('hit')).toEqual({ short: 'cache hit', long: expect.stringMatching(/no model was called/) });
    expect(cacheStatus(null)).toBeNull();
    expect(cacheStatus(undefined)).toBeNull();
    expect(cacheStatus('toString')).toBeNull();
  });

  it('tells a known outcome from any other text', () => {
    expect(isCacheOutcome('bypass')).toBe(true);
    expect(isCacheOutcome('')).toBe(false);
    expect(isCacheOutcome('HIT')).toBe(false);
  });
});
