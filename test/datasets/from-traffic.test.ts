import { mode } from '../support/env.js';
import { ensureSimulator, type RunningServer, startServer } from '../support/server.js';

describe(`datasets from captured traffic (${mode.database})`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    await ensureSimulator(server);
  });
  afterAll(() => server?.close());

  it('turns logged requests of a capturing route into items, redactions kept', async () => {
    await server.request('/api/routes', {
      method: 'POST',
      json: { alias: 'captured', targets: [{ model: 'sim/sim-instant', weight: 100 }], capture: { bodies: true, redact: ['\\b\\d{16}\\b'] } },
    });
    await server.request('/api/routes', { method: 'POST', json: { alias: 'private', targets: [{ model: 'sim/sim-instant', weight: 100 }] } });
    const secret = (await (await server.request('/api/keys', { method: 'POST', json: { name: 't' } })).json()).secret;
    const answers: string[] = [];
    for (const [model, content] of [
      ['captured', 'My card 4111111111111111 was declined'],
      ['captured', 'What is 2 + 2?'],
      ['private', 'not stored'],
    ]) {
      const res = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
      });
      if (model === 'captured') answers.push((await res.json()).choices[0].message.content);
    }
    await new Promise((r) => setTimeout(r, 600));
    await server.request('/api/datasets', { method: 'POST', json: { name: 'from-traffic' } });
    const res = await server.request('/api/datasets/from-traffic/versions/from-traffic', { method: 'POST', json: { route: 'captured' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 1, rows: 2, format: 'traffic' });
    const items = (await (await server.request('/api/datasets/from-traffic/versions/1/items')).json()).items;
    expect(items.map((i: { input: unknown }) => i.input)).toEqual([
      { messages: [{ role: 'user', content: 'My card [REDACTED] was declined' }] },
      { messages: [{ role: 'user', content: 'What is 2 + 2?' }] },
    ]);
    expect(items.map((i: { expected: string }) => i.expected)).toEqual(answers);
    expect(items[0].metadata).toEqual({ route: 'captured', target: 'sim/sim-instant' });
    const none = await server.request('/api/datasets/from-traffic/versions/from-traffic', { method: 'POST', json: { route: 'private' } });
    expect(none.status).toBe(400);
    expect((await none.json()).error.message).toMatch(/capture\.bodies=true/);
  });

  it('names the field of a bad time range, and lists the new version in the history with its source', async () => {
    const post = async (json: unknown) => {
      const res = await server.request('/api/datasets/from-traffic/versions/from-traffic', { method: 'POST', json });
      return { status: res.status, body: await res.json() };
    };
    const bad = await post({ from: 'yesterday', limit: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('request/invalid-body');
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['from', 'limit']);
    const backwards = await post({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([{ path: 'to', message: 'must be after from' }]);

    const since = new Date(Date.now() - 60_000).toISOString();
    const second = await post({ route: 'captured', from: since, limit: 1, expectedFromResponse: false });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, rows: 1, source: 'traffic', fields: { withExpected: 0 } });
    const detail = await (await server.request('/api/datasets/from-traffic')).json();
    expect(detail.versions.map((v: { version: number; source: string; rows: number }) => [v.version, v.source, v.rows])).toEqual([
      [2, 'traffic', 1],
      [1, 'traffic', 2],
    ]);
    expect(detail.latest.version).toBe(2);
    // The older version stays readable.
    expect((await (await server.request('/api/datasets/from-traffic/versions/1/items')).json()).total).toBe(2);
  });
});
