import { isolatedEnv, mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';
import { cuttableProxy } from '../support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Changes travel by Redis pub/sub when there is Redis, else by PostgreSQL NOTIFY: both are tried when Redis is set.
const buses = process.env.REDIS_URL ? ['Redis pub/sub', 'PostgreSQL NOTIFY'] : ['PostgreSQL NOTIFY'];

describe.each(buses)(`several processes on one PostgreSQL, changes by %s (${mode.database})`, (bus) => {
  let a: RunningServer;
  let b: RunningServer;
  let secret: string;
  const chat = (s: RunningServer, model: string) =>
    fetch(`${s.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });

  beforeAll(async () => {
    const { env, cleanup } = await isolatedEnv();
    if (bus === 'PostgreSQL NOTIFY') {
      delete env.REDIS_URL;
      delete env.SWITCHYARD_QUEUE_PREFIX;
    }
    a = await startServer({ reuse: env });
    b = await startServer({ reuse: env });
    const close = a.close.bind(a);
    a.close = async () => {
      await close();
      await cleanup();
    };
    expect((await a.request('/api/providers', { method: 'POST', json: { name: 'sim', kind: 'simulator' } })).status).toBe(201);
    secret = (await (await a.request('/api/keys', { method: 'POST', json: { name: 'mp' } })).json()).secret;
    // The second process learns of the key and provider by its periodic refresh (keys 5 s, providers 10 s).
    for (let i = 0; i < 150 && (await chat(b, 'sim/sim-instant')).status !== 200; i++) await sleep(100);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a route created or changed on one process is served by the other within 1 s', async () => {
    const created = await a.request('/api/routes', { method: 'POST', json: { alias: 'mp-route', targets: [{ model: 'sim/sim-instant', weight: 100 }] } });
    expect(created.status).toBe(201);
    let t0 = Date.now();
    let res = await chat(b, 'mp-route');
    while (res.status !== 200 && Date.now() - t0 < 5000) res = await chat(b, 'mp-route');
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);

    await a.request('/api/routes/mp-route', { method: 'PUT', json: { targets: [{ model: 'sim/sim-mini', weight: 100 }] } });
    t0 = Date.now();
    res = await chat(b, 'mp-route');
    while (res.headers.get('x-switchyard-route-version') !== '2' && Date.now() - t0 < 5000) res = await chat(b, 'mp-route');
    expect(res.headers.get('x-switchyard-target')).toBe('sim/sim-mini');
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe(`a database outage (${mode.database})`, () => {
  it('loses no gateway request, and the request log catches up afterwards', async () => {
    const { env, cleanup } = await isolatedEnv();
    const proxy = await cuttableProxy(new URL(env.DATABASE_URL));
    const url = new URL(env.DATABASE_URL);
    url.host = `127.0.0.1:${proxy.port}`;
    const s = await startServer({ reuse: { ...env, DATABASE_URL: url.toString() } });
    try {
      expect((await s.request('/api/providers', { method: 'POST', json: { name: 'sim', kind: 'simulator' } })).status).toBe(201);
      const key = (await (await s.request('/api/keys', { method: 'POST', json: { name: 'outage' } })).json()).secret as string;
      const call = () =>
        fetch(`${s.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'sim/sim-instant', messages: [{ role: 'user', content: 'during the outage' }] }),
        });
      await proxy.cut();
      const statuses: number[] = [];
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        statuses.push(...(await Promise.all(Array.from({ length: 10 }, () => call().then((r) => r.status)))));
        await sleep(200);
      }
      expect(statuses.length).toBeGreaterThan(100);
      expect(statuses.every((x) => x === 200)).toBe(true);
      await proxy.restore();
      // The writer retries with backoff (at most 5 s between tries).
      let logged = 0;
      for (let i = 0; i < 100 && logged < statuses.length; i++) {
        await sleep(200);
        const r = await s.request('/api/usage/summary');
        if (r.status === 200) logged = (await r.json()).rows[0]?.requests ?? 0;
      }
      expect(logged).toBe(statuses.length);
      const metrics = await (await s.request('/metrics')).text();
      expect(metrics).toMatch(/switchyard_request_log_write_errors [1-9]/);
      expect(metrics).toMatch(/switchyard_request_log_dropped 0/);
    } finally {
      await s.close();
      await proxy.close();
      await cleanup();
    }
  }, 90_000);
});
