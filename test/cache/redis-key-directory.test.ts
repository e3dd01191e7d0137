import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CachedCompletion } from '../../backend/src/gateway/cache/cached-completion.js';
import { RedisCacheStore } from '../../backend/src/gateway/cache/redis-store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (ok: () => boolean, what: string) => {
  for (let i = 0; i < 100 && !ok(); i++) await sleep(20);
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};
const entry = (content: string) => ({ content }) as unknown as CachedCompletion;

/** Two stores on one Redis stand for two gateway processes: each knows the other's writes without asking Redis on a miss. */
(process.env.REDIS_URL ? describe : describe.skip)('Redis cache store key directory (real Redis)', () => {
  const url = process.env.REDIS_URL!;
  const prefix = `sytest_dir_${randomBytes(4).toString('hex')}`;
  const stores: RedisCacheStore[] = [];
  const errors: Error[] = [];
  const open = async () => {
    const s = new RedisCacheStore(url, prefix, (e) => errors.push(e), 1_000, 1_000_000);
    stores.push(s);
    await until(() => s.directory.ready, 'the directory to be filled');
    return s;
  };
  let admin: Redis;
  beforeAll(() => (admin = new Redis(url)));
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length) await admin.del(...keys);
    admin.disconnect();
  });

  it("answers a miss itself, without a round trip, and hears the other process's writes", async () => {
    const a = await open();
    const b = await open();
    // A miss on a ready directory is answered synchronously: no promise, no Redis command.
    expect(b.get('unknown')).toBeUndefined();
    a.set('k1', entry('one'), JSON.stringify(entry('one')), 60);
    await until(() => b.directory.mayHold('k1'), 'b to hear of k1');
    const got = b.get('k1');
    expect(got).toBeInstanceOf(Promise);
    expect(await got).toEqual({ content: 'one' });
    expect(await admin.ttl(`${prefix}:cache:k1`)).toBeGreaterThan(50);
    // The next hit is served from b's own copy, without a round trip; so is a's, which wrote it.
    expect(b.get('k1')).toEqual({ content: 'one' });
    expect(a.get('k1')).toEqual({ content: 'one' });
  });

  it('drops its copy when another process writes the key again (a refresh), and serves the new answer', async () => {
    const [a, b] = stores;
    expect(b.get('k1')).toEqual({ content: 'one' });
    a.set('k1', entry('one, refreshed'), JSON.stringify(entry('one, refreshed')), 60);
    // Until a's message arrives b still serves its copy; then it asks Redis again.
    await until(() => b.get('k1') instanceof Promise, 'b to drop its copy');
    expect(await b.get('k1')).toEqual({ content: 'one, refreshed' });
    expect(b.get('k1')).toEqual({ content: 'one, refreshed' });
  });

  it('fills a new process from what Redis holds, with each key expiring when Redis expires it', async () => {
    const a = stores[0];
    a.set('k2', entry('two'), JSON.stringify(entry('two')), 1);
    await until(() => stores[1].directory.mayHold('k2'), 'b to hear of k2');
    const c = await open();
    expect(c.directory.mayHold('k1')).toBe(true);
    expect(c.directory.mayHold('k2')).toBe(true);
    expect(await c.get('k2')).toEqual({ content: 'two' });
    await sleep(1_100);
    expect(c.get('k2')).toBeUndefined();
    expect(c.directory.mayHold('k1')).toBe(true);
  });

  it('forgets a listed key Redis no longer has (evicted by its memory bound) after one round trip', async () => {
    // c listed k1 from its fill but never read it; b, which holds a copy, serves it until its TTL (an eviction
    // does not change the answer).
    const [, b, c] = stores;
    await admin.del(`${prefix}:cache:k1`);
    expect(c.directory.mayHold('k1')).toBe(true);
    expect(await c.get('k1')).toBeUndefined();
    expect(c.directory.mayHold('k1')).toBe(false);
    expect(c.get('k1')).toBeUndefined();
    expect(b.get('k1')).toEqual({ content: 'one, refreshed' });
    expect(errors).toEqual([]);
  });
});
