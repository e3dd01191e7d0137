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

  /** When a listed key expires (epoch ms); undefined when it is not listed. */
  expiresAt(key: string): number | undefined {
    return this.keys.get(key);
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

/** A directory message: `<expiresAt ms> <writer> <key>` (the writer: the process that stored it). */
export const writtenMessage = (expiresAt: number, writer: string, key: string): string => `${expiresAt} ${writer} ${key}`;

/** Reads a {@link writtenMessage}; undefined when malformed. */
export function parseWritten(message: string): { key: string; writer: string; expiresAt: number } | undefined {
  const [at, writer, key, ...rest] = message.split(' ');
  if (rest.length || !writer || !key) return undefined;
  const expiresAt = Number(at);
  return at && Number.isFinite(expiresAt) ? { key, writer, expiresAt } : undefined;
}
