import type { ChatChunk, ChatResponse } from '../../providers/chat-types.js';
import { fromResponse, REPLAY_PIECE, StreamAssembler, toResponse, toSse } from './cached-completion.js';

const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };
const response = (extra: Partial<ChatResponse['choices'][0]> = {}): ChatResponse => ({
  id: 'chatcmpl-up',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-a',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello 🌍' }, finish_reason: 'stop', logprobs: null, ...extra }],
  usage,
  system_fingerprint: 'fp_1',
});
const chunk = (
  delta: ChatChunk['choices'][0]['delta'],
  finish: ChatChunk['choices'][0]['finish_reason'] = null,
  extra: Partial<ChatChunk> = {},
): ChatChunk => ({
  id: 'chatcmpl-up',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-a',
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...extra,
});

/** Parses an SSE body back into its data payloads. */
const events = (sse: string) =>
  sse
    .split('\n\n')
    .filter(Boolean)
    .map((e) => {
      expect(e.startsWith('data: ')).toBe(true);
      return e.slice(6);
    });

describe('cached completions', () => {
  it('replays a stored JSON answer with the new id and time, everything else identical', () => {
    const e = fromResponse(response(), 'oai/gpt-a', 0.0001, 5)!;
    expect(e).toMatchObject({ content: 'Hello 🌍', finishReason: 'stop', usage, target: 'oai/gpt-a', costUsd: 0.0001, systemFingerprint: 'fp_1' });
    expect(toResponse(e, 'chatcmpl-new', 99, 'support')).toEqual({ ...response(), id: 'chatcmpl-new', created: 99, model: 'support' });
  });

  it('does not store a content-filtered answer or one without a finish', () => {
    expect(fromResponse(response({ finish_reason: 'content_filter' }), 't', 0, 0)).toBeUndefined();
    expect(fromResponse(response({ finish_reason: null }), 't', 0, 0)).toBeUndefined();
    expect(new StreamAssembler().result('t', 0, 0)).toBeUndefined();
  });

  it('assembles a stream (content, tool calls, usage) and replays it in OpenAI chunk order', () => {
    const asm = new StreamAssembler();
    asm.add(chunk({ role: 'assistant', content: '' }));
    asm.add(chunk({ content: 'Let me ' }));
    asm.add(chunk({ content: 'check.' }));
    asm.add(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }));
    asm.add(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }));
    asm.add(chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }));
    asm.add(chunk({}, 'tool_calls'));
    asm.add({ ...chunk({}), choices: [], usage });
    const e = asm.result('oai/gpt-a', 0.5, 7)!;
    expect(e).toEqual({
      content: 'Let me check.',
      toolCalls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      finishReason: 'tool_calls',
      usage,
      target: 'oai/gpt-a',
      costUsd: 0.5,
      storedAt: 7,
    });
    const data = events(toSse(e, 'chatcmpl-new', 42, 'support', true));
    expect(data.at(-1)).toBe('[DONE]');
    const parsed = data.slice(0, -1).map((d) => JSON.parse(d) as ChatChunk);
    for (const p of parsed) expect(p).toMatchObject({ id: 'chatcmpl-new', object: 'chat.completion.chunk', created: 42, model: 'support' });
    expect(parsed[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(parsed.slice(0, -1).every((p) => p.usage === null)).toBe(true);
    expect(parsed.at(-1)).toMatchObject({ choices: [], usage });
    expect(parsed.at(-2)!.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' });
    // Replaying the replay gives the same entry back.
    const again = new StreamAssembler();
    parsed.forEach((p) => again.add(p));
    expect(again.result('oai/gpt-a', 0.5, 7)).toEqual(e);
  });

  it('splits long content into pieces without cutting a surrogate pair, and omits usage unless asked', () => {
    const content = 'a'.repeat(REPLAY_PIECE - 1) + '🌍' + 'b'.repeat(200);
    const e = fromResponse(response({ message: { role: 'assistant', content } }), 't', undefined, 0)!;
    const parsed = events(toSse(e, 'id', 1, 'm', false))
      .slice(0, -1)
      .map((d) => JSON.parse(d) as ChatChunk);
    const texts = parsed.map((p) => p.choices[0]?.delta.content ?? '');
    expect(texts.join('')).toBe(content);
    expect(texts[1]).toBe('a'.repeat(REPLAY_PIECE - 1) + '🌍');
    expect(parsed.every((p) => !('usage' in p))).toBe(true);
  });
});
