import pg from 'pg';
import { isolatedEnv, mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';
import { cuttableProxy } from '../support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ITEMS = 1500;

/**
 * Redis stops for 10 s, then PostgreSQL stops for 10 s, in the middle of a dataset run (through TCP
 * proxies cut and restored): the gateway keeps answering from its snapshots all along, and the run
 * completes with every result and score exactly once.
 */
describe(`Redis and PostgreSQL outages during a dataset run (${mode.database}, ${mode.queue})`, () => {
  it('completes the run with every result once and keeps the gateway answering', async () => {
    const { env, cleanup } = await isolatedEnv();
    const pgProxy = await cuttableProxy(new URL(env.DATABASE_URL));
    const redisProxy = await cuttableProxy(new URL(env.REDIS_URL));
    const dbUrl = new URL(env.DATABASE_URL);
    dbUrl.host = `127.0.0.1:${pgProxy.port}`;
    const redisUrl = new URL(env.REDIS_URL);
    redisUrl.host = `127.0.0.1:${redisProxy.port}`;
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    let s: RunningServer | undefined;
    try {
      s = await startServer({ reuse: { ...env, DATABASE_URL: dbUrl.toString(), REDIS_URL: redisUrl.toString() } });
      const server = s;
      const post = async (path: string, json: unknown) => {
        const res = await server.request(path, { method: 'POST', json });
        expect(res.status).toBeLessThan(300);
        return res.json();
      };
      const slow = { latency: { firstTokenMs: { p50: 20, p95: 30 }, tokensPerSecond: 1e9 }, quality: 0.8 };
      await post('/api/providers', { name: 'lab', kind: 'simulator', options: { models: { m1: slow, m2: slow } }, models: [{ model: 'm1' }, { model: 'm2' }] });
      await post('/api/providers', { name: 'sim', kind: 'simulator' });
      await post('/api/routes', { alias: 'chat', targets: [{ model: 'sim/sim-instant', weight: 100 }] });
      await post('/api/graders', { name: 'exact', type: 'exact_match', config: {} });
      await post('/api/datasets', { name: 'outage-items' });
      const lines = Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ input: { question: `Item ${i}: what is 2 + 2?` }, expected: '4' }));
      const up = await server.request('/api/datasets/outage-items/versions', {
        method: 'POST',
        body: lines.join('\n'),
        headers: { 'content-type': 'application/x-ndjson' },
      });
      expect(up.status).toBe(201);
      const key = (await post('/api/keys', { name: 'app' })).secret as string;
      const chat = () =>
        fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'are you there?' }] }),
          signal: AbortSignal.timeout(10_000),
        }).then((r) => r.status);
      const stored = async () => Number((await db.query('SELECT count(*) AS n FROM experiment_results')).rows[0].n);

      await post('/api/experiments', {
        name: 'through-outages',
        kind: 'dataset',
        dataset: { name: 'outage-items' },
        variants: [
          { name: 'a', model: 'lab/m1' },
          { name: 'b', model: 'lab/m2' },
        ],
        graders: ['exact'],
        concurrency: 8,
      });
      while ((await stored()) < 200) await sleep(100);

      const outage = async (proxy: typeof pgProxy) => {
        await proxy.cut();
        const statuses: number[] = [];
        const until = Date.now() + 10_000;
        while (Date.now() < until) {
          statuses.push(...(await Promise.all([chat(), chat(), chat()])));
          await sleep(250);
        }
        await proxy.restore();
        return statuses;
      };
      const duringRedis = await outage(redisProxy);
      const atRedisEnd = await stored();
      const duringPg = await outage(pgProxy);
      expect(duringRedis.length).toBeGreaterThan(30);
      expect(duringRedis.every((x) => x === 200)).toBe(true);
      expect(duringPg.every((x) => x === 200)).toBe(true);
      expect(atRedisEnd).toBeLessThan(ITEMS * 2); // the run was still going when PostgreSQL went away

      const deadline = Date.now() + 120_000;
      for (;;) {
        const p = await (await server.request('/api/experiments/through-outages/progress')).json();
        if (p.status === 'completed') break;
        if (Date.now() > deadline) throw new Error(`the run did not complete after the outages: ${JSON.stringify(p)}`);
        await sleep(500);
      }
      const r = (
        await db.query('SELECT count(*) AS n, count(DISTINCT (variant, item_idx)) AS d, count(*) FILTER (WHERE NOT ok) AS failed FROM experiment_results')
      ).rows[0];
      expect(r).toEqual({ n: String(ITEMS * 2), d: String(ITEMS * 2), failed: '0' });
      const sc = (await db.query('SELECT count(*) AS n, count(DISTINCT (variant, item_idx)) AS d FROM experiment_scores')).rows[0];
      expect(sc).toEqual({ n: String(ITEMS * 2), d: String(ITEMS * 2) });
      expect(await chat()).toBe(200);
    } finally {
      await s?.close();
      await db.end();
      await pgProxy.close();
      await redisProxy.close();
      await cleanup();
    }
  }, 240_000);
});
