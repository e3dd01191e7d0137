import OpenAI from 'openai';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

/**
 * Smart routing against simulated targets of known price and latency (a simulator account `smart` whose
 * models are overridden per test): strategies, hints, constraints, budget downgrades, the health view.
 */
const sim = (ms: number, extra: Record<string, unknown> = {}) => ({
  latency: { firstTokenMs: { p50: ms, p95: ms }, tokensPerSecond: 1_000_000 },
  outputTokens: { min: 40, max: 40 },
  errorRate: 0,
  ...extra,
});
const CHAT = ['chat', 'tools', 'json'];
const CATALOGUE = [
  { model: 'cheap', inputPricePerM: 0.1, outputPricePerM: 0.2, contextWindow: 128_000, capabilities: ['chat'] },
  { model: 'mid', inputPricePerM: 1, outputPricePerM: 2, contextWindow: 128_000, capabilities: CHAT },
  { model: 'pricey', inputPricePerM: 5, outputPricePerM: 15, contextWindow: 128_000, capabilities: CHAT },
  { model: 'lux', inputPricePerM: 2000, outputPricePerM: 2000, contextWindow: 128_000, capabilities: CHAT },
  { model: 'tiny-window', inputPricePerM: 0.01, outputPricePerM: 0.01, contextWindow: 50, capabilities: CHAT },
  { model: 'fast-a', inputPricePerM: 1, outputPricePerM: 1, contextWindow: 128_000, capabilities: CHAT },
  { model: 'fast-b', inputPricePerM: 1, outputPricePerM: 1, contextWindow: 128_000, capabilities: CHAT },
];

