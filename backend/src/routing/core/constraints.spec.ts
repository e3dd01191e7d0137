import { fieldOf, requestNeeds, unmetNeed } from './constraints.js';

const user = (content: unknown) => ({ role: 'user', content });
const ctxOf = (body: Parameters<typeof requestNeeds>[0], count = () => 10, maxPrice?: { prompt?: number; completion?: number }) => ({
  needs: requestNeeds(body),
  promptTokens: count,
  maxPrice,
});

describe('requestNeeds', () => {
  it('reads tools, json_schema and image parts', () => {
    expect(requestNeeds({ messages: [user('hi')] })).toMatchObject({ tools: false, jsonSchema: false, images: false });
    const n = requestNeeds({
      messages: [
        user([
          { type: 'text', text: 'what is this' },
          { type: 'image_url', image_url: { url: 'data:' } },
        ]),
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
      response_format: { type: 'json_schema' },
    });
    expect(n).toMatchObject({ tools: true, jsonSchema: true, images: true });
    expect(requestNeeds({ messages: [user('x')], tools: [], response_format: { type: 'json_object' } })).toMatchObject({ tools: false, jsonSchema: false });
  });

  it('bounds the prompt tokens from above without counting', () => {
    expect(requestNeeds({ messages: [user('hello')] }).promptTokensBound).toBe(5 * 3 + 3 + 3);
  });
});

describe('unmetNeed', () => {
  const tools = { messages: [user('hi')], tools: [{ type: 'function' }] };
  it('skips a target without a capability the request needs, with the reason', () => {
    expect(unmetNeed({ capabilities: ['chat'] }, ctxOf(tools))).toBe('no tools support');
    expect(unmetNeed({ capabilities: ['chat', 'tools'] }, ctxOf(tools))).toBeUndefined();
    expect(unmetNeed({ capabilities: ['chat'] }, ctxOf({ messages: [user('x')], response_format: { type: 'json_schema' } }))).toBe('no json_schema support');
    expect(unmetNeed({ capabilities: ['chat', 'tools'] }, ctxOf({ messages: [user([{ type: 'image_url' }])] }))).toBe('no image input support');
  });

  it('does not exclude on unknown facts (no capabilities listed, no catalogue entry)', () => {
    expect(unmetNeed({ capabilities: [] }, ctxOf(tools))).toBeUndefined();
    expect(unmetNeed(undefined, ctxOf(tools))).toBeUndefined();
  });

  it('counts the prompt only when a context window is below the cheap bound', () => {
    let calls = 0;
    const count = () => (calls++, 5000);
    const long = { messages: [user('x'.repeat(2000))] };
    expect(unmetNeed({ contextWindow: 128_000 }, ctxOf(long, count))).toBeUndefined();
    expect(calls).toBe(0);
    expect(unmetNeed({ contextWindow: 4096 }, ctxOf(long, count))).toBe('context window 4096 < 5000 prompt tokens');
    expect(unmetNeed({ contextWindow: 5000 }, ctxOf(long, count))).toBeUndefined();
  });

  it('applies max_price ceilings; an unknown price does not pass a ceiling', () => {
    const body = { messages: [user('x')] };
    expect(unmetNeed({ inputPricePerM: 3, outputPricePerM: 15 }, ctxOf(body, undefined, { prompt: 1 }))).toBe('prompt price 3 > max_price.prompt 1');
    expect(unmetNeed({ inputPricePerM: 0.5, outputPricePerM: 15 }, ctxOf(body, undefined, { prompt: 1, completion: 2 }))).toBe(
      'completion price 15 > max_price.completion 2',
    );
    expect(unmetNeed({ inputPricePerM: 0.5, outputPricePerM: 1 }, ctxOf(body, undefined, { prompt: 1, completion: 2 }))).toBeUndefined();
    expect(unmetNeed({ inputPricePerM: null }, ctxOf(body, undefined, { prompt: 1 }))).toBe('prompt price unknown (max_price.prompt set)');
  });

  it('names the request field behind a reason', () => {
    expect(fieldOf('no tools support')).toBe('tools');
    expect(fieldOf('no json_schema support')).toBe('response_format');
    expect(fieldOf('prompt price 3 > max_price.prompt 1')).toBe('provider.max_price.prompt');
  });
});
