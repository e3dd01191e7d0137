import { Redis } from 'ioredis';
import type { CachedCompletion } from './cached-completion.js';
import type { CacheStore } from './cache-store.js';

/**
 * Answers in Redis, shared by every gateway process, each under `<prefix>:cache:<key>` with the route's
 * TTL (Redis expires them). The memory bound is Redis's own (`maxmemory` with an LRU policy); Switchyard
 * bounds each entry. No offline queue and a short command timeout: with Redis down or slow a lookup fails
 * fast and the request is served as a miss, never delayed or failed by the cache.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    onError: (err: Error) => void,
    commandTimeoutMs = 100,
  ) {
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: commandTimeoutMs });
    this.redis.on('error', onError);
  }

  async get(key: string): Promise<CachedCompletion | undefined> {
    const v = await this.redis.get(`${this.prefix}:cache:${key}`);
    return v === null ? undefined : (JSON.parse(v) as CachedCompletion);
  }

  set(key: string, _entry: CachedCompletion, json: string, ttlSeconds: number): void {
    this.redis.set(`${this.prefix}:cache:${key}`, json, 'EX', ttlSeconds).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
