import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CachedCompletion } from './cached-completion.js';
import type { CacheStore } from './cache-store.js';
import { KeyDirectory, parseWritten, writtenMessage } from './key-directory.js';
import { MemoryCacheStore } from './memory-store.js';

/** Scan batch when filling the directory from Redis. */
const SCAN_COUNT = 1_000;
const REFILL_RETRY_MS = 1_000;
const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * Answers in Redis, shared by every gateway process, each under `<prefix>:cache:<key>` with the route's
 * TTL (Redis expires them). The memory bound is Redis's own (`maxmemory` with an LRU policy); Switchyard
 * bounds each entry. No offline queue and a short command timeout: with Redis down or slow a lookup fails
 * fast and the request is served as a miss, never delayed or failed by the cache.
 *
 * Each process keeps a {@link KeyDirectory} of the keys Redis holds, so a miss costs no round trip: every
 * write is published on `<prefix>:cache:written` (in the same MULTI as the SET) and every process listens;
 * on connecting, the listener subscribes first and then fills the directory by SCAN, so no write falls
 * between the two. When the listener's connection drops the directory is emptied and lookups ask Redis
 * again until it is filled anew.
 *
 * Answers read or written here are also kept in a small in-process LRU (`near`, bounded in bytes), so a
 * repeated hit costs no round trip either. A write by another process (a `refresh`) drops the copy when its
 * message arrives; while the listener is down the copies are dropped and not used, since such a message
 * could be missed.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis' as const;
  readonly directory: KeyDirectory;
  /** Answers this process read or wrote, served without a round trip while the directory listens. */
  readonly near: MemoryCacheStore;
  /** Names this process's writes in their messages: its own need not drop its copy. */
  private readonly writer = randomUUID();
  private readonly redis: Redis;
  private readonly listener: Redis;
  private readonly channel: string;
  private refill?: NodeJS.Timeout;
  /** Counts fills: a fill overtaken by a newer one (the listener reconnected meanwhile) leaves readiness to it. */
  private fills = 0;
  /** Counts other processes' writes heard: a GET answered while one arrived may be the older answer, and is not kept. */
  private foreignWrites = 0;
  private closed = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly onError: (err: Error) => void,
    directoryCapacity: number,
    nearBytes: number,
    commandTimeoutMs = 100,
  ) {
    this.directory = new KeyDirectory(directoryCapacity);
    this.near = new MemoryCacheStore(nearBytes);
    this.channel = `${prefix}:cache:written`;
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: commandTimeoutMs });
    this.redis.on('error', onError);
    this.listener = new Redis(url, { maxRetriesPerRequest: null });
    this.listener.on('error', onError);
    this.listener.on('message', (_channel: string, message: string) => {
      const w = parseWritten(message);
      if (!w) return;
      if (w.writer !== this.writer) {
        this.foreignWrites++;
        this.near.forget(w.key);
      }
      this.directory.add(w.key, w.expiresAt);
    });
    this.listener.on('close', () => this.forgetAll());
    this.listener.on('ready', () => void this.fill());
  }

  get(key: string): CachedCompletion | undefined | Promise<CachedCompletion | undefined> {
    if (!this.directory.ready) return this.fetch(key, false);
    if (!this.directory.mayHold(key)) {
      this.near.forget(key);
      return undefined;
    }
    return this.near.get(key) ?? this.fetch(key, true);
  }

  private async fetch(key: string, keep: boolean): Promise<CachedCompletion | undefined> {
    const heard = this.foreignWrites;
    const v = await this.redis.get(`${this.prefix}:cache:${key}`);
    if (v === null) {
      this.directory.forget(key);
      return undefined;
    }
    const entry = JSON.parse(v) as CachedCompletion;
    const expiresAt = this.directory.expiresAt(key);
    if (keep && heard === this.foreignWrites && this.directory.ready && expiresAt !== undefined) this.near.set(key, entry, v, (expiresAt - Date.now()) / 1000);
    return entry;
  }

  set(key: string, entry: CachedCompletion, json: string, ttlSeconds: number): void {
    const expiresAt = Date.now() + ttlSeconds * 1000;
    this.directory.add(key, expiresAt);
    if (this.directory.ready) this.near.set(key, entry, json, ttlSeconds);
    this.redis
      .multi()
      .set(`${this.prefix}:cache:${key}`, json, 'EX', ttlSeconds)
      .publish(this.channel, writtenMessage(expiresAt, this.writer, key))
      .exec()
      .catch(() => undefined);
  }

  /** The listener lost its connection: nothing known here can be trusted until the directory is filled again. */
  private forgetAll(): void {
    this.directory.reset();
    this.near.clear();
  }

  /** Subscribes (confirmed), then lists every key Redis holds with its expiry; retried while it fails. */
  private async fill(): Promise<void> {
    clearTimeout(this.refill);
    this.forgetAll();
    const fill = ++this.fills;
    try {
      await this.listener.subscribe(this.channel);
      if (this.redis.status !== 'ready') await new Promise((r) => this.redis.once('ready', r));
      const from = `${this.prefix}:cache:`;
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${escapeGlob(from)}*`, 'COUNT', SCAN_COUNT);
        cursor = next;
        if (!keys.length) continue;
        const now = Date.now();
        const ttls = await this.redis.pipeline(keys.map((k) => ['pttl', k])).exec();
        keys.forEach((k, i) => {
          const ms = Number(ttls?.[i]?.[1]);
          // -1: no expiry (not written by Switchyard); -2: gone meanwhile.
          if (ms > 0) this.directory.add(k.slice(from.length), now + ms);
          else if (ms === -1) this.directory.add(k.slice(from.length), Number.MAX_SAFE_INTEGER);
        });
      } while (cursor !== '0' && this.directory.size < this.directory.capacity && fill === this.fills);
      if (fill === this.fills && this.listener.status === 'ready') this.directory.ready = true;
    } catch (err) {
      this.onError(err as Error);
      if (!this.closed && fill === this.fills) this.refill = setTimeout(() => this.listener.status === 'ready' && void this.fill(), REFILL_RETRY_MS);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.refill);
    this.redis.disconnect();
    this.listener.disconnect();
  }
}
