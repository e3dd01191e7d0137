import type { ChatChunk } from '../../providers/chat-types.js';
import { MessagesStreamEncoder } from './messages-stream.js';

const chunk = (delta: ChatChunk['choices'][number]['delta'], finish: ChatChunk['choices'][number]['finish_reason'] = null): ChatChunk => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const usage: ChatChunk = {
  id: 'c',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'm',
  choices: [],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
};

/** The SSE text as [event name, data] pairs, checking that each event's `type` is its name. */
function events(text: string): Array<[string, any]> {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((e) => {
      const [name, data] = e.split('\n');
      const parsed = JSON.parse(data.slice('data: '.length));
      expect(parsed.type).toBe(name.slice('event: '.length));
      return [parsed.type, parsed];
    });
}

describe('MessagesStreamEncoder', () => {
  it('writes Anthropic’s event sequence for text, as the chunks come', () => {
    const sut = new MessagesStreamEncoder('msg_1', 'support');
    const first = events(sut.chunk(chunk({ role: 'assistant', content: '' })));
    expect(first.map(([n]) => n)).toEqual(['message_start', 'ping']);
    expect(first[0][1].message).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'support',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    });
    expect(events(sut.chunk(chunk({ content: 'Hel' })))).toEqual([
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } }],
    ]);
    expect(events(sut.chunk(chunk({ content: 'lo' })))).toEqual([
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } }],
    ]);
    expect(events(sut.chunk(chunk({}, 'stop')))).toEqual([['content_block_stop', { type: 'content_block_stop', index: 0 }]]);
    expect(sut.chunk(usage)).toBe('');
    expect(events(sut.end())).toEqual([
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { input_tokens: 12, output_tokens: 5, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
  });

  it('streams text then tool calls as separate blocks with input_json_delta', () => {
    const sut = new MessagesStreamEncoder('msg_2', 'support');
    const text = [
      sut.chunk(chunk({ content: 'Checking.' })),
      sut.chunk(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] })),
      sut.chunk(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] })),
      sut.chunk(chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] })),
      sut.chunk(chunk({ tool_calls: [{ index: 1, id: 'call_2', function: { name: 'get_time', arguments: '{}' } }] })),
      sut.chunk(chunk({}, 'tool_calls')),
      sut.end(),
    ].join('');
    const seq = events(text).map(([n, d]) => [n, d.index, d.content_block?.type ?? d.delta?.type ?? d.delta?.stop_reason]);
    expect(seq).toEqual([
      ['message_start', undefined, undefined],
      ['ping', undefined, undefined],
      ['content_block_start', 0, 'text'],
      ['content_block_delta', 0, 'text_delta'],
      ['content_block_stop', 0, undefined],
      ['content_block_start', 1, 'tool_use'],
      ['content_block_delta', 1, 'input_json_delta'],
      ['content_block_delta', 1, 'input_json_delta'],
      ['content_block_stop', 1, undefined],
      ['content_block_start', 2, 'tool_use'],
      ['content_block_delta', 2, 'input_json_delta'],
      ['content_block_stop', 2, undefined],
      ['message_delta', undefined, 'tool_use'],
      ['message_stop', undefined, undefined],
    ]);
    const all = events(text);
    expect(all[5][1].content_block).toEqual({ type: 'tool_use', id: 'call_1', name: 'get_weather', input: {} });
    expect(
      all
        .filter(([n, d]) => n === 'content_block_delta' && d.index === 1)
        .map(([, d]) => d.delta.partial_json)
        .join(''),
    ).toBe('{"city":"Paris"}');
    expect(all.find(([n]) => n === 'message_delta')![1].delta.stop_reason).toBe('tool_use');
  });

  it('reports max_tokens, and an error mid-stream as an error event', () => {
    const sut = new MessagesStreamEncoder('msg_3', 'support');
    sut.chunk(chunk({ content: 'x' }, 'length'));
    expect(events(sut.end())[0][1].delta.stop_reason).toBe('max_tokens');
    expect(events(sut.error({ status: 502, code: 'upstream/network-error', message: 'stream ended before completion' }))).toEqual([
      ['error', { type: 'error', error: { type: 'api_error', message: 'stream ended before completion' } }],
    ]);
  });

  it('still opens and closes the message when the stream had no content', () => {
    const sut = new MessagesStreamEncoder('msg_4', 'support');
    expect(events(sut.end()).map(([n]) => n)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
  });
});
