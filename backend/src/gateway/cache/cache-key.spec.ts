import { cacheKey, canonicalJson, normalizedRequest } from './cache-key.js';

const body = (extra: Record<string, unknown> = {}) => ({ model: 'support', messages: [{ role: 'user', content: 'hi' }], temperature: 0, ...extra });
const scope = { route: { alias: 'support', version: 3 }, model: 'support', keyId: 'key-1' };

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,1]},"b":1}');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson(['é', 1.5, true])).toBe('["é",1.5,true]');
  });
});

describe('cacheKey', () => {
  it('is the same for bodies equal as data, whatever the key order', () => {
    const a = cacheKey({ temperature: 0, messages: [{ content: 'hi', role: 'user' }], model: 'support' }, scope);
    expect(a).toBe(cacheKey(body(), scope));
    expect(a).toMatch(/^[\w-]{43}$/);
  });

  it('ignores who asked and how the answer is delivered', () => {
    const k = cacheKey(body(), scope);
    expect(cacheKey(body({ user: 'u-42', stream: true, stream_options: { include_usage: true }, metadata: { a: 1 }, store: true }), scope)).toBe(k);
    expect(cacheKey(body({ top_p: null }), scope)).toBe(k);
  });

  it('differs for every parameter that changes the answer, known or not', () => {
    const k = cacheKey(body(), scope);
    const variants = [
      { temperature: 0.5 },
      { max_tokens: 10 },
      { seed: 1 },
      { stop: ['x'] },
      { tools: [{ type: 'function', function: { name: 'f' } }] },
      { response_format: { type: 'json_object' } },
      { logit_bias: { '50256': -100 } },
      { messages: [{ role: 'user', content: 'hi ' }] },
      {
        messages: [
          { role: 'system', content: 's' },
          { role: 'user', content: 'hi' },
        ],
      },
      { models: ['oai/gpt-b'] },
    ];
    const keys = new Set(variants.map((v) => cacheKey(body(v), scope)));
    expect(keys.size).toBe(variants.length);
    expect(keys.has(k)).toBe(false);
  });

  it('is scoped by key unless shared, and by route version or catalogue model', () => {
    const k = cacheKey(body(), scope);
    expect(cacheKey(body(), { ...scope, keyId: 'key-2' })).not.toBe(k);
    expect(cacheKey(body(), { ...scope, keyId: undefined })).not.toBe(k);
    expect(cacheKey(body(), { ...scope, route: { alias: 'support', version: 4 } })).not.toBe(k);
    expect(cacheKey(body(), { model: 'oai/gpt-a', keyId: 'key-1' })).not.toBe(cacheKey(body(), { model: 'oai/gpt-b', keyId: 'key-1' }));
    expect(normalizedRequest(body(), { ...scope, keyId: undefined }).startsWith('*\nr:support@3\n')).toBe(true);
  });
});
