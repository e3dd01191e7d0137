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
});
