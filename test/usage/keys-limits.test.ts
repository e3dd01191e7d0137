import OpenAI from 'openai';
import { mode } from '../support/env.js';
import { ensureSimulator, type RunningServer, startServer } from '../support/server.js';

describe(`API keys: scopes, allowed models, rate limits, budgets (${mode.database}, ${mode.queue})`, () => {
  let server: RunningServer;

  const key = async (body: Record<string, unknown>) => {
    const res = await server.request('/api/keys', { method: 'POST', json: { name: 'k', ...body } });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; secret: string };
  };
  const chat = (secret: string, model = 'sim/sim-instant') =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
    });

  beforeAll(async () => {
    server = await startServer();
    await ensureSimulator(server);
  });
  afterAll(() => server?.close());

  it('answers 429 naming the limit once a key passes its requests per minute', async () => {
    const k = await key({ limits: { requestsPerMinute: 2 } });
    expect((await chat(k.secret)).status).toBe(200);
    expect((await chat(k.secret)).status).toBe(200);
    const res = await chat(k.secret);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await res.json();
    expect(body.error.message).toMatch(/^Rate limit reached: this key may make 2 requests per minute/);
    expect(body.error.code).toBe('requests_per_minute_exceeded');
    // The OpenAI SDK sees a RateLimitError.
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: k.secret, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'sim/sim-instant', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
  });

  it('refuses a key over its daily budget with a message naming the budget', async () => {
    const k = await key({ limits: { dailyBudgetUsd: 0.000001 } });
    // sim-small is priced: the first call spends more than the budget; the next is refused.
    expect((await chat(k.secret, 'sim/sim-small')).status).toBe(200);
    const res = await chat(k.secret, 'sim/sim-small');
    expect(res.status).toBe(429);
    expect((await res.json()).error.message).toMatch(/^This key has used its daily budget of \$0\.0000010 \(spent \$0\.\d+\); it resets at midnight UTC\.$/);
  });

  it('changing a limit takes effect, and null clears it', async () => {
    const k = await key({ limits: { requestsPerMinute: 1 } });
    expect((await chat(k.secret)).status).toBe(200);
    expect((await chat(k.secret)).status).toBe(429);
    const res = await server.request(`/api/keys/${k.id}`, { method: 'PATCH', json: { limits: { requestsPerMinute: null } } });
    expect(res.status).toBe(200);
    expect((await res.json()).limits.requestsPerMinute).toBeNull();
    expect((await chat(k.secret)).status).toBe(200);
  });

  it('limits a key to its allowed models, in requests and in /v1/models', async () => {
    const k = await key({ allowedModels: ['sim/sim-instant'] });
    expect((await chat(k.secret)).status).toBe(200);
    const res = await chat(k.secret, 'sim/sim-large');
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: 'model_not_allowed', param: 'model' });
    const ids = (await new OpenAI({ baseURL: `${server.url}/v1`, apiKey: k.secret }).models.list()).data.map((m) => m.id);
    expect(ids).toEqual(['sim/sim-instant']);
  });

  it('a revoked key gets 401', async () => {
    const k = await key({});
    expect((await chat(k.secret)).status).toBe(200);
    await server.request(`/api/keys/${k.id}/revoke`, { method: 'POST' });
    const res = await chat(k.secret);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_api_key');
  });

  it('scopes: an admin-scoped key opens /api (recorded as the actor) and a gateway-less key cannot call /v1', async () => {
    const admin = await key({ name: 'ops-bot', scopes: ['admin'] });
    const list = await fetch(`${server.url}/api/keys`, { headers: { authorization: `Bearer ${admin.secret}` } });
    expect(list.status).toBe(200);
    const created = await fetch(`${server.url}/api/routes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ alias: 'by-key', targets: [{ model: 'sim/sim-instant', weight: 100 }] }),
    });
    expect((await created.json()).current.actor).toBe('key:ops-bot');
    expect((await chat(admin.secret)).status).toBe(403);
    const gatewayOnly = await key({});
    expect((await fetch(`${server.url}/api/keys`, { headers: { authorization: `Bearer ${gatewayOnly.secret}` } })).status).toBe(401);
  });

  it('lists keys with limits and spend, never the secret', async () => {
    await new Promise((r) => setTimeout(r, 600));
    const keys = (await (await server.request('/api/keys')).json()) as Array<Record<string, unknown>>;
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const k of keys) expect(k).not.toHaveProperty('secret');
    expect(keys.some((k) => (k.spentTodayUsd as number) > 0)).toBe(true);
    const bad = await server.request('/api/keys', { method: 'POST', json: { name: 'x', limits: { requestsPerMinute: 0 }, scopes: ['root'] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details.map((d: { path: string }) => d.path).sort()).toEqual(['limits.requestsPerMinute', 'scopes']);
  });
});
