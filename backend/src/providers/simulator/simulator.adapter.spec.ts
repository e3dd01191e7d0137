import type { ChatChunk, ChatRequest, ToolDefinition } from '../chat-types.js';
import type { ProviderAccount, Target } from '../provider-adapter.js';
import { ProviderError } from '../provider-error.js';
import { countTextTokens } from '../tokens.js';
import { SIMULATOR_FINGERPRINT, simulatorAdapter as sut } from './simulator.adapter.js';
import { seedOf, simulate } from './simulator.engine.js';
import { resolveProfile } from './simulator.profiles.js';

function account(options: Record<string, unknown> = {}, timeouts: Partial<ProviderAccount['timeouts']> = {}): ProviderAccount {
  return {
    id: 'acc-1',
    name: 'sim-account',
    kind: 'simulator',
    baseUrl: '',
    headers: {},
    options,
    timeouts: { connectMs: 1000, firstByteMs: 30_000, totalMs: 60_000, ...timeouts },
  };
}
const target = (model: string, acc = account()): Target => ({ account: acc, model });
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'client-alias', messages: [{ role: 'user', content }], ...extra });
const never = () => new AbortController().signal;
const OPEN = 'Explain how database indexes speed up queries in PostgreSQL and when they slow down writes';

// Fast but not instant, so the streaming and waiting paths really run.
const brisk = account({ models: { 'sim-brisk': { latency: { firstTokenMs: { p50: 5, p95: 10 }, tokensPerSecond: 2000 } } } });
const slow = (firstTokenMs: number, timeouts: Partial<ProviderAccount['timeouts']> = {}) =>
  account({ models: { 'sim-small': { latency: { firstTokenMs: { p50: firstTokenMs, p95: firstTokenMs } } } } }, timeouts);

async function collect(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return chunks;
}

/** A request on which sim-flaky fails with `kind`. */
function failingRequest(kind: string): ChatRequest {
  const flaky = resolveProfile(account(), 'sim-flaky');
  for (let i = 0; ; i++) if (simulate(ask(`try ${i}`), flaky).error === kind) return ask(`try ${i}`);
}

const weather: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] },
  },
};

