import { geminiAdapter as sut } from '../../backend/src/providers/gemini/gemini.adapter.js';
import { collect, failure, streamedText } from '../support/streams.js';
import type { ChatChunk, ChatRequest, ToolDefinition } from '../../backend/src/providers/chat-types.js';
import type { ProviderAccount, Target } from '../../backend/src/providers/provider-adapter.js';
import { ProviderError } from '../../backend/src/providers/provider-error.js';
import { createDispatcher } from '../../backend/src/providers/upstream/http.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-upstream.js';

const timeouts = { connectMs: 1000, firstByteMs: 500, totalMs: 5000 };
const weatherTool: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    strict: true,
    parameters: {
      type: 'object',
      additionalProperties: false,
      properties: { location: { type: 'string' }, unit: { type: ['string', 'null'] } },
      required: ['location'],
    },
  },
};

describe('gemini adapter against a fake Gemini API', () => {
  let fake: FakeGemini;
  let account: ProviderAccount;
  const target = (model = 'gemini-test', over: Partial<ProviderAccount> = {}): Target => ({ account: { ...account, ...over }, model });
  const ask = (content: string, over: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'gemini-test', messages: [{ role: 'user', content }], ...over });
  const signal = () => new AbortController().signal;
  const lastRequest = () => fake.requests.at(-1)!;

  beforeAll(async () => {
    fake = await startFakeGemini();
    account = {
      id: 'g1',
      name: 'gemini-test',
      kind: 'gemini',
      baseUrl: `${fake.url}/`,
      apiKey: 'test-key',
      headers: {},
      options: {},
      timeouts,
      dispatcher: createDispatcher(timeouts),
    };
  });
  afterAll(async () => {
    await account.dispatcher?.close();
    await fake.close();
  });

  it('answers a plain chat in OpenAI shape with usage', async () => {
    const res = await sut.chat(ask('hello'), target(), signal());
    expect(res).toMatchObject({
      object: 'chat.completion',
      model: 'gemini-test',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Echo: hello ✓ 🌍' }, finish_reason: 'stop' }],
    });
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage.total_tokens).toBe(res.usage.prompt_tokens + res.usage.completion_tokens);
    expect(lastRequest().path).toBe('/v1beta/models/gemini-test:generateContent');
    expect(lastRequest().headers['x-goog-api-key']).toBe('test-key');
  });

  it('places system messages in systemInstruction and maps assistant to model', async () => {
    const messages: ChatRequest['messages'] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'second' },
    ];
    const res = await sut.chat({ model: 'gemini-test', messages, temperature: 0.3, max_tokens: 64 }, target(), signal());
    expect(res.choices[0].message.content).toBe('Echo: second ✓ 🌍');
    const { body } = lastRequest();
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'You are terse.' }] });
    expect(body.contents.map((c: { role: string }) => c.role)).toEqual(['user', 'model', 'user']);
    expect(body.generationConfig).toEqual({ temperature: 0.3, maxOutputTokens: 64 });
  });

  it('round-trips a tool call and its result', async () => {
    const question = ask('What is the weather in Paris?', { tools: [weatherTool], tool_choice: 'auto' });
    const first = await sut.chat(question, target(), signal());
    const call = first.choices[0].message.tool_calls![0];
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(call).toEqual({ id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' } });
    expect(lastRequest().body.tools[0].functionDeclarations[0].parameters).toEqual({
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', nullable: true } },
      required: ['location'],
    });
    expect(lastRequest().body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });

    const messages = [...question.messages, first.choices[0].message, { role: 'tool' as const, tool_call_id: call.id, content: '18°C, sunny' }];
    const second = await sut.chat({ ...question, messages }, target(), signal());
    expect(second.choices[0]).toMatchObject({ message: { content: 'The get_weather tool said: 18°C, sunny ☀️' }, finish_reason: 'stop' });
    expect(lastRequest().body.contents.at(-1)).toEqual({
      role: 'user',
      parts: [{ functionResponse: { name: 'get_weather', response: { content: '18°C, sunny' } } }],
    });
  });

  it('streams a tool call as one complete delta', async () => {
    const chunks = await collect(sut.chatStream(ask('weather in Paris?', { tools: [weatherTool] }), target(), signal()));
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toEqual([
      { index: 0, id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' } },
    ]);
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
  });

  it('asks for JSON in JSON mode', async () => {
    const res = await sut.chat(ask('give json', { response_format: { type: 'json_object' } }), target(), signal());
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ answer: 'give json', ok: true, mood: '😀' });
    expect(lastRequest().body.generationConfig).toEqual({ responseMimeType: 'application/json' });
  });

  it('streams the same text as the non-streamed answer, split across writes and inside characters', async () => {
    const req = ask('stream me ünïcödé 🌍', { response_format: { type: 'json_object' } });
    const whole = await sut.chat(req, target(), signal());
    const chunks = await collect(sut.chatStream(req, target(), signal()));
    expect(lastRequest().path).toBe('/v1beta/models/gemini-test:streamGenerateContent?alt=sse');
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(streamedText(chunks)).toBe(whole.choices[0].message.content);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ object: 'chat.completion.chunk', choices: [], usage: whole.usage });
  });

  it('embeds a batch of texts', async () => {
    const res = await sut.embed!({ model: 'text-embedding-004', input: ['alpha', 'beta gamma'], dimensions: 4 }, target('text-embedding-004'), signal());
    expect(res).toMatchObject({ object: 'list', model: 'text-embedding-004' });
    expect(res.data.map((d) => [d.index, d.embedding.length])).toEqual([
      [0, 4],
      [1, 4],
    ]);
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
    expect(lastRequest().path).toBe('/v1beta/models/text-embedding-004:batchEmbedContents');
    expect(lastRequest().body.requests[0]).toEqual({ model: 'models/text-embedding-004', content: { parts: [{ text: 'alpha' }] }, outputDimensionality: 4 });
    const again = await sut.embed!({ model: 'text-embedding-004', input: 'alpha', dimensions: 4 }, target('text-embedding-004'), signal());
    expect(again.data[0].embedding).toEqual(res.data[0].embedding);
  });

  it.each([
    ['fail-400', 'bad_request', false, undefined],
    ['fail-context', 'context_length', false, undefined],
    ['fail-403', 'auth', false, undefined],
    ['fail-404', 'not_found', false, undefined],
    ['fail-429', 'rate_limited', true, 7000],
    ['fail-500', 'server_error', true, undefined],
    ['fail-503', 'overloaded', true, undefined],
  ])('maps %s to %s', async (model, kind, retryable, retryAfterMs) => {
    for (const call of [() => sut.chat(ask('x'), target(model), signal()), () => collect(sut.chatStream(ask('x'), target(model), signal()))]) {
      const err = await failure(call());
      expect(err).toMatchObject({ kind, retryable, retryAfterMs, opts: { provider: 'gemini-test' } });
      expect(err.status).toBe(Number(/\d{3}/.exec(model)?.[0] ?? 400));
      expect(err.message).toMatch(/^gemini: /);
    }
  });

  it('maps a rejected API key to auth', async () => {
    const err = await failure(sut.chat(ask('x'), target('gemini-test', { apiKey: 'wrong' }), signal()));
    expect(err).toMatchObject({ kind: 'auth', status: 400, retryable: false, message: 'gemini: API key not valid. Please pass a valid API key.' });
  });

  it('times out when the first byte is slow', async () => {
    // The fake answers after 2000 ms; undici checks its 500 ms limit on a coarse timer, so allow some slack.
    for (const call of [
      () => sut.chat(ask('x'), target('slow-first-byte'), signal()),
      () => collect(sut.chatStream(ask('x'), target('slow-first-byte'), signal())),
    ]) {
      const started = Date.now();
      expect(await failure(call())).toMatchObject({ kind: 'timeout', retryable: true });
      expect(Date.now() - started).toBeLessThan(1900);
    }
  });

  it('fails a cut stream with a retryable ProviderError instead of hanging', async () => {
    const chunks: ChatChunk[] = [];
    const err = await failure(
      (async () => {
        for await (const c of sut.chatStream(ask('hello there'), target('cut-stream'), signal())) chunks.push(c);
      })(),
    );
    expect(err).toMatchObject({ kind: 'network', retryable: true });
    // What arrived before the cut was passed on, not held back.
    expect(streamedText(chunks).length).toBeGreaterThan(0);
    expect(await failure(sut.chat(ask('x'), target('cut-stream'), signal()))).toMatchObject({ kind: 'network' });
  });

  it('fails a stream whose upstream reports an error after the headers', async () => {
    const err = await failure(collect(sut.chatStream(ask('hello'), target('midstream-error'), signal())));
    expect(err).toMatchObject({ kind: 'server_error', retryable: true, message: 'gemini: An internal error has occurred.' });
  });

  it('maps a blocked prompt to content_filter', async () => {
    expect(await failure(sut.chat(ask('something bad'), target('blocked'), signal()))).toMatchObject({ kind: 'content_filter', retryable: false });
    expect(await failure(collect(sut.chatStream(ask('something bad'), target('blocked'), signal())))).toMatchObject({ kind: 'content_filter' });
  });

  it('stops promptly when the caller aborts mid-stream', async () => {
    const controller = new AbortController();
    const chunks: ChatChunk[] = [];
    const started = Date.now();
    const err = await (async () => {
      for await (const c of sut.chatStream(ask('a slow answer please'), target('slow-stream'), controller.signal)) {
        chunks.push(c);
        controller.abort();
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(chunks).toHaveLength(1);
    // The caller's own abort comes back as is (a DOMException from another realm under Jest), not as a ProviderError.
    expect(err).not.toBeInstanceOf(ProviderError);
    expect((err as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
