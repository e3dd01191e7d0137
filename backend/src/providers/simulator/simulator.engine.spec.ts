import type { ChatRequest, ToolDefinition } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import { countTextTokens } from '../tokens.js';
import { mulberry32, seedOf, simulate, SIMULATED_FAILURES } from './simulator.engine.js';
import { SIMULATED_MODELS, type SimulatedModelProfile } from './simulator.profiles.js';

const profile = (id: string, patch: Partial<SimulatedModelProfile> = {}): SimulatedModelProfile => ({
  ...SIMULATED_MODELS.find((m) => m.id === id)!,
  ...patch,
});
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'sim', messages: [{ role: 'user', content }], ...extra });
const OPEN = 'Explain how database indexes speed up queries in PostgreSQL and when they slow down writes';

const weather: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather forecast for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        hourly: { type: 'boolean' },
      },
      required: ['city', 'unit'],
    },
  },
};
const email: ToolDefinition = {
  type: 'function',
  function: {
    name: 'send_email',
    description: 'Send an email message to a recipient',
    parameters: {
      type: 'object',
      properties: { to: { type: 'string', format: 'email' }, subject: { type: 'string', maxLength: 40 }, body: { type: 'string' } },
      required: ['to', 'subject', 'body'],
    },
  },
};

describe('seedOf', () => {
  const req = ask('hello', { tools: [weather], seed: 1, temperature: 0.5 });

  it('is a stable 32-bit hash of the model, messages, tools, seed and temperature', () => {
    const seed = seedOf(req, 'sim-small');
    expect(seed).toBe(seedOf(structuredClone(req), 'sim-small'));
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
    const variants = [
      seedOf(req, 'sim-large'),
      seedOf({ ...req, messages: [{ role: 'user', content: 'hello!' }] }, 'sim-small'),
      seedOf({ ...req, tools: [] }, 'sim-small'),
      seedOf({ ...req, seed: 2 }, 'sim-small'),
      seedOf({ ...req, temperature: 0.6 }, 'sim-small'),
    ];
    expect(new Set([seed, ...variants]).size).toBe(6);
  });

  it('ignores max_tokens and stop, so that a cut reply is a prefix of the whole one', () => {
    expect(seedOf({ ...req, max_tokens: 5, stop: '.' }, 'sim-small')).toBe(seedOf(req, 'sim-small'));
  });
});

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const [a, b] = [mulberry32(42), mulberry32(42)];
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
  });
});