describe('simulatorAdapter.chat', () => {
  it('returns an OpenAI-shaped completion labelled as simulated, the same for the same request', async () => {
    const req = ask(OPEN);
    const res = await sut.chat(req, target('sim-instant'), never());
    const seed = seedOf({ ...req, model: 'sim-instant' }, 'sim-instant');
    expect(res).toMatchObject({
      id: `chatcmpl-sim-${seed.toString(16).padStart(8, '0')}`,
      object: 'chat.completion',
      model: 'sim-instant',
      system_fingerprint: SIMULATOR_FINGERPRINT,
      choices: [{ index: 0, message: { role: 'assistant', content: expect.any(String) }, finish_reason: 'stop', logprobs: null }],
    });
    const content = res.choices[0].message.content!;
    expect(res.usage.completion_tokens).toBe(countTextTokens(content));
    expect(res.usage.total_tokens).toBe(res.usage.prompt_tokens + res.usage.completion_tokens);
    expect((await sut.chat(req, target('sim-instant'), never())).choices[0].message.content).toBe(content);
    expect((await sut.chat({ ...req, seed: 7 }, target('sim-instant'), never())).choices[0].message.content).not.toBe(content);
  });

  it('returns tool calls with finish_reason tool_calls', async () => {
    const res = await sut.chat(ask('What is the weather in Oslo?', { tools: [weather] }), target('sim-instant'), never());
    expect(res.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: null, tool_calls: [{ function: { name: 'get_weather' } }] } });
    expect(JSON.parse(res.choices[0].message.tool_calls![0].function.arguments)).toEqual({ city: 'Oslo', days: expect.any(Number) });
  });

  it('waits for the simulated latency', async () => {
    const started = Date.now();
    await sut.chat(ask('hi'), target('sim-small', slow(120)), never());
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('rejects promptly with the caller’s abort reason when aborted mid-wait', async () => {
    const ctl = new AbortController();
    const started = Date.now();
    const call = sut.chat(ask('hi'), target('sim-small', slow(5000)), ctl.signal);
    setTimeout(() => ctl.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(200);
    const pre = new AbortController();
    pre.abort();
    await expect(sut.chat(ask('hi'), target('sim-instant'), pre.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('times out as an upstream would when the first token or the whole call is too slow', async () => {
    await expect(sut.chat(ask('hi'), target('sim-small', slow(5000, { firstByteMs: 30 })), never())).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    await expect(sut.chat(ask('hi'), target('sim-small', slow(5000, { totalMs: 30 })), never())).rejects.toMatchObject({
      kind: 'timeout',
      opts: { provider: 'sim-account' },
    });
  });

  it.each([
    ['server_error', 500],
    ['overloaded', 503],
    ['rate_limited', 429],
    ['timeout', 504],
  ])('throws simulated %s failures as ProviderErrors with status %i', async (kind, status) => {
    const acc = account({ models: { 'sim-flaky': { latency: { firstTokenMs: { p50: 1, p95: 1 } } } } });
    const err = await sut.chat(failingRequest(kind), target('sim-flaky', acc), never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      kind,
      status,
      retryable: true,
      message: `simulator: simulated ${kind} (model sim-flaky has error rate 0.2)`,
      opts: { provider: 'sim-account' },
    });
    expect((err as ProviderError).retryAfterMs).toBe(kind === 'rate_limited' ? 1000 : undefined);
    await expect(collect(sut.chatStream(failingRequest(kind), target('sim-flaky', acc), never()))).rejects.toMatchObject({ kind });
  });

  it('names the account on invalid requests and unknown models', async () => {
    await expect(sut.chat(ask('hi', { n: 3 }), target('sim-small'), never())).rejects.toMatchObject({ kind: 'bad_request', opts: { provider: 'sim-account' } });
    const err = await sut.chat(ask('hi'), target('gpt-4o'), never()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not_found', status: 404, retryable: false });
    expect((err as Error).message).toBe('simulator has no model "gpt-4o"; available: sim-large, sim-small, sim-mini, sim-flaky, sim-instant');
  });

  it('never sleeps on sim-instant: 1,000 calls complete', async () => {
    for (let i = 0; i < 1000; i++) {
      const res = await sut.chat(ask(`Load test request ${i}`), target('sim-instant'), never());
      expect(res.choices[0].message.content).toBeTruthy();
    }
  });
});

describe('simulatorAdapter.chatStream', () => {
  it.each(['sim-instant', 'sim-brisk'])('streams on %s exactly the text chat returns, then finish and usage chunks', async (model) => {
    const acc = model === 'sim-brisk' ? brisk : account();
    for (const req of [
      ask(OPEN),
      ask('What is 12 * 12?'),
      ask(OPEN, { max_tokens: 9 }),
      ask('Describe naïve café culture 🌍 in Zürich'),
      ask('JSON please', { response_format: { type: 'json_object' } }),
    ]) {
      const res = await sut.chat(req, target(model, acc), never());
      const chunks = await collect(sut.chatStream(req, target(model, acc), never()));
      expect(chunks[0].choices[0].delta.role).toBe('assistant');
      const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
      expect(content).toBe(res.choices[0].message.content);
      expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(1);
      expect(chunks.at(-2)!.choices[0]).toMatchObject({ finish_reason: res.choices[0].finish_reason, delta: {} });
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: res.usage });
      expect(
        chunks.every((c) => c.id === res.id && c.object === 'chat.completion.chunk' && c.system_fingerprint === SIMULATOR_FINGERPRINT && c.model === model),
      ).toBe(true);
    }
  });

  it('streams a tool call as id and name first, then its arguments in pieces', async () => {
    const req = ask('What is the weather in Oslo?', { tools: [weather] });
    const res = await sut.chat(req, target('sim-brisk', brisk), never());
    const chunks = await collect(sut.chatStream(req, target('sim-brisk', brisk), never()));
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    const expected = res.choices[0].message.tool_calls![0];
    expect(deltas[0]).toEqual({ index: 0, id: expected.id, type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(deltas.map((d) => d.function?.arguments ?? '').join('')).toBe(expected.function.arguments);
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: res.usage });
  });

  it('stops promptly when aborted mid-stream', async () => {
    const ctl = new AbortController();
    const acc = account({ models: { 'sim-small': { latency: { firstTokenMs: { p50: 1, p95: 1 }, tokensPerSecond: 2 } } } });
    const started = Date.now();
    const stream = collect(sut.chatStream(ask(OPEN), target('sim-small', acc), ctl.signal));
    setTimeout(() => ctl.abort(), 50);
    await expect(stream).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(250);
  });
});

describe('simulatorAdapter.embed', () => {
  const embed = sut.embed!;

  it('returns deterministic unit vectors with counted usage', async () => {
    const res = await embed({ model: 'x', input: ['the quick brown fox', 'the quick brown fox', 'a slow red car'] }, target('sim-small'), never());
    expect(res).toMatchObject({
      object: 'list',
      model: 'sim-small',
      usage: { prompt_tokens: 2 * countTextTokens('the quick brown fox') + countTextTokens('a slow red car') },
    });
    const [a, b, c] = res.data.map((d) => d.embedding);
    expect(res.data.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(a).toHaveLength(256);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    for (const v of [a, c]) expect(Math.hypot(...v)).toBeCloseTo(1, 10);
    const again = await embed({ model: 'x', input: 'the quick brown fox' }, target('sim-small'), never());
    expect(again.data[0].embedding).toEqual(a);
  });

  it('places texts that share words closer than unrelated ones, in the requested dimensions', async () => {
    const res = await embed(
      { model: 'x', input: ['reset my account password', 'how do I reset my password', 'weather in Oslo tomorrow'], dimensions: 64 },
      target('sim-small'),
      never(),
    );
    const [a, b, c] = res.data.map((d) => d.embedding);
    const cos = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(a).toHaveLength(64);
    expect(cos(a, b)).toBeGreaterThan(cos(a, c) + 0.3);
  });

  it('rejects bad dimensions, empty input and unknown models', async () => {
    await expect(embed({ model: 'x', input: 'hi', dimensions: 0 }, target('sim-small'), never())).rejects.toMatchObject({ kind: 'bad_request' });
    await expect(embed({ model: 'x', input: [] }, target('sim-small'), never())).rejects.toMatchObject({ kind: 'bad_request' });
    await expect(embed({ model: 'x', input: 'hi' }, target('nope'), never())).rejects.toMatchObject({ kind: 'not_found' });
  });
});
