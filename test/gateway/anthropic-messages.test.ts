import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropic } from '../fakes/anthropic-upstream.js';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const weather: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather',
  input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

/** The request log record of a request id, once the buffered writer has flushed it. */
async function logged(server: RunningServer, id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 50; i++) {
    const res = await server.request(`/api/requests/${id}`);
    if (res.status === 200) return (await res.json()) as Record<string, any>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`request ${id} never reached the log`);
}

/**
 * POST /v1/messages driven by the official @anthropic-ai/sdk, pointed at the gateway by its base URL only:
 * through a route to an OpenAI-kind fake upstream and one to an Anthropic-kind fake, JSON and streamed,
 * with a tool call and its result, errors in Anthropic's shape, and the request in the request log.
 */
describe(`gateway /v1/messages, driven by the official Anthropic SDK (${mode.database})`, () => {
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let anthropic: Awaited<ReturnType<typeof startFakeAnthropic>>;
  let server: RunningServer;
  let client: Anthropic;
  let secret: string;

  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
    server = await startServer();
    const timeouts = { firstByteMs: 3000, totalMs: 10000 };
    for (const account of [
      {
        name: 'oai',
        kind: 'openai',
        baseUrl: openai.url,
        apiKey: 'test-key',
        timeouts,
        models: [
          { model: 'gpt-test', inputPricePerM: 1, outputPricePerM: 2, capabilities: ['chat', 'tools'] },
          { model: 'slow-stream' },
          { model: 'cut-stream' },
        ],
      },
      {
        name: 'ant',
        kind: 'anthropic',
        baseUrl: anthropic.url,
        apiKey: 'test-key',
        timeouts,
        models: [{ model: 'claude-test', capabilities: ['chat', 'tools'] }, { model: 'fail-529' }],
      },
    ]) {
      expect((await server.request('/api/providers', { method: 'POST', json: account })).status).toBe(201);
    }
    for (const [alias, model] of [
      ['assistant', 'oai/gpt-test'],
      ['claude-route', 'ant/claude-test'],
      ['overloaded', 'ant/fail-529'],
    ]) {
      const res = await server.request('/api/routes', { method: 'POST', json: { alias, targets: [{ model, weight: 100 }], capture: { bodies: true } } });
      expect(res.status).toBe(201);
    }
    secret = (await (await server.request('/api/keys', { method: 'POST', json: { name: 'anthropic sdk' } })).json()).secret;
    client = new Anthropic({ baseURL: server.url, apiKey: secret, maxRetries: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await openai?.close();
    await anthropic?.close();
  });

  describe.each([
    ['assistant', 'an OpenAI-kind target', 'Echo: hello there ✓ 🌍'],
    ['claude-route', 'an Anthropic-kind target', 'Echo: hello there'],
  ])('route %s (%s)', (route, _what, echo) => {
    it('answers a Message', async () => {
      const { data: msg, response } = await client.messages
        .create({ model: route, max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'hello there' }] })
        .withResponse();
      expect(msg).toMatchObject({ type: 'message', role: 'assistant', model: route, stop_reason: 'end_turn', stop_sequence: null });
      expect(msg.id).toMatch(/^msg_[A-Za-z0-9]+$/);
      expect(msg.content).toEqual([{ type: 'text', text: echo }]);
      expect(msg.usage.input_tokens).toBeGreaterThan(0);
      expect(msg.usage.output_tokens).toBeGreaterThan(0);
      expect(response.headers.get('x-switchyard-route')).toBe(route);

      const log = await logged(server, response.headers.get('x-switchyard-request-id')!);
      expect(log).toMatchObject({ route, status: 200, stream: false, model: route });
      expect(log.inputTokens).toBe(msg.usage.input_tokens);
      expect(log.outputTokens).toBe(msg.usage.output_tokens);
      // The route captures bodies: the log holds the internal (OpenAI-shaped) request the client's Message became.
      expect(log.requestBody).toMatchObject({
        model: route,
        max_tokens: 64,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hello there' },
        ],
      });
    });

    it('streams Anthropic’s event sequence, reassembled by the SDK into the same answer', async () => {
      const stream = client.messages.stream({ model: route, max_tokens: 64, messages: [{ role: 'user', content: 'hello there' }] });
      const names: string[] = [];
      let text = '';
      stream.on('streamEvent', (e) => names.push(e.type));
      stream.on('text', (t) => (text += t));
      const final = await stream.finalMessage();
      expect(text).toBe(echo);
      expect(final.content).toEqual([{ type: 'text', text: echo }]);
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      expect(final.usage.input_tokens).toBeGreaterThan(0);
      const deltas = names.filter((n) => n === 'content_block_delta').length;
      expect(deltas).toBeGreaterThan(1);
      expect(names).toEqual([
        'message_start',
        'content_block_start',
        ...Array<string>(deltas).fill('content_block_delta'),
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
    });

    it('round-trips a tool call and its result, streamed and not', async () => {
      const ask: Anthropic.MessageParam = { role: 'user', content: 'What is the weather in Paris?' };
      const call = await client.messages.create({ model: route, max_tokens: 128, tools: [weather], tool_choice: { type: 'auto' }, messages: [ask] });
      expect(call.stop_reason).toBe('tool_use');
      const use = call.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
      expect(use).toMatchObject({ name: 'get_weather', input: { location: expect.stringContaining('Paris'), unit: 'celsius' } });

      const streamed = await client.messages.stream({ model: route, max_tokens: 128, tools: [weather], messages: [ask] }).finalMessage();
      expect(streamed.stop_reason).toBe('tool_use');
      expect(streamed.content.find((b) => b.type === 'tool_use')).toMatchObject({ type: 'tool_use', name: 'get_weather', input: use.input });

      const answer = await client.messages.create({
        model: route,
        max_tokens: 128,
        tools: [weather],
        messages: [
          ask,
          { role: 'assistant', content: call.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '21°C and sunny' }] },
        ],
      });
      expect(answer.stop_reason).toBe('end_turn');
      expect(answer.content[0]).toEqual({ type: 'text', text: expect.stringMatching(/said: 21°C and sunny$/) });
    });
  });

  it('sends system, sampling, stop sequences and metadata.user_id upstream in the internal form', async () => {
    // This SDK version's types no longer list the sampling parameters; the API still takes them.
    const sampling = { temperature: 0.3, top_p: 0.9, top_k: 5 };
    await client.messages.create({
      model: 'assistant',
      max_tokens: 50,
      system: [{ type: 'text', text: 'Be brief.' }],
      ...sampling,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      messages: [{ role: 'user', content: 'hi' }],
    });
    const sent = openai.requests.at(-1)!.body;
    expect(sent).toMatchObject({
      model: 'gpt-test',
      max_tokens: 50,
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END'],
      user: 'user-42',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(sent).not.toHaveProperty('top_k');
  });

  it('streams as the upstream answers, not at its end', async () => {
    // slow-stream sends a chunk every 100 ms for 10 s.
    const started = Date.now();
    const stream = await client.messages.create({ model: 'oai/slow-stream', max_tokens: 500, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let first: Anthropic.RawContentBlockDeltaEvent | undefined;
    for await (const event of stream) {
      if (event.type === 'content_block_delta') {
        first = event;
        break;
      }
    }
    expect(first?.delta).toEqual({ type: 'text_delta', text: 't0 ' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a stream that breaks after it started as an error event', async () => {
    const err = await (async () => {
      const stream = await client.messages.create({
        model: 'oai/cut-stream',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'hello there' }],
      });
      for await (const _ of stream) {
        /* drain */
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Anthropic.APIError);
    // No HTTP status: the SDK raised it from the `error` event after the 200 and the first events.
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBeUndefined();
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toEqual({ type: 'error', error: { type: 'api_error', message: expect.any(String) } });
  });

  it('serves a response-cache hit as a Message and as Anthropic’s stream', async () => {
    const created = await server.request('/api/routes', {
      method: 'POST',
      json: { alias: 'cached', targets: [{ model: 'oai/gpt-test', weight: 100 }], cache: { enabled: true } },
    });
    expect(created.status).toBe(201);
    const params = { model: 'cached', max_tokens: 32, messages: [{ role: 'user' as const, content: 'cache me' }] };
    const first = await client.messages.create(params).withResponse();
    expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
    const since = openai.requests.length;
    const hit = await client.messages.create(params).withResponse();
    expect(hit.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(hit.data).toMatchObject({ type: 'message', model: 'cached', content: [{ type: 'text', text: 'Echo: cache me ✓ 🌍' }], stop_reason: 'end_turn' });
    expect(hit.data.id).not.toBe(first.data.id);
    const streamed = await client.messages.stream(params).finalMessage();
    expect(streamed.content).toEqual([{ type: 'text', text: 'Echo: cache me ✓ 🌍' }]);
    expect(streamed.usage.output_tokens).toBe(first.data.usage.output_tokens);
    expect(openai.requests.length).toBe(since);
  });

  it('accepts the key as Authorization: Bearer too', async () => {
    const res = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'assistant', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).content[0].text).toBe('Echo: hi ✓ 🌍');
  });

  describe('errors in Anthropic’s shape', () => {
    const expectError = async (p: Promise<unknown>, status: number, type: string, message: RegExp) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Anthropic.APIError);
      const e = err as InstanceType<typeof Anthropic.APIError>;
      expect(e.status).toBe(status);
      expect(e.error).toEqual({ type: 'error', error: { type, message: expect.stringMatching(message) } });
      return e;
    };

    it('a bad body names the field (400 invalid_request_error)', async () => {
      const e = await expectError(
        client.messages.create({ model: 'assistant', messages: [{ role: 'user', content: 'hi' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming),
        400,
        'invalid_request_error',
        /^max_tokens: is required$/,
      );
      expect(e).toBeInstanceOf(Anthropic.BadRequestError);
      await expectError(
        client.messages.create({ model: 'assistant', max_tokens: 5, messages: [{ role: 'system' as 'user', content: 'hi' }] }),
        400,
        'invalid_request_error',
        /messages\.0\.role: must be 'user' or 'assistant'/,
      );
    });

    it('malformed JSON is answered in Anthropic’s shape too', async () => {
      const res = await fetch(`${server.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': secret, 'content-type': 'application/json' },
        body: '{"model":',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') } });
    });

    it('an unknown model is 404 not_found_error', async () => {
      const e = await expectError(
        client.messages.create({ model: 'no-such-route', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
        404,
        'not_found_error',
        /no-such-route/,
      );
      expect(e).toBeInstanceOf(Anthropic.NotFoundError);
    });

    it('a bad key is 401 authentication_error; a model outside the key’s allow-list is 403 permission_error', async () => {
      const bad = new Anthropic({ baseURL: server.url, apiKey: 'sk-not-a-key', maxRetries: 0 });
      const e = await expectError(
        bad.messages.create({ model: 'assistant', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
        401,
        'authentication_error',
        /API key/,
      );
      expect(e).toBeInstanceOf(Anthropic.AuthenticationError);
      const none = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('`x-api-key: <key>`') } });

      const limited = await (await server.request('/api/keys', { method: 'POST', json: { name: 'only claude', allowedModels: ['claude-route'] } })).json();
      const other = new Anthropic({ baseURL: server.url, apiKey: limited.secret, maxRetries: 0 });
      await expectError(
        other.messages.create({ model: 'assistant', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
        403,
        'permission_error',
        /may not use `assistant`/,
      );
      const ok = await other.messages.create({ model: 'claude-route', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
      expect(ok.content[0]).toEqual({ type: 'text', text: 'Echo: hi' });
    });

    it('an overloaded upstream is 529 overloaded_error, and is logged', async () => {
      const err = await expectError(
        client.messages.create({ model: 'overloaded', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
        529,
        'overloaded_error',
        /Overloaded/,
      );
      const log = await logged(server, err.headers!.get('x-switchyard-request-id')!);
      expect(log).toMatchObject({ route: 'overloaded', status: 503, errorCode: 'upstream/overloaded' });
    });
  });
});
