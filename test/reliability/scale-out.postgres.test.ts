import pg from 'pg';
import { isolatedEnv, mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ITEMS = 1000;

/** Two gateway processes and two workers on one PostgreSQL and Redis, as a scaled-out deployment runs. */
describe(`scale-out: two gateways and two workers (${mode.database}, ${mode.queue})`, () => {
  const procs: RunningServer[] = [];
  let cleanup: () => Promise<void>;
  let db: pg.Client;
  afterAll(async () => {
    for (const p of procs) await p.stop();
    await db?.end();
    await cleanup?.();
  });

  it('serves a routing change from both gateways and shares a dataset run between both workers with no duplicate', async () => {
    const iso = await isolatedEnv();
    cleanup = iso.cleanup;
    const [api1, api2] = [
      await startServer({ reuse: iso.env, env: { SWITCHYARD_ROLE: 'api' } }),
      await startServer({ reuse: iso.env, env: { SWITCHYARD_ROLE: 'api' } }),
    ];
    const [w1, w2] = [
      await startServer({ reuse: iso.env, env: { SWITCHYARD_ROLE: 'worker', LOG_LEVEL: 'debug' } }),
      await startServer({ reuse: iso.env, env: { SWITCHYARD_ROLE: 'worker', LOG_LEVEL: 'debug' } }),
    ];
    procs.push(api1, api2, w1, w2);
    db = new pg.Client({ connectionString: iso.env.DATABASE_URL });
    await db.connect();
    const post = async (path: string, json: unknown) => {
      const res = await api1.request(path, { method: 'POST', json });
      expect(res.status).toBeLessThan(300);
      return res.json();
    };
    const slow = { latency: { firstTokenMs: { p50: 10, p95: 15 }, tokensPerSecond: 1e9 }, quality: 0.8 };
    await post('/api/providers', { name: 'lab', kind: 'simulator', options: { models: { m1: slow, m2: slow } }, models: [{ model: 'm1' }, { model: 'm2' }] });
    await post('/api/routes', { alias: 'chat', targets: [{ model: 'lab/m1', weight: 100 }] });
    const key = (await post('/api/keys', { name: 'app' })).secret as string;
    const target = async (s: RunningServer) =>
      (
        await fetch(`${s.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
        })
      ).headers.get('x-switchyard-target');
    // A key made through one gateway works on the other at once, and a revoked one stops at once.
    expect([await target(api1), await target(api2)]).toEqual(['lab/m1', 'lab/m1']);
    const temp = await post('/api/keys', { name: 'temp' });
    const status = (s: RunningServer, secret: string) => fetch(`${s.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
    expect(await status(api2, temp.secret)).toBe(200);
    expect((await api1.request(`/api/keys/${temp.id}/revoke`, { method: 'POST' })).status).toBe(200);
    const revokedAt = Date.now();
    while ((await status(api2, temp.secret)) !== 401) {
      expect(Date.now() - revokedAt).toBeLessThan(1000);
      await sleep(20);
    }
    // A change made through one gateway reaches the other within a second.
    const put = await api1.request('/api/routes/chat', { method: 'PUT', json: { targets: [{ model: 'lab/m2', weight: 100 }] } });
    expect(put.status).toBe(200);
    const t0 = Date.now();
    while ((await target(api2)) !== 'lab/m2') {
      expect(Date.now() - t0).toBeLessThan(1000);
      await sleep(20);
    }

    await post('/api/graders', { name: 'exact', type: 'exact_match', config: {} });
    await post('/api/datasets', { name: 'shared' });
    const lines = Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ input: { question: `Item ${i}: what is 1 + 1?` }, expected: '2' }));
    expect(
      (await api2.request('/api/datasets/shared/versions', { method: 'POST', body: lines.join('\n'), headers: { 'content-type': 'application/x-ndjson' } }))
        .status,
    ).toBe(201);
    await post('/api/experiments', {
      name: 'shared-run',
      kind: 'dataset',
      dataset: { name: 'shared' },
      variants: [
        { name: 'a', model: 'lab/m1' },
        { name: 'b', model: 'lab/m2' },
      ],
      graders: ['exact'],
      concurrency: 32,
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const p = await (await api2.request('/api/experiments/shared-run/progress')).json();
      if (p.status === 'completed') break;
      if (Date.now() > deadline) throw new Error(`not completed: ${JSON.stringify(p)}`);
      await sleep(250);
    }
    const r = (await db.query('SELECT count(*) AS n, count(DISTINCT (variant, item_idx)) AS d FROM experiment_results')).rows[0];
    expect(r).toEqual({ n: String(ITEMS * 2), d: String(ITEMS * 2) });
    // Both workers stored chunks; no chunk was stored by both.
    const chunks = (w: RunningServer) =>
      w
        .logs()
        .filter((l) => l.msg === 'chunk stored' && Number(l.results) > 0)
        .map((l) => Number(l.from));
    const [c1, c2] = [chunks(w1), chunks(w2)];
    expect(c1.length).toBeGreaterThan(0);
    expect(c2.length).toBeGreaterThan(0);
    expect(c1.filter((f) => c2.includes(f))).toEqual([]);
    expect(c1.length + c2.length).toBe(ITEMS / 25);
  }, 240_000);
});
