import type { CachedCompletion } from './cached-completion.js';

/**
 * Where answers are kept: Redis (shared by every gateway process) or this process's memory. A store never
 * throws on the request path's behalf: the caller treats a failed lookup as a miss.
 */
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  /** The entry under `key`, or undefined; may answer synchronously (memory) to spare a microtask. */
  get(key: string): CachedCompletion | undefined | Promise<CachedCompletion | undefined>;
  /** Stores `value` (already serialised, `bytes` long) for `ttlSeconds`; best effort. */
  set(key: string, entry: CachedCompletion, json: string, ttlSeconds: number): void;
  close(): Promise<void>;
}

/** Largest answer stored (serialised): bigger ones are served but not cached. */
export const MAX_ENTRY_BYTES = 8 * 1024 * 1024;
