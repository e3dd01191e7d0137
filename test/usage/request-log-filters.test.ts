import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INSTANT = { latency: { firstTokenMs: { p50: 0, p95: 0 }, tokensPerSecond: 1e9 }, quality: 0.9 };

interface Logged {
  requestId: string;
  at: string;
  model: string;
  target: string | null;
  route: string | null;
  experimentId: string | null;
  variant: string | null;
}

// The console's request log filters by model, experiment and time range; each filter is applied by the server.
describe(`request log filters (${mode.database}, ${mode.queue})`, () => {
  let server: RunningServer;
  let secret: string;
  let experimentId: string;
  const sent: Array<{ id: string; model: string; experiment: string | null }> = [];
  let middle = '';

  const api = async (method: string, path: string, json?: unknown) => {
    const res = await server.request(path, { method, json, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  const chat = async (model: string, user: string) => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, user, messages: [{ role: 'user', content: `hello from ${user}` }] }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.text();
    expect(res.status).toBe(200);
    sent.push({ id: res.headers.get('x-switchyard-request-id')!, model, experiment: res.headers.get('x-switchyard-experiment') });
  };
  const list = async (query: string): Promise<Logged[]> => {
    const res = await api('GET', `/api/requests?limit=500&${query}`);
    expect(res.status).toBe(200);
    return res.body as Logged[];
  };

  beforeAll(async () => {
    server = await startServer();
    const lab = await api('POST', '/api/providers', {
      name: 'lab',
      kind: 'simulator',
      options: { models: { prod: INSTANT, cand: INSTANT } },
      models: [{ model: 'prod' }, { model: 'cand' }],
    });
    expect(lab.status).toBe(201);
    expect((await api('POST', '/api/routes', { alias: 'assist', targets: [{ model: 'lab/prod', weight: 100 }] })).status).toBe(201);
    expect((await api('POST', '/api/graders', { name: 'nonempty', type: 'regex', config: { pattern: '\\w' } })).status).toBe(201);
    secret = (await api('POST', '/api/keys', { name: 'app' })).body.secret;

    for (let u = 0; u < 4; u++) await chat('lab/cand', `direct-${u}`);
    await sleep(20);
    middle = new Date().toISOString();
    await sleep(20);
    const created = await api('POST', '/api/experiments', {
      name: 'split',
      kind: 'live',
      route: 'assist',
      variants: [
        { name: 'control', model: 'assist', weight: 50 },
        { name: 'cand', model: 'lab/cand', weight: 50 },
      ],
      graders: ['nonempty'],
    });
    expect(created.status).toBe(201);
    experimentId = created.body.id;
    for (let u = 0; u < 12; u++) await chat('assist', `user-${u}`);
    // The log is written in batches, within a second.
    const deadline = Date.now() + 10_000;
    while ((await list('')).length < sent.length && Date.now() < deadline) await sleep(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('tags each request with its experiment and variant', async () => {
    const rows = await list('');
    expect(rows).toHaveLength(16);
    for (const s of sent) {
      const row = rows.find((r) => r.requestId === s.id)!;
      expect(row.experimentId).toBe(s.experiment ? experimentId : null);
      expect(row.variant).toBe(s.experiment ? s.experiment.split('/')[1] : null);
    }
  });

  it('filters by experiment', async () => {
    const rows = await list(`experimentId=${experimentId}`);
    expect(rows.map((r) => r.requestId).sort()).toEqual(
      sent
        .filter((s) => s.experiment)
        .map((s) => s.id)
        .sort(),
    );
    expect(rows.length).toBe(12);
    expect(await list('experimentId=00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('filters by model asked for or served by', async () => {
    const served = await list('model=lab/cand');
    // The four direct requests, and the experiment's requests its candidate served through the route.
    const expected = (await list('')).filter((r) => r.model === 'lab/cand' || r.target === 'lab/cand');
    expect(served.map((r) => r.requestId).sort()).toEqual(expected.map((r) => r.requestId).sort());
    expect(served.filter((r) => r.model === 'lab/cand')).toHaveLength(4);
    expect(served.some((r) => r.model === 'assist')).toBe(true);
    const asked = await list('model=assist');
    expect(asked).toHaveLength(12);
  });

  it('filters by time range, with paging before an instant', async () => {
    const after = await list(`from=${encodeURIComponent(middle)}`);
    expect(after).toHaveLength(12);
    expect(after.every((r) => r.at >= middle)).toBe(true);
    const before = await list(`before=${encodeURIComponent(middle)}`);
    expect(before).toHaveLength(4);
    const both = await list(`from=${encodeURIComponent(middle)}&before=${encodeURIComponent(after[5]!.at)}`);
    expect(both.map((r) => r.requestId)).toEqual(after.slice(6).map((r) => r.requestId));
  });

  it('names the field of a bad filter, and documents the filters', async () => {
    const bad = await api('GET', '/api/requests?from=yesterday&experimentId=split');
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.details as Array<{ path: string }>).map((d) => d.path).sort();
    expect(paths).toEqual(['experimentId', 'from']);
    const doc = (await api('GET', '/api/docs-json')).body;
    const params = (doc.paths['/api/requests'].get.parameters as Array<{ name: string }>).map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['before', 'from', 'limit', 'route', 'keyId', 'status', 'model', 'experimentId', 'cache']));
    const schema = doc.components.schemas.RequestLogDto;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['experimentId', 'variant']));
  });
});
