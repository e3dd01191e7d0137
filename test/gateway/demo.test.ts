import OpenAI from 'openai';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

// The embedded quick start comes with the simulator provider `sim`, so a new user gets answers at once;
// a PostgreSQL deployment starts empty.
describe(`demo data (${mode.database})`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it('is seeded only in embedded mode', async () => {
    const providers = await (await server.request('/api/providers')).json();
    expect(providers.map((p: { name: string }) => p.name)).toEqual(mode.database === 'embedded' ? ['sim'] : []);
  });

  it('answers through the simulator with a new key', async () => {
    if (mode.database !== 'embedded') {
      const created = await server.request('/api/providers', { method: 'POST', json: { name: 'sim', kind: 'simulator' } });
      expect(created.status).toBe(201);
    }
    const providers = await (await server.request('/api/providers')).json();
    expect(providers).toEqual([expect.objectContaining({ name: 'sim', kind: 'simulator' })]);
    expect(providers[0].models.every((m: { simulated: boolean }) => m.simulated)).toBe(true);
    const key = await (await server.request('/api/keys', { method: 'POST', json: { name: 'demo' } })).json();
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const res = await client.chat.completions.create({ model: 'sim/sim-instant', messages: [{ role: 'user', content: 'What is 2 + 3?' }] });
    expect(res.choices[0].message.content).toMatch(/\d/);
    expect(res.system_fingerprint).toBe('switchyard-simulator');
  });
});
