import OpenAI from 'openai';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { addFakeOpenAIProvider, type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The in-memory store's bound in this suite: a few large answers overflow it. */
const MAX_BYTES = 200_000;

/**
 * The response cache through the gateway, driven by the openai SDK against the fake OpenAI upstream:
 * with REDIS_URL the answers live in Redis, else in the process's memory.
 */
describe(`response cache (${mode.database}, ${mode.queue === 'bull' ? 'redis' : 'memory'} store)`, () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let server: RunningServer;
  let keyA: string;
  let keyB: string;
  let a: OpenAI;
  let b: OpenAI;
  let n = 0;

  const route = async (alias: string, cache?: Record<string, unknown>, model = 'oai/gpt-a') => {
    const res = await server.request('/api/routes', { method: 'POST', json: { alias, targets: [{ model, weight: 100 }], ...(cache ? { cache } : {}) } });
    expect(res.status).toBe(201);
  };
  /** A question nobody asked before in this run, so tests do not see each other's answers. */
  const fresh = () => `question ${++n} at ${Date.now()}`;
  const ask = (client: OpenAI, model: string, content: string, extra: Record<string, unknown> = {}, cache?: string) =>
    client.chat.completions
      .create({ model, messages: [{ role: 'user', content }], ...extra } as OpenAI.ChatCompletionCreateParamsNonStreaming, {
        headers: cache ? { 'x-switchyard-cache': cache } : {},
      })
      .withResponse();
  const upstreamCalls = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
  const logged = async (requestId: string): Promise<Record<string, any>> => {
    for (let i = 0; i < 100; i++) {
      const res = await server.request(`/api/requests/${requestId}`);
      if (res.status === 200) return (await res.json()) as Record<string, any>;
      await sleep(100);
    }
    throw new Error(`request ${requestId} was never logged`);
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startServer({ env: { SWITCHYARD_CACHE_MAX_BYTES: String(MAX_BYTES) } });
    await addFakeOpenAIProvider(server, fake.url, [
      { model: 'gpt-a', inputPricePerM: 10, outputPricePerM: 30, capabilities: ['chat', 'tools', 'json'] },
      { model: 'fail-500', inputPricePerM: 1, outputPricePerM: 1 },
    ]);
    const key = async (name: string) => ((await (await server.request('/api/keys', { method: 'POST', json: { name } })).json()) as { secret: string }).secret;
    keyA = await key('cache-a');
    keyB = await key('cache-b');
    a = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: keyA, maxRetries: 0 });
    b = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: keyB, maxRetries: 0 });
    await route('cached', { enabled: true, ttlSeconds: 60 });
    await route('cached-shared', { enabled: true, shared: true });
    await route('opt-in', { optIn: true });
    await route('uncached');
    await route('short', { enabled: true, ttlSeconds: 1 });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('answers a repeated request from the cache: same content, new id, cost 0 logged with the cost saved', async () => {
    const q = fresh();
    const before = upstreamCalls();
    const miss = await ask(a, 'cached', q, { temperature: 0 });
    expect(miss.response.headers.get('x-switchyard-cache')).toBe('miss');
    const hit = await ask(a, 'cached', q, { temperature: 0, user: 'someone-else' });
    expect(hit.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(upstreamCalls()).toBe(before + 1);

    expect(hit.data.choices).toEqual(miss.data.choices);
    expect(hit.data.usage).toEqual(miss.data.usage);
    expect(hit.data).toMatchObject({ object: 'chat.completion', model: 'cached', system_fingerprint: 'fp_fake' });
    expect(hit.data.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(hit.data.id).not.toBe(miss.data.id);
    expect(hit.response.headers.get('x-switchyard-route')).toBe('cached');
    expect(hit.response.headers.get('x-switchyard-target')).toBe('oai/gpt-a');
    const hitId = hit.response.headers.get('x-switchyard-request-id')!;
    const missId = miss.response.headers.get('x-switchyard-request-id')!;
    expect(hitId).not.toBe(missId);

    const missLog = await logged(missId);
    const hitLog = await logged(hitId);
    expect(missLog).toMatchObject({ cache: 'miss', savedUsd: null, status: 200 });
    expect(missLog.costUsd).toBeGreaterThan(0);
    expect(hitLog).toMatchObject({ cache: 'hit', costUsd: 0, status: 200, target: 'oai/gpt-a', attempts: [], inputTokens: 0, outputTokens: 0 });
    expect(hitLog.savedUsd).toBeCloseTo(missLog.costUsd, 12);
  });

  it('never serves one key the answer of another, unless the route shares its cache', async () => {
    const q = fresh();
    await ask(a, 'cached', q);
    const other = await ask(b, 'cached', q);
    expect(other.response.headers.get('x-switchyard-cache')).toBe('miss');

    const s = fresh();
    const first = await ask(a, 'cached-shared', s);
    expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
    const shared = await ask(b, 'cached-shared', s);
    expect(shared.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(shared.data.choices).toEqual(first.data.choices);
  });

  it('misses when a parameter that changes the answer differs', async () => {
    const q = fresh();
    await ask(a, 'cached', q, { temperature: 0 });
    for (const extra of [{ temperature: 0.7 }, { temperature: 0, max_tokens: 50 }, { temperature: 0, seed: 3 }]) {
      expect((await ask(a, 'cached', q, extra)).response.headers.get('x-switchyard-cache')).toBe('miss');
    }
    expect((await ask(a, 'cached', q, { temperature: 0 })).response.headers.get('x-switchyard-cache')).toBe('hit');
  });

  it('refresh calls the upstream and replaces the stored answer; off bypasses it', async () => {
    const q = fresh();
    await ask(a, 'cached', q);
    const calls = upstreamCalls();
    const refreshed = await ask(a, 'cached', q, {}, 'refresh');
    expect(refreshed.response.headers.get('x-switchyard-cache')).toBe('refresh');
    expect(upstreamCalls()).toBe(calls + 1);
    const after = await ask(a, 'cached', q);
    expect(after.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(after.data.choices).toEqual(refreshed.data.choices);

    const off = await ask(a, 'cached', q, {}, 'off');
    expect(off.response.headers.get('x-switchyard-cache')).toBe('bypass');
    expect(upstreamCalls()).toBe(calls + 2);
    expect((await logged(off.response.headers.get('x-switchyard-request-id')!)).cache).toBe('bypass');

    const o = fresh();
    await ask(a, 'cached', o, {}, 'off');
    expect((await ask(a, 'cached', o)).response.headers.get('x-switchyard-cache')).toBe('miss');
  });

  it('lets a request opt in only where the route allows it, and refuses a bad header', async () => {
    const q = fresh();
    expect((await ask(a, 'opt-in', q)).response.headers.get('x-switchyard-cache')).toBeNull();
    expect((await ask(a, 'opt-in', q, {}, 'on')).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect((await ask(a, 'opt-in', q, {}, 'on')).response.headers.get('x-switchyard-cache')).toBe('hit');
    expect((await ask(a, 'opt-in', q)).response.headers.get('x-switchyard-cache')).toBeNull();

    expect((await ask(a, 'uncached', q, {}, 'on')).response.headers.get('x-switchyard-cache')).toBe('bypass');
    expect((await ask(a, 'uncached', q, {}, 'on')).response.headers.get('x-switchyard-cache')).toBe('bypass');

    const direct = fresh();
    expect((await ask(a, 'oai/gpt-a', direct, {}, 'on')).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect((await ask(a, 'oai/gpt-a', direct, {}, 'on')).response.headers.get('x-switchyard-cache')).toBe('hit');
    expect((await ask(b, 'oai/gpt-a', direct, {}, 'on')).response.headers.get('x-switchyard-cache')).toBe('miss');

    const bad = await ask(a, 'cached', q, {}, 'maybe').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('invalid_cache_header');
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('headers.x-switchyard-cache');
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/x-switchyard-cache must be on, off or refresh/);
  });

  it('serves an answer until its TTL passes, then calls the upstream again', async () => {
    const q = fresh();
    expect((await ask(a, 'short', q)).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect((await ask(a, 'short', q)).response.headers.get('x-switchyard-cache')).toBe('hit');
    await sleep(1_200);
    expect((await ask(a, 'short', q)).response.headers.get('x-switchyard-cache')).toBe('miss');
  });

  it('does not cache errors', async () => {
    await route('failing', { enabled: true });
    await server.request('/api/routes/failing', {
      method: 'PUT',
      json: { targets: [{ model: 'oai/fail-500', weight: 100 }], fallback: { maxAttempts: 1 }, cache: { enabled: true } },
    });
    const q = fresh();
    for (let i = 0; i < 2; i++) {
      const err = await ask(a, 'failing', q).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    }
    expect(fake.requests.filter((r) => r.body?.model === 'fail-500').length).toBeGreaterThanOrEqual(2);
  });

  it('replays a cached answer as an SSE stream the SDK parses, usage chunk included when asked', async () => {
    const q = fresh();
    const streamed = async (extra: Record<string, unknown>) => {
      const { data, response } = await a.chat.completions
        .create({ model: 'cached', messages: [{ role: 'user', content: q }], stream: true, ...extra } as OpenAI.ChatCompletionCreateParamsStreaming)
        .withResponse();
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const c of data) chunks.push(c);
      return { chunks, header: response.headers.get('x-switchyard-cache'), text: chunks.map((c) => c.choices[0]?.delta.content ?? '').join('') };
    };
    const before = upstreamCalls();
    const miss = await streamed({ stream_options: { include_usage: true } });
    expect(miss.header).toBe('miss');
    const hit = await streamed({ stream_options: { include_usage: true } });
    expect(hit.header).toBe('hit');
    expect(upstreamCalls()).toBe(before + 1);
    expect(hit.text).toBe(miss.text);
    expect(hit.text).toBe(`Echo: ${q} ✓ 🌍`);
    expect(hit.chunks[0].choices[0].delta.role).toBe('assistant');
    expect(hit.chunks.at(-2)!.choices[0].finish_reason).toBe('stop');
    expect(hit.chunks.at(-1)).toMatchObject({ choices: [], usage: miss.chunks.at(-1)!.usage });
    expect(new Set(hit.chunks.map((c) => c.id)).size).toBe(1);

    const noUsage = await streamed({});
    expect(noUsage.header).toBe('hit');
    expect(noUsage.chunks.every((c) => !c.usage)).toBe(true);
    expect(noUsage.chunks.at(-1)!.choices[0].finish_reason).toBe('stop');

    // The streamed miss stored a whole answer: a JSON request finds it too.
    const json = await ask(a, 'cached', q);
    expect(json.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(json.data.choices[0].message.content).toBe(miss.text);
    expect(json.data.usage).toEqual(miss.chunks.at(-1)!.usage);
  });

  it('replays tool calls, streamed and not', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];
    const q = `${fresh()} weather in Paris?`;
    const miss = await ask(a, 'cached', q, { tools });
    const hit = await ask(a, 'cached', q, { tools });
    expect(hit.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(hit.data.choices).toEqual(miss.data.choices);
    const stream = a.chat.completions.stream({ model: 'cached', messages: [{ role: 'user', content: q }], tools } as never);
    const final = await stream.finalChatCompletion();
    expect(final.choices[0].message.tool_calls).toEqual(miss.data.choices[0].message.tool_calls);
    expect(final.choices[0].finish_reason).toBe('tool_calls');
  });

  it('shows hits, hit rate and money saved in the usage summary', async () => {
    const res = await server.request(`/api/usage/summary?groupBy=route&route=cached`);
    expect(res.status).toBe(200);
    await sleep(1_000);
    const { rows } = (await (await server.request(`/api/usage/summary?groupBy=route&route=cached`)).json()) as { rows: Array<Record<string, any>> };
    const row = rows.find((r) => r.group === 'cached')!;
    expect(row.cacheHits).toBeGreaterThanOrEqual(5);
    expect(row.cacheMisses).toBeGreaterThanOrEqual(5);
    expect(row.cacheHitRate).toBeCloseTo(row.cacheHits / (row.cacheHits + row.cacheMisses), 10);
    expect(row.savedUsd).toBeGreaterThan(0);
    const logs = (await (await server.request(`/api/requests?route=cached&limit=500`)).json()) as Array<Record<string, any>>;
    const hits = logs.filter((l) => l.cache === 'hit');
    expect(hits.length).toBe(row.cacheHits);
    // The log filters by what the cache did.
    const only = async (cache: string) =>
      ((await (await server.request(`/api/requests?route=cached&limit=500&cache=${cache}`)).json()) as Array<{ requestId: string }>).map((l) => l.requestId);
    expect(await only('hit')).toEqual(hits.map((l) => l.requestId));
    expect(await only('miss')).toEqual(logs.filter((l) => l.cache === 'miss').map((l) => l.requestId));
    const bad = await server.request('/api/requests?cache=maybe');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: Array<{ path: string }> } }).error.details.map((d) => d.path)).toEqual(['cache']);
    expect(hits.every((l) => l.costUsd === 0)).toBe(true);
    expect(row.savedUsd).toBeCloseTo(
      hits.reduce((s, l) => s + l.savedUsd, 0),
      12,
    );
  });

  it('evicts the least recently used answers past the memory bound', async () => {
    // The bound applies to the in-memory store; with Redis, Redis's maxmemory policy bounds it instead.
    const mem =
      mode.queue === 'bull' ? await startServer({ env: { SWITCHYARD_CACHE_STORE: 'memory', SWITCHYARD_CACHE_MAX_BYTES: String(MAX_BYTES) } }) : server;
    try {
      if (mem !== server) {
        await addFakeOpenAIProvider(mem, fake.url, [{ model: 'gpt-a', inputPricePerM: 10, outputPricePerM: 30 }]);
        expect(
          (
            await mem.request('/api/routes', {
              method: 'POST',
              json: { alias: 'cached', targets: [{ model: 'oai/gpt-a', weight: 100 }], cache: { enabled: true } },
            })
          ).status,
        ).toBe(201);
      }
      const secret =
        mem === server ? keyA : ((await (await mem.request('/api/keys', { method: 'POST', json: { name: 'mem' } })).json()) as { secret: string }).secret;
      const client = new OpenAI({ baseURL: `${mem.url}/v1`, apiKey: secret, maxRetries: 0 });
      // Each answer echoes its ~45 kB question: about 90 kB counted (UTF-16), so the bound holds two of them.
      const big = (i: number) => `${fresh()} ${String(i).repeat(45_000)}`;
      const qs = [big(1), big(2), big(3)];
      for (const q of qs) expect((await ask(client, 'cached', q)).response.headers.get('x-switchyard-cache')).toBe('miss');
      expect((await ask(client, 'cached', qs[2])).response.headers.get('x-switchyard-cache')).toBe('hit');
      expect((await ask(client, 'cached', qs[1])).response.headers.get('x-switchyard-cache')).toBe('hit');
      expect((await ask(client, 'cached', qs[0])).response.headers.get('x-switchyard-cache')).toBe('miss');
      const metrics = await (await mem.request('/metrics')).text();
      const evictions = Number(/^switchyard_cache_memory_evictions (\d+)/m.exec(metrics)?.[1]);
      expect(evictions).toBeGreaterThanOrEqual(1);
      const bytes = Number(/^switchyard_cache_memory_bytes (\d+)/m.exec(metrics)?.[1]);
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThanOrEqual(MAX_BYTES);
    } finally {
      if (mem !== server) await mem.close();
    }
  });
});
