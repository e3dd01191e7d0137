import { AppError } from '../../common/errors/app-error.js';
import { decideCache, parseCacheHeader } from './cache-policy.js';

const on = { cache: { enabled: true, ttlSeconds: 60, shared: false, optIn: false } };
const optIn = { cache: { enabled: false, ttlSeconds: 30, shared: true, optIn: true } };
const closed = { cache: { enabled: false, ttlSeconds: 30, shared: false, optIn: false } };
const noCache = {};

describe('parseCacheHeader', () => {
  it('accepts on, off and refresh in any case', () => {
    expect(parseCacheHeader(undefined)).toBeUndefined();
    expect(parseCacheHeader('ON')).toBe('on');
    expect(parseCacheHeader(' refresh ')).toBe('refresh');
  });
  it('refuses anything else with a stable code naming the header', () => {
    expect(() => parseCacheHeader('yes')).toThrow(AppError);
    try {
      parseCacheHeader('yes');
    } catch (err) {
      expect((err as AppError).code).toBe('gateway/invalid-cache-header');
      expect((err as AppError).status).toBe(400);
    }
  });
});

describe('decideCache', () => {
  it('has nothing to do with requests that do not ask on routes that do not cache', () => {
    expect(decideCache(noCache, undefined, false)).toBeUndefined();
    expect(decideCache(closed, undefined, false)).toBeUndefined();
    expect(decideCache(undefined, undefined, false)).toBeUndefined();
  });
  it('uses an enabled route by default; a request may turn it off or refresh', () => {
    expect(decideCache(on, undefined, false)).toEqual({ action: 'use', ttlSeconds: 60, shared: false });
    expect(decideCache(on, 'on', false)?.action).toBe('use');
    expect(decideCache(on, 'off', false)?.action).toBe('bypass');
    expect(decideCache(on, 'refresh', false)?.action).toBe('refresh');
  });
  it('lets requests opt in only where the route allows it', () => {
    expect(decideCache(optIn, 'on', false)).toEqual({ action: 'use', ttlSeconds: 30, shared: true });
    expect(decideCache(optIn, 'refresh', false)?.action).toBe('refresh');
    expect(decideCache(closed, 'on', false)?.action).toBe('bypass');
    expect(decideCache(noCache, 'on', false)?.action).toBe('bypass');
  });
  it('lets a direct catalogue call opt in, in its own key cache with the default TTL', () => {
    expect(decideCache(undefined, 'on', false)).toEqual({ action: 'use', ttlSeconds: 3600, shared: false });
  });
  it('bypasses for experiment traffic', () => {
    expect(decideCache(on, undefined, true)?.action).toBe('bypass');
    expect(decideCache(on, 'refresh', true)?.action).toBe('bypass');
  });
});
