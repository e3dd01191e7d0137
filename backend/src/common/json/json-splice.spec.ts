import { withFirstKey, withModel } from './json-splice.js';

const answer = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1733500000,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help?', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21, prompt_tokens_details: { cached_tokens: 0 } },
  system_fingerprint: 'fp_1',
};

/** The answer as a client reads it after the rewrite: the upstream's answer with model replaced. */
function expectRewritten(text: string, model = 'my-route') {
  const out = withModel(text, model);
  expect(out).toBeDefined();
  expect(JSON.parse(out!)).toEqual({ ...(JSON.parse(text) as object), model });
  return out!;
}

describe('withModel', () => {
  it('replaces only the top-level model value and keeps every other byte', () => {
    const text = JSON.stringify(answer);
    expect(expectRewritten(text)).toBe(text.replace('"gpt-4o-2024-08-06"', '"my-route"'));
  });

  it('reads usage before choices, model last, whitespace and pretty-printing', () => {
    const { usage, choices, model, ...rest } = answer;
    expectRewritten(JSON.stringify({ usage, ...rest, choices, model }));
    expectRewritten(` ${JSON.stringify({ usage, model, ...rest, choices }, null, 2).replace(/\n/g, '\r\n\t')} \n`);
  });

  it('skips values of every kind before model: nested containers, escaped strings, numbers, literals', () => {
    const text = `{"a":[1,{"b":"}]\\"\\\\"},[]],"c":-1.5e+3,"d":true,"e":null,"f":{},"g":"é 🌍 \\u00e9 \\n \\"model\\": x","model" : "m","z":[]}`;
    expect(expectRewritten(text)).toContain('"model" : "my-route"');
  });

  it('escapes the new model name as a JSON string', () => {
    expect(JSON.parse(expectRewritten(JSON.stringify(answer), 'a"b\\c é\n')).model).toBe('a"b\\c é\n');
  });

  it('keeps unicode and escapes in the content as the upstream wrote them', () => {
    const text = JSON.stringify({ ...answer, choices: [{ index: 0, message: { role: 'assistant', content: 'say \\"model\\": \\u00e9 🌍 \u2028 "quoted"' } }] });
    expectRewritten(text);
  });

  it('rewrites a huge answer', () => {
    const content = 'lorem ipsum "dolor" \\ é 🌍 '.repeat(100_000);
    const text = JSON.stringify({ ...answer, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'length' }] });
    expect(text.length).toBeGreaterThan(2_000_000);
    expectRewritten(text);
  });

  it.each([
    ['no model', JSON.stringify({ id: 'x', choices: [] })],
    ['model twice (the last one counts)', '{"model":"a","choices":[],"model":"b"}'],
    ['a nested model key after it', JSON.stringify({ ...answer, choices: [{ message: { model: 'inner' } }] })],
    ['an escaped key before it (it could be model)', '{"mod\\u0065l":"x","model":"y"}'],
    ['an escape that could spell model after it', '{"model":"y","mod\\u0065l":"x"}'],
    ['an escaped key before it (any escape)', '{"a\\"b":1,"model":"y"}'],
    ['not an object', '["model"]'],
    ['an empty object', '{}'],
  ])('leaves the answer to be serialised when it cannot be sure: %s', (_name, text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(withModel(text, 'my-route')).toBeUndefined();
  });

  it('agrees with parse-and-set on thousands of random answers', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.4) return pick<unknown>([0, -1.5e-7, 1e21, true, false, null, '', 'a"b\\c}]', 'é🌍\u0000\u001f', '\ud800', 'x'.repeat(40)]);
      if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [pick(['k', '', 'é"', '{', 'id']), value(depth + 1)]));
    };
    let rewritten = 0;
    for (let n = 0; n < 3000; n++) {
      const top: Record<string, unknown> = {};
      for (const k of pick([
        ['id', 'model', 'choices', 'usage'],
        ['usage', 'choices', 'model'],
        ['model', 'x'],
      ]))
        top[k] = k === 'model' ? pick<unknown>(['m', '', null, 5, { a: 1 }, ['m']]) : value(0);
      const text = JSON.stringify(top, null, rnd() < 0.3 ? 1 : undefined);
      const out = withModel(text, 'route');
      if (out === undefined) continue;
      expect(JSON.parse(out)).toEqual({ ...(JSON.parse(text) as object), model: 'route' });
      rewritten++;
    }
    expect(rewritten).toBe(3000);
  });
});

describe('withFirstKey', () => {
  it('puts the key first, keeping every other byte', () => {
    const text = ' {\n "model": "m", "stream": true }';
    const out = withFirstKey(text, 'stream_options', '{"include_usage":true}');
    expect(out).toBe(' {"stream_options":{"include_usage":true},\n "model": "m", "stream": true }');
    expect(JSON.parse(out)).toEqual({ stream_options: { include_usage: true }, model: 'm', stream: true });
  });

  it('writes no comma into an empty object', () => {
    expect(JSON.parse(withFirstKey('{ }', 'a', '1'))).toEqual({ a: 1 });
  });
});
