import type { CachedCompletion } from './cached-completion.js';
import type { CacheStore } from './cache-store.js';

interface Slot {
  entry: CachedCompletion;
  bytes: number;
  expires: number;
}

/** Fixed cost counted per entry on top of its JSON (key, slot object, Map node). */
const OVERHEAD = 200;

/**
 * An LRU of answers bounded in bytes (serialised size, UTF-16 counted as 2 bytes a character, plus a fixed
 * overhead per entry): a Map's insertion order is the recency order, a hit moves its entry to the end and
 * the oldest entries go first when the bound is passed. Expired entries are dropped when met.
 */
export class MemoryCacheStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly slots = new Map<string, Slot>();
  private used = 0;
  evictions = 0;

  constructor(
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): CachedCompletion | undefined {
    const s = this.slots.get(key);
    if (!s) return undefined;
    this.slots.delete(key);
    if (s.expires <= this.now()) {
      this.used -= s.bytes;
      return undefined;
    }
    this.slots.set(key, s);
    return s.entry;
  }

  set(key: string, entry: CachedCompletion, json: string, ttlSeconds: number): void {
    const bytes = json.length * 2 + key.length * 2 + OVERHEAD;
    if (bytes > this.maxBytes) return;
    const old = this.slots.get(key);
    if (old) {
      this.slots.delete(key);
      this.used -= old.bytes;
    }
    this.slots.set(key, { entry, bytes, expires: this.now() + ttlSeconds * 1000 });
    this.used += bytes;
    for (const [k, s] of this.slots) {
      if (this.used <= this.maxBytes) break;
      this.slots.delete(k);
      this.used -= s.bytes;
      this.evictions++;
    }
  }

  /** Drops one entry. */
  forget(key: string): void {
    const s = this.slots.get(key);
    if (!s) return;
    this.slots.delete(key);
    this.used -= s.bytes;
  }

  /** Drops every entry. */
  clear(): void {
    this.slots.clear();
    this.used = 0;
  }

  get size(): number {
    return this.slots.size;
  }

  get bytes(): number {
    return this.used;
  }

  async close(): Promise<void> {
    this.clear();
  }
}