describe('simulate', () => {
  it('gives the same result for the same request and a different one for a different seed', () => {
    const small = profile('sim-small');
    expect(simulate(ask(OPEN), small)).toEqual(simulate(ask(OPEN), small));
    expect(simulate(ask(OPEN, { seed: 1 }), small).text).not.toBe(simulate(ask(OPEN, { seed: 2 }), small).text);
    expect(simulate(ask(OPEN), profile('sim-large')).text).not.toBe(simulate(ask(OPEN), small).text);
  });

  it.each(['sim-large', 'sim-small', 'sim-mini'])('answers arithmetic right at %s’s quality rate (±4 points over 2,000 questions)', (id) => {
    const p = profile(id);
    const ops: Array<[string, (a: number, b: number) => number]> = [
      ['+', (a, b) => a + b],
      ['-', (a, b) => a - b],
      ['*', (a, b) => a * b],
      ['plus', (a, b) => a + b],
    ];
    let right = 0;
    for (let i = 0; i < 2000; i++) {
      const [a, b] = [(i * 37) % 97, (i * 13) % 89];
      const [op, fn] = ops[i % ops.length];
      const text = simulate(ask(`What is ${a} ${op} ${b}?`, { seed: i }), p).text!;
      const shown = Number(/^The answer is (-?\d+)\.$/.exec(text)![1]);
      if (shown === fn(a, b)) right++;
      else expect(Math.abs(shown - fn(a, b))).toBeLessThanOrEqual(5);
    }
    expect(Math.abs(right / 2000 - p.quality)).toBeLessThanOrEqual(0.04);
  });

  it.each(['sim-large', 'sim-mini'])('names capitals right at %s’s quality rate (±4 points over 2,000 questions)', (id) => {
    const p = profile(id);
    const table = { France: 'Paris', Japan: 'Tokyo', Kenya: 'Nairobi', Canada: 'Ottawa', Brazil: 'Brasília', 'South Korea': 'Seoul' };
    const countries = Object.keys(table) as Array<keyof typeof table>;
    let right = 0;
    for (let i = 0; i < 2000; i++) {
      const country = countries[i % countries.length];
      const text = simulate(ask(`Question ${i}: what is the capital of ${country}?`), p).text!;
      expect(text).toMatch(new RegExp(`^The capital of ${country} is .+\\.$`));
      if (text === `The capital of ${country} is ${table[country]}.`) right++;
    }
    expect(Math.abs(right / 2000 - p.quality)).toBeLessThanOrEqual(0.04);
  });

  it('fails at the error rate (±4 points over 2,000 calls) with retryable kinds only', () => {
    const flaky = profile('sim-flaky');
    const kinds = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const { error, text, usage } = simulate(ask(`Request number ${i}`), flaky);
      if (!error) continue;
      kinds.set(error, (kinds.get(error) ?? 0) + 1);
      expect(text).toBeUndefined();
      expect(usage.completion_tokens).toBe(0);
    }
    const failures = [...kinds.values()].reduce((a, b) => a + b, 0);
    expect(Math.abs(failures / 2000 - flaky.errorRate)).toBeLessThanOrEqual(0.04);
    expect([...kinds.keys()].sort()).toEqual([...SIMULATED_FAILURES].sort());
    expect(simulate(ask('x'), profile('sim-small', { errorRate: 1 })).error).toBeDefined();
  });

  it('calls the tool the user mentions, with arguments that are JSON matching its schema', () => {
    const cities = ['Paris', 'New York', 'Buenos Aires', 'Tokyo'];
    for (let i = 0; i < 200; i++) {
      const city = cities[i % cities.length];
      const sim = simulate(ask(`What's the weather forecast in ${city} for trip ${i}?`, { tools: [email, weather] }), profile('sim-small'));
      expect(sim.finishReason).toBe('tool_calls');
      expect(sim.text).toBeUndefined();
      const [call] = sim.toolCalls!;
      expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      expect(call.id).toMatch(/^call_sim[0-9a-f]{8}$/);
      const args = JSON.parse(call.function.arguments);
      expect(args.city).toBe(city);
      expect(['celsius', 'fahrenheit']).toContain(args.unit);
      if ('days' in args) expect(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7).toBe(true);
      if ('hourly' in args) expect(typeof args.hourly).toBe('boolean');
      expect(sim.usage.completion_tokens).toBe(countTextTokens(call.function.name + call.function.arguments));
    }
  });

  it('honours tool_choice and answers in text after a tool result or when no tool fits', () => {
    const p = profile('sim-small');
    const tools = [weather, email];
    const forced = simulate(ask('Hello there', { tools, tool_choice: { type: 'function', function: { name: 'send_email' } } }), p).toolCalls![0];
    const args = JSON.parse(forced.function.arguments);
    expect(args.to).toMatch(/^[a-z0-9]+@example\.com$/);
    expect(args.subject.length).toBeLessThanOrEqual(40);
    expect(simulate(ask('Hello there', { tools, tool_choice: 'required' }), p).toolCalls).toHaveLength(1);
    expect(simulate(ask('Hello there', { tools }), p).toolCalls).toBeUndefined();
    expect(simulate(ask('What is the weather in Paris?', { tools, tool_choice: 'none' }), p).toolCalls).toBeUndefined();
    const afterResult: ChatRequest = {
      model: 'sim',
      tools,
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'Sunny, 21 C' },
      ],
    };
    expect(simulate(afterResult, p)).toMatchObject({ finishReason: 'stop', text: expect.stringMatching(/^Here is what I found: Sunny, 21 C\./) });
    const unknown = () => simulate(ask('hi', { tools, tool_choice: { type: 'function', function: { name: 'nope' } } }), p);
    expect(unknown).toThrow(expect.objectContaining({ kind: 'bad_request' }));
  });

  it('returns parseable JSON in JSON mode, with the schema’s properties and the answer in them', () => {
    const p = profile('sim-large');
    const plain = JSON.parse(simulate(ask('What is 6 * 7?', { response_format: { type: 'json_object' } }), p).text!);
    expect(plain).toHaveProperty('answer');
    const schema = {
      type: 'object',
      properties: {
        answer: { type: 'number' },
        explanation: { type: 'string' },
        confident: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['answer', 'explanation', 'confident', 'tags'],
    };
    let right = 0;
    for (let i = 0; i < 200; i++) {
      const text = simulate(ask(`What is ${i} + 7?`, { response_format: { type: 'json_schema', json_schema: { name: 'a', schema } } }), p).text!;
      const out = JSON.parse(text);
      expect(Object.keys(out).sort()).toEqual(['answer', 'confident', 'explanation', 'tags']);
      expect([typeof out.answer, typeof out.explanation, typeof out.confident, Array.isArray(out.tags)]).toEqual(['number', 'string', 'boolean', true]);
      if (out.answer === i + 7) right++;
    }
    expect(right).toBeGreaterThan(150); // sim-large's quality carries over to JSON answers
  });

  it('keeps open-ended replies within the profile’s token range and names the question’s key words', () => {
    const p = profile('sim-small');
    for (let i = 0; i < 100; i++) {
      const { text, usage, finishReason } = simulate(ask(`${OPEN} (case ${i})`), p);
      expect(usage.completion_tokens).toBe(countTextTokens(text!));
      expect(usage.completion_tokens).toBeGreaterThanOrEqual(p.outputTokens.min);
      expect(usage.completion_tokens).toBeLessThanOrEqual(p.outputTokens.max);
      expect(finishReason).toBe('stop');
    }
    const named = Array.from({ length: 200 }, (_, i) => simulate(ask(`${OPEN} (case ${i})`), profile('sim-large')).text!).filter((t) => /PostgreSQL/.test(t));
    expect(named.length).toBeGreaterThan(160);
  });

  it('cuts at max_tokens (max_completion_tokens first) with finish_reason length', () => {
    const p = profile('sim-large');
    const whole = simulate(ask(OPEN), p).text!;
    for (const extra of [{ max_tokens: 7 }, { max_completion_tokens: 7, max_tokens: 100 }]) {
      const cut = simulate(ask(OPEN, extra), p);
      expect(cut.finishReason).toBe('length');
      expect(cut.usage.completion_tokens).toBeLessThanOrEqual(7);
      expect(cut.usage.completion_tokens).toBeGreaterThanOrEqual(5);
      expect(whole.startsWith(cut.text!)).toBe(true);
    }
    expect(simulate(ask(OPEN, { max_tokens: 10_000 }), p)).toMatchObject({ finishReason: 'stop', text: whole });
  });

  it('stops before the first stop sequence', () => {
    const p = profile('sim-large');
    const whole = simulate(ask(OPEN), p).text!;
    const word = whole.split(' ')[6];
    const cut = simulate(ask(OPEN, { stop: ['zzz-never', word] }), p);
    expect(cut.text).toBe(whole.slice(0, whole.indexOf(word)));
    expect(cut.finishReason).toBe('stop');
    expect(simulate(ask(OPEN, { stop: '.' }), p).text).toBe(whole.slice(0, whole.indexOf('.')));
  });

  it('draws latency from the profile, and none at all for sim-instant', () => {
    const large = profile('sim-large');
    const sims = Array.from({ length: 2000 }, (_, i) => simulate(ask(`Question ${i}: What is ${i} + 1?`), large));
    const first = sims.map((s) => s.firstTokenMs).sort((a, b) => a - b);
    expect(first[1000] / large.latency.firstTokenMs.p50).toBeGreaterThan(0.9);
    expect(first[1000] / large.latency.firstTokenMs.p50).toBeLessThan(1.1);
    expect(first[1900] / large.latency.firstTokenMs.p95).toBeGreaterThan(0.85);
    expect(first[1900] / large.latency.firstTokenMs.p95).toBeLessThan(1.15);
    const delays = sims.flatMap((s) => s.tokenDelays);
    expect(delays.reduce((a, b) => a + b, 0) / delays.length).toBeCloseTo(1000 / large.latency.tokensPerSecond, 0);
    expect(sims[0].tokenDelays).toHaveLength(sims[0].usage.completion_tokens);
    const instant = simulate(ask(OPEN), profile('sim-instant'));
    expect(instant.firstTokenMs).toBe(0);
    expect(instant.tokenDelays.every((d) => d === 0)).toBe(true);
  });

  it('rejects prompts beyond the context window, and more than one choice', () => {
    const tiny = profile('sim-small', { contextWindow: 50 });
    expect(() => simulate(ask('word '.repeat(100)), tiny)).toThrow(expect.objectContaining({ kind: 'context_length' }));
    expect(() => simulate(ask('hi', { max_tokens: 60 }), tiny)).toThrow(ProviderError);
    expect(() => simulate(ask('hi', { n: 2 }), tiny)).toThrow(expect.objectContaining({ kind: 'bad_request' }));
    expect(() => simulate(ask('hi', { max_tokens: 0 }), tiny)).toThrow(expect.objectContaining({ kind: 'bad_request' }));
  });
});
