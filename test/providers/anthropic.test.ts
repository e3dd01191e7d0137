import type { Dispatcher } from 'undici';
import { collect, failure, streamedText } from '../support/streams.js';
import { anthropicAdapter as sut } from '../../backend/src/providers/anthropic/anthropic.adapter.js';
import type { ChatChunk, ChatMessage, ChatRequest, ToolDefinition } from '../../backend/src/providers/chat-types.js';
import type { ProviderAccount, Target } from '../../backend/src/providers/provider-adapter.js';
import { createDispatcher } from '../../backend/src/providers/upstream/http.js';
import { type FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-upstream.js';

const timeouts = { connectMs: 1000, firstByteMs: 500, totalMs: 5000 };
const weatherTool: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather',
    parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] },
  },
};

describe('anthropic adapter against a fake Messages API', () => {
  let fake: FakeAnthropic;
  let account: ProviderAccount;
  const dispatchers: Dispatcher[] = [];

  const accountWith = (over: Partial<ProviderAccount>): ProviderAccount => {
    const dispatcher = createDispatcher(timeouts);
    dispatchers.push(dispatcher);
    return {
      id: 'a1',
      name: 'anthropic-test',
      kind: 'anthropic',
      baseUrl: fake.url,
      apiKey: 'test-key',
      headers: {},
      options: {},
      timeouts,
      dispatcher,
      ...over,
    };
  };
  const target = (model: string, acct = account): Target => ({ account: acct, model });
  const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
    model: 'claude-test',
    messages: [{ role: 'user', content: 'Hello 🌍 world' }],
    ...over,
  });
  const chat = (over: Partial<ChatRequest> = {}, acct = account) =>
    sut.chat(request(over), target(over.model ?? 'claude-test', acct), new AbortController().signal);
  const stream = (over: Partial<ChatRequest> = {}, signal = new AbortController().signal) =>
    sut.chatStream(request(over), target(over.model ?? 'claude-test'), signal);
  const lastRequest = () => fake.requests.at(-1)!;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    account = accountWith({});
  });
  afterAll(async () => {
    await Promise.all(dispatchers.map((d) => d.destroy()));
    await fake?.close();
  });

  it('answers a plain chat with text, finish reason and usage, sending Anthropic headers', async () => {
    const res = await chat();
    expect(res).toMatchObject({
      object: 'chat.completion',
      model: 'claude-test',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Echo: Hello 🌍 world' }, finish_reason: 'stop' }],
    });
    expect(res.id).toMatch(/^msg_fake_/);
    expect(res.created).toBeCloseTo(Date.now() / 1000, -1);
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage.completion_tokens).toBeGreaterThan(0);
    expect(res.usage.total_tokens).toBe(res.usage.prompt_tokens + res.usage.completion_tokens);
    const sent = lastRequest();
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/messages', headers: { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' } });
    expect(sent.body).toMatchObject({ model: 'claude-test', max_tokens: 4096 });
  });

  it('accepts a base URL that already ends with /v1/', async () => {
    const res = await chat({}, accountWith({ baseUrl: `${fake.url}/v1/` }));
    expect(res.choices[0].message.content).toBe('Echo: Hello 🌍 world');
    expect(lastRequest().path).toBe('/v1/messages');
  });

  it('moves system and developer prompts to the top-level system field', async () => {
    await chat({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: 'No emoji.' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(lastRequest().body.system).toBe('You are terse.\n\nNo emoji.');
    expect(lastRequest().body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('returns tool_calls for tools and completes a tool-result round trip', async () => {
    const first: ChatMessage = { role: 'user', content: 'What is the weather in Paris?' };
    const res = await chat({ messages: [first], tools: [weatherTool], tool_choice: 'auto' });
    const msg = res.choices[0].message;
    expect(res.choices[0].finish_reason).toBe('tool_calls');
    expect(msg.content).toBe('Let me check the weather.');
    expect(msg.tool_calls).toEqual([
      { id: expect.stringMatching(/^toolu_/), type: 'function', function: { name: 'get_weather', arguments: expect.any(String) } },
    ]);
    expect(JSON.parse(msg.tool_calls![0].function.arguments)).toEqual({ location: 'Paris, France', unit: 'celsius' });
    expect(lastRequest().body.tools).toEqual([{ name: 'get_weather', description: 'Current weather', input_schema: weatherTool.function.parameters }]);

    const callId = msg.tool_calls![0].id;
    const messages: ChatMessage[] = [
      first,
      { role: 'assistant', content: msg.content, tool_calls: msg.tool_calls },
      { role: 'tool', tool_call_id: callId, content: '18°C and sunny' },
    ];
    const next = await chat({ messages, tools: [weatherTool] });
    expect(next.choices[0]).toMatchObject({ message: { content: 'Tool said: 18°C and sunny' }, finish_reason: 'stop' });
    expect(lastRequest().body.messages?.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(lastRequest().body.messages?.[2].content).toEqual([{ type: 'tool_result', tool_use_id: callId, content: '18°C and sunny' }]);
  });

  it('streams tool calls whose reassembled arguments equal the full JSON', async () => {
    const req = { messages: [{ role: 'user' as const, content: 'weather in Paris?' }], tools: [weatherTool] };
    const whole = await chat(req);
    const chunks = await collect(stream(req));
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toEqual({ index: 0, id: expect.stringMatching(/^toolu_/), type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.every((c) => c.index === 0)).toBe(true);
    const args = calls.map((c) => c.function?.arguments ?? '').join('');
    expect(args).toBe(whole.choices[0].message.tool_calls![0].function.arguments);
    expect(streamedText(chunks)).toBe('Let me check the weather.');
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('tool_calls');
    expect(lastRequest().body.stream).toBe(true);
  });

  it('asks for JSON through the system prompt when response_format is set', async () => {
    const res = await chat({ response_format: { type: 'json_object' } });
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ echo: 'Hello 🌍 world', ok: true });
    expect(lastRequest().body.system).toMatch(/JSON object/);
  });

  it('streams the same text as the non-streaming answer, role first and usage last', async () => {
    const whole = await chat();
    const chunks = await collect(stream());
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(2);
    expect(streamedText(chunks)).toBe(whole.choices[0].message.content);
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual(whole.usage);
    expect(last.usage!.prompt_tokens).toBeGreaterThan(0);
  });

  it.each([
    ['fail-400', 'bad_request', false, 400, undefined],
    ['fail-401', 'auth', false, 401, undefined],
    ['fail-404', 'not_found', false, 404, undefined],
    ['fail-429', 'rate_limited', true, 429, 7000],
    ['fail-500', 'server_error', true, 500, undefined],
    ['fail-503', 'overloaded', true, 503, undefined],
    ['fail-529', 'overloaded', true, 529, undefined],
    ['prompt-too-long', 'context_length', false, 400, undefined],
  ])('maps %s to %s', async (model, kind, retryable, status, retryAfterMs) => {
    for (const call of [chat({ model }), collect(stream({ model }))]) {
      const err = await failure(call);
      expect(err).toMatchObject({ kind, retryable, status, retryAfterMs });
      expect(err.message).toMatch(/^anthropic: /);
      expect(err.opts.provider).toBe('anthropic-test');
    }
  });

  it('rejects untranslatable input before calling upstream', async () => {
    const sent = fake.requests.length;
    const messages: ChatMessage[] = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: 'not json' } }] },
    ];
    const err = await failure(chat({ messages }));
    expect(err).toMatchObject({ kind: 'bad_request', retryable: false, message: expect.stringContaining('messages[1]') });
    expect(err.opts.provider).toBe('anthropic-test');
    expect(fake.requests.length).toBe(sent);
  });

  it('maps a wrong key to auth', async () => {
    const err = await failure(chat({}, accountWith({ apiKey: 'wrong-key' })));
    expect(err).toMatchObject({ kind: 'auth', status: 401, message: 'anthropic: invalid x-api-key' });
  });

  it('times out on a slow first byte', async () => {
    expect(await failure(chat({ model: 'slow-first-byte' }))).toMatchObject({ kind: 'timeout', retryable: true });
    expect(await failure(collect(stream({ model: 'slow-first-byte' })))).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('throws (does not hang) when the stream is cut', async () => {
    const chunks: ChatChunk[] = [];
    const err = await failure(
      (async () => {
        for await (const c of stream({ model: 'cut-stream' })) chunks.push(c);
      })(),
    );
    expect(err).toMatchObject({ kind: 'network', retryable: true });
    expect(await failure(chat({ model: 'cut-stream' }))).toMatchObject({ kind: 'network' });
  });

  it('yields chunks as they arrive and stops when the signal aborts', async () => {
    const ctrl = new AbortController();
    const it = stream({ model: 'slow-stream' }, ctrl.signal)[Symbol.asyncIterator]();
    expect((await it.next()).value?.choices[0].delta.role).toBe('assistant');
    const firstText = await it.next();
    expect(firstText.value?.choices[0].delta.content).toBe('x');
    const rec = lastRequest();
    expect(rec.finished).toBe(false);
    const started = Date.now();
    ctrl.abort();
    await expect(it.next()).rejects.toMatchObject({ name: expect.stringMatching(/Abort/) });
    expect(Date.now() - started).toBeLessThan(1000);
    for (let i = 0; i < 50 && !rec.aborted; i++) await new Promise((r) => setTimeout(r, 20));
    expect(rec.aborted).toBe(true);
  });

  it('has a fake that insists on the anthropic-version header', async () => {
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
  });
});
