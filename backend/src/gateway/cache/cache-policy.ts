import { AppError } from '../../common/errors/app-error.js';
import { type CacheSettings, DEFAULT_CACHE } from '../../routing/core/route-spec.js';

/** What a request asks of the cache with `x-switchyard-cache`. */
export type CacheRequest = 'on' | 'off' | 'refresh';

/**
 * What the cache does for one request, also the value of the `x-switchyard-cache` response header:
 * `hit` (served from the cache), `miss` (looked up, not found, the answer is stored), `refresh` (not looked
 * up, the answer replaces the stored one), `bypass` (the cache was not used: the request said `off`, the
 * route does not let requests opt in, or the request belongs to an experiment).
 */
export type CacheStatus = 'hit' | 'miss' | 'refresh' | 'bypass';

export interface CacheDecision {
  /** `use` = look up, then store on a miss. */
  action: 'use' | 'refresh' | 'bypass';
  ttlSeconds: number;
  shared: boolean;
}

export const CACHE_HEADER = 'x-switchyard-cache';

/** The request header, checked: absent, or one of on, off, refresh (any case). */
export function parseCacheHeader(v: string | string[] | undefined): CacheRequest | undefined {
  if (v === undefined) return undefined;
  const s = (Array.isArray(v) ? v.join(',') : v).trim().toLowerCase();
  if (s === 'on' || s === 'off' || s === 'refresh') return s;
  throw new AppError('gateway/invalid-cache-header', `${CACHE_HEADER} must be on, off or refresh (got ${JSON.stringify(String(v).slice(0, 40))})`, 400, [
    { path: `headers.${CACHE_HEADER}`, message: 'must be on, off or refresh' },
  ]);
}

/**
 * Whether and how a request uses the cache; undefined when the cache has nothing to do with it (no header
 * and a route or model that does not cache), so such requests carry no `x-switchyard-cache` header.
 *
 * - A route with `enabled`: cached unless the request says `off` (bypass) or `refresh`.
 * - A route without `enabled`: cached only when the request says `on`/`refresh` *and* the route has
 *   `optIn`; otherwise such a request gets `bypass` (the route owner decides what may be cached).
 * - A catalogue model called directly (no route): cached only when the request says `on`/`refresh`, in the
 *   calling key's own cache with the default TTL (one hour) — nobody else's answers can be served.
 * - A request in a live or shadow experiment bypasses the cache, so the experiment measures real calls.
 */
export function decideCache(route: { cache?: CacheSettings } | undefined, asked: CacheRequest | undefined, inExperiment: boolean): CacheDecision | undefined {
  const settings = route ? route.cache : undefined;
  const byDefault = settings?.enabled === true;
  if (!byDefault && asked === undefined) return undefined;
  const ttlSeconds = settings?.ttlSeconds ?? DEFAULT_CACHE.ttlSeconds;
  const shared = settings?.shared ?? false;
  const mayOptIn = route ? settings?.optIn === true : true;
  let action: CacheDecision['action'];
  if (asked === 'off' || inExperiment) action = 'bypass';
  else if (!byDefault && !mayOptIn) action = 'bypass';
  else action = asked === 'refresh' ? 'refresh' : 'use';
  return { action, ttlSeconds, shared };
}
