import OpenAI from 'openai';
import { startFakeOpenAI, verbatimAnswer } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

describe(`gateway → openai kind, driven by the official openai SDK (${mode.database})`, () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let server: RunningServer;
  let client: OpenAI;
  let keySecret: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startServer();
    const created = await server.request('/api/providers', {
      method: 'POST',
      json: {
        name: 'oai',
        kind: 'openai',
        baseUrl: fake.url,
        apiKey: 'test-key',
        timeouts: { firstByteMs: 800, totalMs: 5000 },
        models: [
          { model: 'gpt-test', inputPricePerM: 1, outputPricePerM: 2, capabilities: ['chat', 'tools'] },
          { model: 'text-embedding-test', capabilities: ['embeddings'] },
        ],
      },
    });
    expect(created.status).toBe(201);
    const key = await server.request('/api/keys', { method: 'POST', json: { name: 'sdk test' } });
    keySecret = (await key.json()).secret;
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: keySecret, maxRetries: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('answers a chat completion and reports usage', async () => {
    const res = await client.chat.completions.create({ model: 'oai/gpt-test', messages: [{ role: 'user', content: 'hello there' }] });
    expect(res.choices[0].message.content).toBe('Echo: hello there ✓ 🌍');
    expect(res.model).toBe('oai/gpt-test');
    expect(res.usage?.total_tokens).toBeGreaterThan(0);
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-test');
    expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer test-key');
  });

  it("forwards the upstream's answer as it was written, with only the model replaced by the name the client asked for", async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keySecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'oai/verbatim', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe(verbatimAnswer('oai/verbatim'));
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    const answer = JSON.parse(text);
    expect(answer.choices[0].message.content).toBe('café "ok" 🌍');
    // The usage read from those bytes is the one logged.
    const id = res.headers.get('x-switchyard-request-id')!;
    let logged = await server.request(`/api/requests/${id}`);
    for (let i = 0; i < 50 && logged.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      logged = await server.request(`/api/requests/${id}`);
    }
    expect(await logged.json()).toMatchObject({ model: 'oai/verbatim', inputTokens: 5, outputTokens: 3 });
  });

  describe("sends the client's own JSON text upstream with only the model replaced", () => {
    // Spacing, key order, an unknown field and numbers as the client wrote them: no serialiser would write this.
    const clientText = (model: string, extra = '') =>
      `{ "messages" : [ {"role":"user","content":"caf\\u00e9 \\"model\\" 🌍"} ],\n  "model": "${model}", "temperature": 1e0, "x_vendor": {"a": [1, 2.50]}${extra} }`;
    const post = (body: string) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keySecret}`, 'content-type': 'application/json' },
        body,
      });

    it('non-streaming', async () => {
      const res = await post(clientText('oai/gpt-test'));
      expect(res.status).toBe(200);
      expect((await res.json()).choices[0].message.content).toBe('Echo: café "model" 🌍 ✓ 🌍');
      expect(fake.requests.at(-1)!.raw).toBe(clientText('gpt-test'));
    });

    it('streaming, with the usage the gateway needs asked for first', async () => {
      const res = await post(clientText('oai/gpt-test', ', "stream": true'));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('data: [DONE]');
      expect(fake.requests.at(-1)!.raw).toBe(`{"stream_options":{"include_usage":true},${clientText('gpt-test', ', "stream": true').slice(1)}`);
    });

    it('serialised again when the gateway changes more than the model: its own fields are not sent', async () => {
      const res = await post(clientText('oai/gpt-test', ', "models": ["oai/gpt-test"]'));
      expect(res.status).toBe(200);
      const sent = fake.requests.at(-1)!;
      expect(sent.raw).not.toContain('"models"');
      expect(sent.body).toEqual({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'café "model" 🌍' }],
        temperature: 1,
        x_vendor: { a: [1, 2.5] },
        stream: false,
      });
    });

    it('serialised again when the text has escapes that could spell a key', async () => {
      const res = await post(clientText('oai/gpt-test').replace('"x_vendor"', '"\\u006dodel_x"'));
      expect(res.status).toBe(200);
      expect(fake.requests.at(-1)!.body.model).toBe('gpt-test');
      expect(fake.requests.at(-1)!.raw).toBe(JSON.stringify(fake.requests.at(-1)!.body));
    });
  });

  it('streams chunks that reassemble to the same answer, with usage when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'oai/gpt-test',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Echo: hello there ✓ 🌍');
    expect(chunks).toBeGreaterThan(3);
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it('ends the client stream after [DONE] when the upstream keeps its response open, ignoring what follows', async () => {
    const aborted = fake.stats.abortedStreams;
    const started = performance.now();
    const stream = await client.chat.completions.create({ model: 'oai/open-after-done', messages: [{ role: 'user', content: 'and then?' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Echo: and then? ✓ 🌍');
    // Ended by the gateway (it closed the upstream response), well before the account's 5 s total timeout.
    expect(performance.now() - started).toBeLessThan(4_000);
    for (let i = 0; i < 20 && fake.stats.abortedStreams === aborted; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fake.stats.abortedStreams).toBe(aborted + 1);
  });

  it('sends no usage chunk when the client did not ask for one', async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keySecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'oai/gpt-test', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(text).not.toContain('"usage"');
  });

  it('counts tokens itself when an OpenAI-compatible server reports no usage', async () => {
    const res = await client.chat.completions.create({ model: 'oai/no-usage', messages: [{ role: 'user', content: 'count me' }] });
    expect(res.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage!.completion_tokens).toBeGreaterThan(0);
    const stream = await client.chat.completions.create({
      model: 'oai/no-usage',
      messages: [{ role: 'user', content: 'count me' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage;
    for await (const c of stream) if (c.usage) usage = c.usage;
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
  });

  it('round-trips tool calls, streamed and not', async () => {
    const tools = [
      { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } },
    ];
    const res = await client.chat.completions.create({ model: 'oai/gpt-test', messages: [{ role: 'user', content: 'weather in Paris?' }], tools });
    const call = res.choices[0].message.tool_calls![0];
    expect(res.choices[0].finish_reason).toBe('tool_calls');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ location: 'Paris', unit: 'celsius' });

    const stream = await client.chat.completions.create({
      model: 'oai/gpt-test',
      messages: [{ role: 'user', content: 'weather in Paris?' }],
      tools,
      stream: true,
    });
    let args = '';
    for await (const c of stream) args += c.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
    expect(JSON.parse(args)).toEqual({ location: 'Paris', unit: 'celsius' });

    const followUp = await client.chat.completions.create({
      model: 'oai/gpt-test',
      messages: [{ role: 'user', content: 'weather in Paris?' }, res.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '21°C and sunny' }],
    });
    expect(followUp.choices[0].message.content).toBe('The tool said: 21°C and sunny');
  });

  it('supports JSON mode', async () => {
    const res = await client.chat.completions.create({
      model: 'oai/gpt-test',
      messages: [{ role: 'user', content: 'json please' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ answer: 'json please', ok: true });
  });

  it('lists catalogue models at /v1/models', async () => {
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(['oai/gpt-test', 'oai/text-embedding-test']));
  });

  it('creates embeddings', async () => {
    const res = await client.embeddings.create({ model: 'oai/text-embedding-test', input: ['a', 'bb'] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0].embedding).toHaveLength(8);
  });

  describe('errors reach the client in OpenAI shape with the right status', () => {
    it.each([
      ['fail-400', 400, 'bad_request'],
      ['fail-401', 502, 'auth_failed'],
      ['fail-404', 404, 'model_not_found'],
      ['fail-429', 429, 'rate_limited'],
      ['fail-500', 502, 'server_error'],
      ['fail-503', 503, 'overloaded'],
      ['context-too-long', 400, 'context_length_exceeded'],
      ['slow-first-byte', 504, 'timeout'],
    ])('upstream %s → %i %s', async (model, status, code) => {
      const err = await client.chat.completions.create({ model: `oai/${model}`, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      const e = err as InstanceType<typeof OpenAI.APIError>;
      expect(e.status).toBe(status);
      expect(e.code).toBe(code);
      if (model === 'fail-429') expect(e.headers?.get('retry-after')).toBe('7');
    });

    it('ends a stream cut midway with an error event, not a hang', async () => {
      const stream = await client.chat.completions.create({ model: 'oai/cut-stream', messages: [{ role: 'user', content: 'hello there' }], stream: true });
      const consume = async () => {
        for await (const _ of stream) void _;
      };
      await expect(consume()).rejects.toThrow(/stream ended before completion|terminated|other side closed/);
    });

    it('names the offending field of a malformed body with 400', async () => {
      const err = (await client.chat.completions
        .create({ model: 'oai/gpt-test', messages: [{ role: 'wizard', content: 'x' }] } as never)
        .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(err.status).toBe(400);
      expect(err.param).toBe('messages[0].role');
      expect(err.message).toContain('messages[0].role');
    });

    it('answers an unknown model with 404 model_not_found', async () => {
      const err = (await client.chat.completions
        .create({ model: 'nobody/nothing', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(err.status).toBe(404);
      expect(err.code).toBe('model_not_found');
    });

    it('refuses a missing, wrong or revoked key with 401', async () => {
      const wrong = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sy-wrong', maxRetries: 0 });
      await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      const created = await (await server.request('/api/keys', { method: 'POST', json: { name: 'to revoke' } })).json();
      const c2 = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: created.secret, maxRetries: 0 });
      await expect(c2.models.list()).resolves.toBeDefined();
      expect((await server.request(`/api/keys/${created.id}/revoke`, { method: 'POST' })).status).toBe(200);
      await expect(c2.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    });
  });

  it('aborts the upstream call when the client disconnects', async () => {
    const ac = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'oai/slow-stream', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: ac.signal },
    );
    let seen = 0;
    // The SDK may end the iteration quietly or throw an AbortError; either way the client has hung up.
    await (async () => {
      for await (const _ of stream) if (++seen === 3) ac.abort();
    })().catch((e: Error) => expect(e.name).toMatch(/Abort/));
    expect(seen).toBe(3);
    const deadline = Date.now() + 3000;
    while (fake.stats.abortedStreams === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(fake.stats.abortedStreams).toBe(1);
  });

  it('tests a provider connection and reports a failure by its kind', async () => {
    const providers = await (await server.request('/api/providers')).json();
    const oai = providers.find((p: { name: string }) => p.name === 'oai');
    const ok = await (await server.request(`/api/providers/${oai.id}/test`, { method: 'POST' })).json();
    expect(ok).toMatchObject({ ok: true, model: 'gpt-test', latencyMs: expect.any(Number) });

    const bad = await (
      await server.request('/api/providers', {
        method: 'POST',
        json: { name: 'oai-bad-key', kind: 'openai', baseUrl: fake.url, apiKey: 'wrong', models: [{ model: 'gpt-test' }] },
      })
    ).json();
    const result = await (await server.request(`/api/providers/${bad.id}/test`, { method: 'POST' })).json();
    expect(result).toMatchObject({ ok: false, errorKind: 'auth' });
  });

  it('validates provider accounts and names the field', async () => {
    const res = await server.request('/api/providers', { method: 'POST', json: { name: 'Bad Name!', kind: 'nope' } });
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'kind']));
    const dup = await server.request('/api/providers', { method: 'POST', json: { name: 'oai', kind: 'openai' } });
    expect(dup.status).toBe(409);
  });

  it('never returns the provider credential', async () => {
    const list = await (await server.request('/api/providers')).json();
    const text = JSON.stringify(list);
    expect(text).not.toContain('test-key');
    expect(list.find((p: { name: string }) => p.name === 'oai')).toMatchObject({ hasApiKey: true, kind: 'openai' });
  });

  // Last: it stops the server.
  it('finishes an in-flight gateway call on SIGTERM before exiting', async () => {
    const slow = await server.request('/api/providers', {
      method: 'POST',
      json: {
        name: 'oai-slow',
        kind: 'openai',
        baseUrl: fake.url,
        apiKey: 'test-key',
        timeouts: { firstByteMs: 5000, totalMs: 10000 },
        models: [{ model: 'slow-first-byte' }],
      },
    });
    expect(slow.status).toBe(201);
    const inFlight = client.chat.completions.create({ model: 'oai-slow/slow-first-byte', messages: [{ role: 'user', content: 'take your time' }] });
    await new Promise((r) => setTimeout(r, 300));
    const exit = server.stop('SIGTERM');
    const res = await inFlight;
    expect(res.choices[0].message.content).toBe('Echo: take your time ✓ 🌍');
    expect(await exit).toBe(0);
  });
});
