import { GeminiStreamTranslator } from './gemini.stream.js';

const opts = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }], provider: 'g' };

describe('GeminiStreamTranslator', () => {
  it('emits role first, text deltas as they come, a finish chunk and a usage chunk', () => {
    const sut = new GeminiStreamTranslator(opts);
    const first = sut.push({ candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] } }], responseId: 'r1' });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      id: 'chatcmpl-r1',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }],
    });
    const last = sut.push({
      candidates: [{ content: { parts: [{ text: 'lo' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
    });
    expect(last.map((c) => c.choices[0])).toEqual([
      { index: 0, delta: { content: 'lo' }, finish_reason: null, logprobs: null },
      { index: 0, delta: {}, finish_reason: 'stop', logprobs: null },
    ]);
    expect(last.every((c) => c.id === 'chatcmpl-r1')).toBe(true);
    expect(sut.end()).toMatchObject({ id: 'chatcmpl-r1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
  });

  it('emits each function call as one complete tool_calls delta, indexed across the stream', () => {
    const sut = new GeminiStreamTranslator(opts);
    const a = sut.push({ candidates: [{ content: { parts: [{ functionCall: { name: 'a', args: { x: 1 } } }] } }] });
    const b = sut.push({ candidates: [{ content: { parts: [{ functionCall: { name: 'b', args: {} } }] }, finishReason: 'STOP' }] });
    expect(a[0].choices[0].delta).toEqual({
      role: 'assistant',
      tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: 'a', arguments: '{"x":1}' } }],
    });
    expect(b[0].choices[0].delta.tool_calls).toEqual([{ index: 1, id: 'call_1', type: 'function', function: { name: 'b', arguments: '{}' } }]);
    expect(b[1].choices[0].finish_reason).toBe('tool_calls');
    // No usage from upstream: counted locally.
    expect(sut.end().usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('gives the role on the finish chunk when nothing came before it', () => {
    const sut = new GeminiStreamTranslator(opts);
    expect(sut.push({ candidates: [{ finishReason: 'SAFETY' }] })[0].choices[0]).toMatchObject({
      delta: { role: 'assistant' },
      finish_reason: 'content_filter',
    });
  });

  it('keeps the last usage even when it arrives after the finish', () => {
    const sut = new GeminiStreamTranslator(opts);
    sut.push({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'MAX_TOKENS' }] });
    expect(sut.push({ usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 } })).toEqual([]);
    expect(sut.end().usage).toEqual({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });
  });

  it('fails a blocked prompt and a stream that ends without a finish reason', () => {
    expect(() => new GeminiStreamTranslator(opts).push({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } })).toThrow(
      expect.objectContaining({ kind: 'content_filter' }),
    );
    const cut = new GeminiStreamTranslator(opts);
    cut.push({ candidates: [{ content: { parts: [{ text: 'partial' }] } }] });
    expect(() => cut.end()).toThrow(expect.objectContaining({ kind: 'network', retryable: true, message: 'gemini: stream ended before completion' }));
  });
});
