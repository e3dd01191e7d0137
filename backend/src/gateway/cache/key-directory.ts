/**
 * The keys a shared cache holds, with when each expires, kept in this process so that a miss is known
 * without asking the store: most lookups are misses, and a miss answered here costs a map lookup instead of
 * a Redis round trip (whose tail on a busy host passed 0.2 ms at p99, see docs/benchmarks.md). Only a key
 * listed here is fetched; a listed key the store no longer has (evicted by its memory bound) costs one
 * round trip and is then forgotten.
 *
 * Bounded to `capacity` keys: past it the oldest listed keys are forgotten, and a request for one of them is
 * served as a miss (the answer is made again and stored again). Until it is {@link ready} (filled from the
 * store, and listening to the other processes' writes) the directory knows nothing and every lookup asks
 * the store.
 */
export class KeyDirectory {
  private readonly keys = new Map<string, number>();
  ready = false;

  constructor(
    readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the store may hold `key`: listed and not expired. An expired key is forgotten when met. */
  mayHold(key: string): boolean {
    const expires = this.keys.get(key);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.keys.delete(key);
    return false;
  }

  /** Lists `key` until `expiresAt` (epoch ms), forgetting the oldest keys past the capacity. */
  add(key: string, expiresAt: number): void {
    if (!(expiresAt > this.now())) return;
    this.keys.delete(key);
    this.keys.set(key, expiresAt);
    if (this.keys.size <= this.capacity) return;
    for (const k of this.keys.keys()) {
      this.keys.delete(k);
      if (this.keys.size <= this.capacity) break;
    }
  }

  forget(key: string): void {
    this.keys.delete(key);
  }

  /** Forgets everything and stops answering until filled again (the store's connection was lost). */
  reset(): void {
    this.ready = false;
    this.keys.clear();
  }

  get size(): number {
    return this.keys.size;
  }
}

/** A directory message: `<expiresAt ms> <key>`; undefined when malformed. */
export function parseWritten(message: string): { key: string; expiresAt: number } | undefined {
  const space = message.indexOf(' ');
  if (space <= 0 || space === message.length - 1) return undefined;
  const expiresAt = Number(message.slice(0, space));
  return Number.isFinite(expiresAt) ? { key: message.slice(space + 1), expiresAt } : undefined;
}
