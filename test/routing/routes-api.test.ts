import { mode } from '../support/env.js';
import { ensureSimulator, type RunningServer, startServer } from '../support/server.js';

const spec = (small: number) => ({
  targets: [
    { model: 'sim/sim-small', weight: small },
    { model: 'sim/sim-large', weight: 100 - small },
  ],
});

describe(`routes admin API: versions, diff, rollback (${mode.database})`, () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
    await ensureSimulator(server);
  });
  afterAll(() => server?.close());

  it('creates version 1 with every default filled in and who made it', async () => {
    const res = await server.request('/api/routes', { method: 'POST', json: { alias: 'support', ...spec(90), reason: 'launch' } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ alias: 'support', currentVersion: 1, current: { version: 1, actor: 'admin', reason: 'launch', rollbackOf: null } });
    expect(body.current.spec).toEqual({
      targets: spec(90).targets,
      fallback: {
        on: ['rate_limited', 'timeout', 'overloaded', 'server_error', 'network'],
        maxAttempts: 3,
        backoff: { initialMs: 100, maxMs: 2000, multiplier: 2, jitter: true },
      },
      breaker: { failureThreshold: 5, errorRate: 0.5, windowMs: 30000, minRequests: 20, cooldownMs: 30000 },
      sticky: 'user',
      capture: { bodies: false, redact: [] },
    });
  });

  it('refuses a second route with the same alias (409) and names bad fields (400)', async () => {
    expect((await server.request('/api/routes', { method: 'POST', json: { alias: 'support', ...spec(50) } })).status).toBe(409);
    const bad = await server.request('/api/routes', {
      method: 'POST',
      json: {
        alias: 'has/slash',
        targets: [
          { model: 'sim/sim-small', weight: 60 },
          { model: 'nope/x', weight: 30 },
        ],
        fallback: { maxAttempts: 0, on: ['typo'] },
      },
    });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['alias', 'fallback.maxAttempts', 'fallback.on']));
    const sums = await server.request('/api/routes', {
      method: 'POST',
      json: {
        alias: 'b',
        targets: [
          { model: 'sim/sim-small', weight: 60 },
          { model: 'nope/x', weight: 30 },
        ],
      },
    });
    expect(sums.status).toBe(400);
    expect((await sums.json()).error.details).toEqual([
      { path: 'targets', message: 'weights must add up to 100 (they add up to 90)' },
      { path: 'targets[1].model', message: 'nope/x is not a model of a configured provider (GET /api/models lists them)' },
    ]);
    // Nothing was created by the refused requests.
    expect((await server.request('/api/routes/b')).status).toBe(404);
  });

  it('writes a new version per change, none for an unchanged body, and diffs any two', async () => {
    const v2 = await server.request('/api/routes/support', { method: 'PUT', json: { ...spec(50), reason: 'even split', baseVersion: 1 } });
    expect(v2.status).toBe(200);
    expect((await v2.json()).currentVersion).toBe(2);
    const same = await server.request('/api/routes/support', { method: 'PUT', json: { ...spec(50), reason: 'no-op' } });
    expect((await same.json()).currentVersion).toBe(2);
    const stale = await server.request('/api/routes/support', { method: 'PUT', json: { ...spec(10), baseVersion: 1 } });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('routes/version-conflict');

    const diff = await (await server.request('/api/routes/support/diff?from=1&to=2')).json();
    expect(diff).toEqual({
      from: 1,
      to: 2,
      changes: [
        { path: 'targets[sim/sim-large].weight', op: 'changed', from: 10, to: 50 },
        { path: 'targets[sim/sim-small].weight', op: 'changed', from: 90, to: 50 },
      ],
    });
    const badDiff = await server.request('/api/routes/support/diff?from=one&to=2');
    expect(badDiff.status).toBe(400);
    expect((await badDiff.json()).error.details).toEqual([{ path: 'from', message: 'must be a whole number' }]);
  });

  it('rolls back as a new version pointing at the old content, with the history kept', async () => {
    const res = await server.request('/api/routes/support/rollback', { method: 'POST', json: { toVersion: 1, reason: 'large model too slow' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ currentVersion: 3, current: { version: 3, rollbackOf: 1, reason: 'large model too slow' } });
    expect(body.current.spec.targets).toEqual(spec(90).targets);
    const history = await (await server.request('/api/routes/support/versions')).json();
    expect(history.map((v: { version: number; reason: string }) => [v.version, v.reason])).toEqual([
      [3, 'large model too slow'],
      [2, 'even split'],
      [1, 'launch'],
    ]);
    expect((await server.request('/api/routes/support/versions/9')).status).toBe(404);
  });

  it('requires the admin token and is described in the OpenAPI document', async () => {
    expect((await server.request('/api/routes', { auth: false })).status).toBe(401);
    const doc = await (await server.request('/api/docs-json')).json();
    for (const p of [
      '/api/routes',
      '/api/routes/{alias}',
      '/api/routes/{alias}/versions',
      '/api/routes/{alias}/diff',
      '/api/routes/{alias}/rollback',
      '/api/routes/{alias}/health',
      '/api/config/apply',
      '/api/config/export',
      '/api/usage/summary',
      '/api/requests',
    ]) {
      expect(doc.paths[p]).toBeDefined();
    }
    expect(doc.components.schemas.RouteSpecDto).toBeDefined();
    expect(doc.components.schemas.RouteSpecDto.properties.strategy.enum).toEqual(['weighted', 'cheapest', 'fastest', 'ordered']);
    expect(doc.components.schemas.RouteHealthDto.properties.decisions).toBeDefined();
  });

  it('deletes a route', async () => {
    await server.request('/api/routes', { method: 'POST', json: { alias: 'temp', ...spec(100) } });
    expect((await server.request('/api/routes/temp', { method: 'DELETE' })).status).toBe(204);
    expect((await server.request('/api/routes/temp')).status).toBe(404);
  });
});
