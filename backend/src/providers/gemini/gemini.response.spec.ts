import type { ChatMessage } from '../chat-types.js';
import { fromGeminiResponse, mapFinishReason } from './gemini.response.js';

const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }];
const opts = { model: 'gemini-2.5-flash', messages, provider: 'g' };

describe('fromGeminiResponse', () => {
  it('joins text parts, skips thoughts and maps usage with thinking tokens as completion', () => {
    const sut = fromGeminiResponse(
      {
        candidates: [
          { content: { role: 'model', parts: [{ text: 'thinking…', thought: true }, { text: 'Hello ' }, { text: 'world 🌍' }] }, finishReason: 'STOP' },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 4, thoughtsTokenCount: 6, cachedContentTokenCount: 8, totalTokenCount: 20 },
        responseId: 'abc',
      },
      opts,
    );
    expect(sut).toMatchObject({ id: 'chatcmpl-abc', object: 'chat.completion', model: 'gemini-2.5-flash' });
    expect(sut.choices).toEqual([{ index: 0, message: { role: 'assistant', content: 'Hello world 🌍' }, finish_reason: 'stop', logprobs: null }]);
    expect(sut.usage).toEqual({ prompt_tokens: 10, completion_tokens: 10, total_tokens: 20, prompt_tokens_details: { cached_tokens: 8 } });
  });

  it('turns function calls into tool_calls with finish_reason tool_calls', () => {
    const sut = fromGeminiResponse(
      {
        candidates: [{ content: { parts: [{ functionCall: { name: 'a', args: { x: 1 } } }, { functionCall: { name: 'b' } }] }, finishReason: 'STOP' }],
        modelVersion: 'gemini-2.5-flash-001',
      },
      opts,
    );
    expect(sut.model).toBe('gemini-2.5-flash-001');
    expect(sut.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_0', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
        { id: 'call_1', type: 'function', function: { name: 'b', arguments: '{}' } },
      ],
    });
    expect(sut.choices[0].finish_reason).toBe('tool_calls');
    // No usageMetadata: counted locally.
    expect(sut.usage.prompt_tokens).toBeGreaterThan(0);
    expect(sut.id).toMatch(/^chatcmpl-[0-9a-f]{24}$/);
  });

  it('maps finish reasons', () => {
    expect(mapFinishReason('MAX_TOKENS', false)).toBe('length');
    for (const r of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']) expect(mapFinishReason(r, false)).toBe('content_filter');
    expect(mapFinishReason('STOP', false)).toBe('stop');
    expect(mapFinishReason('OTHER', false)).toBe('stop');
  });

  it('rejects a blocked prompt as content_filter', () => {
    expect(() => fromGeminiResponse({ promptFeedback: { blockReason: 'SAFETY' } }, opts)).toThrow(
      expect.objectContaining({ kind: 'content_filter', retryable: false, message: expect.stringContaining('SAFETY') }),
    );
  });
});