describe(`smart routing: strategies, hints, constraints, downgrades (${mode.database})`, () => {
  let server: RunningServer;
  let client: OpenAI;
  let secret: string;
  let providerId: string;
  let profiles: Record<string, Record<string, unknown>>;

  const setProfiles = async (over: Record<string, Record<string, unknown>>) => {
    profiles = { ...profiles, ...over };
    const res = await server.request(`/api/providers/${providerId}`, { method: 'PATCH', json: { options: { models: profiles } } });
    expect(res.status).toBe(200);
  };
  const route = async (alias: string, body: Record<string, unknown>) => {
    const res = await server.request('/api/routes', { method: 'POST', json: { alias, ...body } });
    expect(res.status).toBe(201);
    return res.json();
  };
  const chat = (model: string, extra: Record<string, unknown> = {}, key = secret) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say something about routing.' }], ...extra }),
    });
  const served = async (model: string, extra: Record<string, unknown> = {}, key = secret) => {
    const res = await chat(model, extra, key);
    expect(res.status).toBe(200);
    const body = await res.json();
    return { target: res.headers.get('x-switchyard-target')!, id: res.headers.get('x-switchyard-request-id')!, body };
  };
  const logOf = async (id: string) => {
    for (let i = 0; i < 40; i++) {
      const res = await server.request(`/api/requests/${id}`);
      if (res.status === 200) return res.json();
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`request ${id} was not logged`);
  };
  const health = async (alias: string, limit = 20) => {
    const res = await server.request(`/api/routes/${alias}/health?limit=${limit}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    server = await startServer();
    profiles = {
      cheap: sim(20, { pricePerMillion: { input: 0.1, output: 0.2 } }),
      mid: sim(20),
      pricey: sim(20),
      lux: sim(20),
      'tiny-window': sim(20),
      'fast-a': sim(40),
      'fast-b': sim(150),
    };
    const res = await server.request('/api/providers', {
      method: 'POST',
      json: { name: 'smart', kind: 'simulator', options: { models: profiles }, models: CATALOGUE },
    });
    expect(res.status).toBe(201);
    providerId = (await res.json()).id;
    secret = (await (await server.request('/api/keys', { method: 'POST', json: { name: 'smart-routing' } })).json()).secret;
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
  });
  const stopped: RunningServer[] = [];
  afterAll(async () => {
    await server?.close();
    // Servers stopped for a restart still own the database: closing them drops it.
    for (const s of stopped) await s.close();
  });

  it('cheapest picks the cheapest healthy target and falls back in price order', async () => {
    await route('by-price', {
      strategy: 'cheapest',
      targets: [
        { model: 'smart/pricey', weight: 0 },
        { model: 'smart/cheap', weight: 0 },
        { model: 'smart/mid', weight: 0 },
      ],
      fallback: { maxAttempts: 3 },
    });
    expect((await served('by-price')).target).toBe('smart/cheap');

    await setProfiles({ cheap: sim(20, { errorRate: 1 }), mid: sim(20, { errorRate: 1 }) });
    const r = await served('by-price');
    expect(r.target).toBe('smart/pricey');
    const log = await logOf(r.id);
    expect(log.attempts.map((a: { target: string; error?: string }) => [a.target, a.error !== undefined])).toEqual([
      ['smart/cheap', true],
      ['smart/mid', true],
      ['smart/pricey', false],
    ]);

    await setProfiles({ mid: sim(20) });
    const r2 = await served('by-price');
    expect(r2.target).toBe('smart/mid');
    expect((await logOf(r2.id)).attempts.map((a: { target: string }) => a.target)).toEqual(['smart/cheap', 'smart/mid']);
    await setProfiles({ cheap: sim(20) });

    const h = await health('by-price', 3);
    expect(h.strategy).toBe('cheapest');
    const byModel = Object.fromEntries(h.targets.map((t: { model: string }) => [t.model, t]));
    expect(byModel['smart/cheap'].failures).toBe(2);
    expect(byModel['smart/cheap'].errorRate).toBeGreaterThan(0);
    expect(byModel['smart/pricey'].latencyMs).toBeGreaterThanOrEqual(15);
    expect(h.avgInputTokens).toBeGreaterThan(0);
    expect(h.decisions[0].order).toEqual(['smart/cheap', 'smart/mid', 'smart/pricey']);
    expect(h.decisions[0].served).toBe('smart/mid');
    expect(h.decisions[0].why).toMatch(/^smart\/cheap first as the cheapest healthy target, expected \$[\d.e-]+ per request; served by smart\/mid/);
  });

  it('fastest moves to the faster target within a few requests after latencies change, and back after recovery', async () => {
    await route('by-speed', {
      strategy: 'fastest',
      exploration: 0.25,
      targets: [
        { model: 'smart/fast-a', weight: 0 },
        { model: 'smart/fast-b', weight: 0 },
      ],
    });
    // One request; the strategy's own pick (the first target of a decision that did not explore) or undefined.
    const pick = async () => {
      await served('by-speed');
      const d = (await health('by-speed', 1)).decisions[0];
      return d.explored ? undefined : (d.order[0] as string);
    };
    /** Requests until the strategy picks `target`; `explorations` says whether exploring requests count. */
    const untilPick = async (target: string, max: number, explorations: boolean) => {
      for (let n = 0, requests = 0; requests < 4 * max; requests++) {
        const p = await pick();
        if (p !== undefined || explorations) n++;
        if (p === target) return n;
        if (n >= max) break;
      }
      return Infinity;
    };
    // Both get measured first (never-measured targets go first), then fast-a (40 ms) beats fast-b (150 ms).
    await pick();
    await pick();
    expect(await untilPick('smart/fast-a', 20, false)).toBeLessThanOrEqual(20);

    await setProfiles({ 'fast-a': sim(700) });
    // One slow answer moves fast-a's average past fast-b's: the next decision picks fast-b.
    expect(await untilPick('smart/fast-b', 10, false)).toBeLessThanOrEqual(3);
    const picks: Array<string | undefined> = [];
    for (let i = 0; i < 6; i++) picks.push(await pick());
    expect(picks.filter((p) => p === 'smart/fast-a').length).toBeLessThanOrEqual(1);

    await setProfiles({ 'fast-a': sim(40) });
    // fast-a is only seen again through exploration (25% here): each such sample pulls its average down.
    expect(await untilPick('smart/fast-a', 80, true)).toBeLessThanOrEqual(80);
    const h = await health('by-speed', 50);
    const a = h.targets.find((t: { model: string }) => t.model === 'smart/fast-a');
    expect(a.latencyMs).toBeLessThan(h.targets.find((t: { model: string }) => t.model === 'smart/fast-b').latencyMs);
    expect(h.decisions.some((d: { explored?: boolean; why: string }) => d.explored && d.why.includes('to explore'))).toBe(true);
  }, 90_000);

  it('a tools request skips a target without tool support, with the reason in the attempt log', async () => {
    await route('with-tools', {
      strategy: 'cheapest',
      targets: [
        { model: 'smart/cheap', weight: 0 },
        { model: 'smart/mid', weight: 0 },
      ],
    });
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    expect((await served('with-tools')).target).toBe('smart/cheap');
    const r = await served('with-tools', { tools });
    expect(r.target).toBe('smart/mid');
    const log = await logOf(r.id);
    expect(log.attempts[0]).toEqual({ target: 'smart/cheap', skipped: 'no tools support', latencyMs: 0 });
    expect(log.attempts[1]).toMatchObject({ target: 'smart/mid' });
    expect((await health('with-tools', 1)).decisions[0].skipped).toEqual([{ target: 'smart/cheap', reason: 'no tools support' }]);
  });

  it('a prompt beyond a target’s context window skips it; no capable target is a 400 with a stable code', async () => {
    await route('windows', {
      strategy: 'cheapest',
      targets: [
        { model: 'smart/tiny-window', weight: 0 },
        { model: 'smart/mid', weight: 0 },
      ],
    });
    expect((await served('windows')).target).toBe('smart/tiny-window');
    const long = await served('windows', { messages: [{ role: 'user', content: 'routing '.repeat(100) }] });
    expect(long.target).toBe('smart/mid');
    expect((await logOf(long.id)).attempts[0].skipped).toMatch(/^context window 50 < \d+ prompt tokens$/);

    await route('no-tools', { targets: [{ model: 'smart/cheap', weight: 100 }] });
    const err = await client.chat.completions
      .create({ model: 'no-tools', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.code).toBe('no_capable_target');
    expect(e.param).toBe('tools');
    expect(e.message).toContain('smart/cheap (no tools support)');
  });

  it("the downgrade starts at the threshold of the key's daily budget", async () => {
    await route('budgeted', {
      targets: [{ model: 'smart/lux', weight: 100 }],
      downgrade: { model: 'smart/cheap', threshold: 0.5 },
    });
    const k = await (await server.request('/api/keys', { method: 'POST', json: { name: 'budgeted', limits: { dailyBudgetUsd: 1 } } })).json();
    let spent = 0;
    const seen: Array<[number, string]> = [];
    for (let i = 0; i < 12; i++) {
      const r = await served('budgeted', {}, k.secret);
      seen.push([spent, r.target]);
      // Both models bill in the catalogue's prices; lux's are 2000 USD per million tokens either way.
      const u = r.body.usage;
      spent += r.target === 'smart/lux' ? ((u.prompt_tokens + u.completion_tokens) * 2000) / 1e6 : (u.prompt_tokens * 0.1 + u.completion_tokens * 0.2) / 1e6;
    }
    for (const [before, target] of seen) expect(target).toBe(before >= 0.5 ? 'smart/cheap' : 'smart/lux');
    expect(seen.filter(([, t]) => t === 'smart/lux').length).toBeGreaterThan(1);
    expect(seen.filter(([, t]) => t === 'smart/cheap').length).toBeGreaterThan(1);
    expect(spent).toBeLessThan(1);
    const d = (await health('budgeted', 1)).decisions[0];
    expect(d.downgrade).toMatchObject({ by: 'key', budgetUsd: 1, threshold: 0.5 });
    expect(d.why).toMatch(/^downgraded to smart\/cheap: the key's daily budget is \d+% spent \(threshold 50%\)$/);
  });

  it("the downgrade starts at the threshold of the route's own daily budget", async () => {
    await route('route-budget', {
      targets: [{ model: 'smart/lux', weight: 100 }],
      downgrade: { model: 'smart/cheap', threshold: 0.5, routeDailyBudgetUsd: 0.6 },
    });
    let spent = 0;
    for (let i = 0; i < 8; i++) {
      const r = await served('route-budget');
      expect(r.target).toBe(spent >= 0.3 ? 'smart/cheap' : 'smart/lux');
      const u = r.body.usage;
      if (r.target === 'smart/lux') spent += ((u.prompt_tokens + u.completion_tokens) * 2000) / 1e6;
    }
    expect(spent).toBeGreaterThanOrEqual(0.3);
  });

  it('the model suffix and provider.sort / max_price hints work through the openai SDK; unknown hints are a 400 naming the field', async () => {
    await route('hinted', {
      targets: [
        { model: 'smart/lux', weight: 100 },
        { model: 'smart/cheap', weight: 0 },
      ],
    });
    const messages = [{ role: 'user' as const, content: 'hello' }];
    const target = async (params: Record<string, unknown>) => {
      const { response } = await client.chat.completions.create({ messages, ...params } as never).withResponse();
      return response.headers.get('x-switchyard-target');
    };
    expect(await target({ model: 'hinted' })).toBe('smart/lux');
    expect(await target({ model: 'hinted:cheapest' })).toBe('smart/cheap');
    expect(await target({ model: 'hinted', provider: { sort: 'price' } })).toBe('smart/cheap');
    expect(await target({ model: 'hinted', provider: { max_price: { prompt: 10, completion: 10 } } })).toBe('smart/cheap');
    const completion = await client.chat.completions.create({ model: 'hinted:cheapest', messages });
    expect(completion.model).toBe('hinted:cheapest');
    const streamed = await client.chat.completions.create({ model: 'hinted:fastest', messages, stream: true });
    let text = '';
    for await (const chunk of streamed) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    const h = await health('hinted', 5);
    expect(h.decisions[0]).toMatchObject({ strategy: 'fastest', source: 'suffix' });
    expect(h.decisions[3]).toMatchObject({ strategy: 'cheapest', source: 'provider.sort' });

    const fail = (params: Record<string, unknown>) =>
      client.chat.completions.create({ messages, ...params } as never).then(
        () => undefined,
        (e: InstanceType<typeof OpenAI.BadRequestError>) => e,
      );
    const bad = await fail({ model: 'hinted:cheapset' });
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect([bad!.status, bad!.code, bad!.param]).toEqual([400, 'unknown_hint', 'model']);
    expect(bad!.message).toContain(':cheapset');
    const badField = await fail({ model: 'hinted', provider: { order: ['smart'] } });
    expect([badField!.status, badField!.code, badField!.param]).toEqual([400, 'unknown_hint', 'provider.order']);
    const badSort = await fail({ model: 'hinted', provider: { sort: 'throughput' } });
    expect(badSort!.param).toBe('provider.sort');
    const tooCheap = await fail({ model: 'hinted', provider: { max_price: { prompt: 0.01 } } });
    expect([tooCheap!.code, tooCheap!.param]).toEqual(['no_capable_target', 'provider.max_price.prompt']);

    // A catalogue model named directly: sort by price orders it and its `models` fallbacks; max_price filters them.
    expect(await target({ model: 'smart/lux', models: ['smart/cheap'], provider: { sort: 'price' } })).toBe('smart/cheap');
    expect(await target({ model: 'smart/lux', models: ['smart/mid'] })).toBe('smart/lux');
    expect(await target({ model: 'smart/lux', models: ['smart/mid'], provider: { max_price: { completion: 100 } } })).toBe('smart/mid');
    const direct = await fail({ model: 'smart/lux', provider: { max_price: { prompt: 1 } } });
    expect([direct!.status, direct!.code, direct!.param]).toEqual([400, 'no_capable_target', 'provider.max_price.prompt']);
  });

  it('keeps old route versions working and validates the new fields', async () => {
    const created = await route('plain', { targets: [{ model: 'smart/mid', weight: 100 }] });
    expect(created.current.spec.strategy).toBeUndefined();
    expect((await served('plain')).target).toBe('smart/mid');
    const bad = await server.request('/api/routes', {
      method: 'POST',
      json: { alias: 'bad-strategy', strategy: 'random', targets: [{ model: 'smart/mid', weight: 100 }], downgrade: { model: 'smart/nope', threshold: 2 } },
    });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['strategy', 'downgrade.threshold']));
    const missing = await server.request('/api/routes', {
      method: 'POST',
      json: { alias: 'bad-downgrade', targets: [{ model: 'smart/mid', weight: 100 }], downgrade: { model: 'smart/nope' } },
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.details).toEqual([{ path: 'downgrade.model', message: expect.stringContaining('smart/nope') }]);
    expect((await server.request('/api/routes/nothing-here/health')).status).toBe(404);
  });

  it("a route's spend today survives a restart (read back from the request log)", async () => {
    await route('restart-budget', {
      targets: [{ model: 'smart/lux', weight: 100 }],
      downgrade: { model: 'smart/cheap', threshold: 0.5, routeDailyBudgetUsd: 0.4 },
    });
    let last = await served('restart-budget');
    expect(last.target).toBe('smart/lux');
    for (let i = 0; i < 5 && last.target === 'smart/lux'; i++) last = await served('restart-budget');
    expect(last.target).toBe('smart/cheap');
    await logOf(last.id);
    const first = server;
    await first.stop();
    stopped.push(first);
    server = await startServer({ reuse: first.env });
    // Without Redis the counter lived in the stopped process; with Redis it is shared anyway.
    expect((await served('restart-budget')).target).toBe('smart/cheap');
  });
});
