import OpenAI from 'openai';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { addFakeOpenAIProvider, type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MODELS = ['gpt-a', 'gpt-b', 'gpt-c', 'fail-400', 'fail-429', 'fail-500', 'fail-503', 'slow-first-byte'];

describe(`gateway routing: fallbacks, breakers, stickiness, logs (${mode.database})`, () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let server: RunningServer;
  let client: OpenAI;
  let secret: string;

  const route = async (alias: string, body: Record<string, unknown>) => {
    const res = await server.request('/api/routes', { method: 'POST', json: { alias, ...body } });
    expect(res.status).toBe(201);
  };
  const chat = (model: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }),
    });
  const upstreamModels = (since: number) => fake.requests.slice(since).map((r) => r.body.model);

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startServer();
    await addFakeOpenAIProvider(
      server,
      fake.url,
      MODELS.map((model) => ({ model, inputPricePerM: 1, outputPricePerM: 2 })),
      { timeouts: { firstByteMs: 5000, totalMs: 10000 } },
    );
    secret = (await (await server.request('/api/keys', { method: 'POST', json: { name: 'routing' } })).json()).secret;
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('falls through a 5xx to the next target and says which served, in headers and the log', async () => {
    await route('fb-5xx', {
      targets: [
        { model: 'oai/fail-500', weight: 100 },
        { model: 'oai/gpt-b', weight: 0 },
      ],
    });
    const since = fake.requests.length;
    const res = await chat('fb-5xx');
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.content).toBe('Echo: hi ✓ 🌍');
    expect(res.headers.get('x-switchyard-route')).toBe('fb-5xx');
    expect(res.headers.get('x-switchyard-route-version')).toBe('1');
    expect(res.headers.get('x-switchyard-target')).toBe('oai/gpt-b');
    expect(upstreamModels(since)).toEqual(['fail-500', 'gpt-b']);
    const id = res.headers.get('x-switchyard-request-id')!;
    await sleep(600);
    const log = await (await server.request(`/api/requests/${id}`)).json();
    expect(log).toMatchObject({ route: 'fb-5xx', routeVersion: 1, target: 'oai/gpt-b', status: 200 });
    expect(log.attempts.map((a: { target: string; error?: string }) => [a.target, a.error ?? null])).toEqual([
      ['oai/fail-500', 'server_error'],
      ['oai/gpt-b', null],
    ]);
  });

  it('falls through a 429 at once to another target (retry-after applies only to the same target)', async () => {
    await route('fb-429', {
      targets: [
        { model: 'oai/fail-429', weight: 100 },
        { model: 'oai/gpt-b', weight: 0 },
      ],
    });
    const started = Date.now();
    const res = await client.chat.completions.create({ model: 'fb-429', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.choices[0].message.content).toBe('Echo: hi ✓ 🌍');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('falls through an attempt that passes its timeout', async () => {
    await route('fb-timeout', {
      targets: [
        { model: 'oai/slow-first-byte', weight: 100 },
        { model: 'oai/gpt-b', weight: 0 },
      ],
      fallback: { attemptTimeoutMs: 300 },
    });
    const started = Date.now();
    const res = await chat('fb-timeout');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-target')).toBe('oai/gpt-b');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('does not fall through a client error, and answers it OpenAI-shaped', async () => {
    await route('fb-400', {
      targets: [
        { model: 'oai/fail-400', weight: 100 },
        { model: 'oai/gpt-b', weight: 0 },
      ],
    });
    const since = fake.requests.length;
    const res = await chat('fb-400');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain("Invalid value for 'temperature'");
    expect(upstreamModels(since)).toEqual(['fail-400']);
  });

  it('gives up after maxAttempts with the last error', async () => {
    await route('fb-all-down', {
      targets: [
        { model: 'oai/fail-500', weight: 50 },
        { model: 'oai/fail-503', weight: 50 },
      ],
      fallback: { maxAttempts: 2 },
    });
    const since = fake.requests.length;
    const res = await chat('fb-all-down');
    expect([502, 503]).toContain(res.status);
    expect((await res.json()).error).toBeDefined();
    expect(upstreamModels(since).sort()).toEqual(['fail-500', 'fail-503']);
  });

  it('streams: a failure before the first byte falls through', async () => {
    await route('fb-stream', {
      targets: [
        { model: 'oai/fail-503', weight: 100 },
        { model: 'oai/gpt-b', weight: 0 },
      ],
    });
    const stream = await client.chat.completions.create({ model: 'fb-stream', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Echo: hi ✓ 🌍');
  });

  it('applies a target’s parameter overrides', async () => {
    await route('overrides', { targets: [{ model: 'oai/gpt-c', weight: 100, overrides: { temperature: 0, system: 'Be brief.' } }] });
    const since = fake.requests.length;
    expect((await chat('overrides', { temperature: 1.5 })).status).toBe(200);
    const sent = fake.requests[since].body;
    expect(sent.temperature).toBe(0);
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('opens a breaker after consecutive failures, skips the target, and probes it again after the cooldown', async () => {
    await route('breaker', {
      targets: [
        { model: 'oai/gpt-a', weight: 100 },
        { model: 'oai/gpt-b', weight: 0 },
      ],
      breaker: { failureThreshold: 2, cooldownMs: 1500 },
    });
    fake.forced.set('gpt-a', 503);
    let since = fake.requests.length;
    for (let i = 0; i < 2; i++) expect((await chat('breaker')).headers.get('x-switchyard-target')).toBe('oai/gpt-b');
    expect(upstreamModels(since)).toEqual(['gpt-a', 'gpt-b', 'gpt-a', 'gpt-b']);
    // Open: gpt-a is not called at all.
    since = fake.requests.length;
    for (let i = 0; i < 3; i++) expect((await chat('breaker')).status).toBe(200);
    expect(upstreamModels(since)).toEqual(['gpt-b', 'gpt-b', 'gpt-b']);
    const metrics = await (await server.request('/metrics')).text();
    expect(metrics).toMatch(/switchyard_breaker_state\{route="breaker",target="oai\/gpt-a"\} 2/);
    // After the cooldown one probe goes to gpt-a; it is healthy again, so the breaker closes.
    fake.forced.delete('gpt-a');
    await sleep(1600);
    since = fake.requests.length;
    expect((await chat('breaker')).headers.get('x-switchyard-target')).toBe('oai/gpt-a');
    expect((await chat('breaker')).headers.get('x-switchyard-target')).toBe('oai/gpt-a');
    expect(upstreamModels(since)).toEqual(['gpt-a', 'gpt-a']);
  });

  it('keeps a sticky key on its target', async () => {
    await route('sticky', {
      targets: [
        { model: 'oai/gpt-a', weight: 50 },
        { model: 'oai/gpt-b', weight: 50 },
      ],
    });
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < 3; round++) {
      for (let u = 0; u < 12; u++) {
        const res = await chat('sticky', { user: `user-${u}` });
        const set = seen.get(`user-${u}`) ?? new Set();
        set.add(res.headers.get('x-switchyard-target')!);
        seen.set(`user-${u}`, set);
      }
    }
    for (const targets of seen.values()) expect(targets.size).toBe(1);
    const used = new Set([...seen.values()].map((s) => [...s][0]));
    expect(used.size).toBe(2);
    // The header wins over the body's user.
    const a = await chat('sticky', { user: 'user-0' }, { 'x-switchyard-sticky-key': 'team-7' });
    const b = await chat('sticky', { user: 'user-1' }, { 'x-switchyard-sticky-key': 'team-7' });
    expect(a.headers.get('x-switchyard-target')).toBe(b.headers.get('x-switchyard-target'));
  });

  it('a new version and a rollback take effect at once', async () => {
    await route('versions', { targets: [{ model: 'oai/gpt-a', weight: 100 }] });
    expect((await chat('versions')).headers.get('x-switchyard-target')).toBe('oai/gpt-a');
    await server.request('/api/routes/versions', { method: 'PUT', json: { targets: [{ model: 'oai/gpt-c', weight: 100 }] } });
    const v2 = await chat('versions');
    expect([v2.headers.get('x-switchyard-route-version'), v2.headers.get('x-switchyard-target')]).toEqual(['2', 'oai/gpt-c']);
    await server.request('/api/routes/versions/rollback', { method: 'POST', json: { toVersion: 1 } });
    const v3 = await chat('versions');
    expect([v3.headers.get('x-switchyard-route-version'), v3.headers.get('x-switchyard-target')]).toEqual(['3', 'oai/gpt-a']);
  });

  it('accepts OpenRouter-style `models` fallbacks for direct models', async () => {
    const res = await chat('oai/fail-500', { models: ['oai/gpt-b'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-target')).toBe('oai/gpt-b');
    const bad = await chat('oai/gpt-a', { models: ['nope/x'] });
    expect(bad.status).toBe(404);
    expect((await bad.json()).error.param).toBe('models[0]');
  });

  it('lists route aliases and catalogue models in /v1/models', async () => {
    const ids = (await client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['fb-5xx', 'sticky', 'oai/gpt-a']));
  });

  it('logs every request once with tokens and cost at the catalogue price', async () => {
    const data = await client.chat.completions.create({ model: 'oai/gpt-a', messages: [{ role: 'user', content: 'count me' }] });
    await sleep(600);
    const logs = (await (await server.request('/api/requests?limit=500')).json()) as Array<{
      requestId: string;
      inputTokens: number;
      outputTokens: number;
      costUsd: number;
      model: string;
    }>;
    const ids = logs.map((l) => l.requestId);
    expect(new Set(ids).size).toBe(ids.length);
    const mine = logs.find((l) => l.model === 'oai/gpt-a' && l.inputTokens === data.usage!.prompt_tokens && l.outputTokens === data.usage!.completion_tokens);
    expect(mine).toBeDefined();
    expect(mine!.costUsd).toBeCloseTo((data.usage!.prompt_tokens * 1 + data.usage!.completion_tokens * 2) / 1e6, 12);
    const summary = await (await server.request('/api/usage/summary?groupBy=route')).json();
    expect(summary.rows.find((r: { group: string }) => r.group === 'sticky').requests).toBe(38);
  });
});
