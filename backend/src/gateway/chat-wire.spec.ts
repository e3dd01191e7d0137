import type { ChatChunk } from '../providers/chat-types.js';
import { chunksOf, OPENAI_WIRE, replay } from './chat-wire.js';
import type { ChatResponse } from '../providers/chat-types.js';

const text: ChatChunk = {
  id: 'c',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'm',
  choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }],
};
const usage = (): ChatChunk => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'm',
  choices: [],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

describe('OPENAI_WIRE', () => {
  it('writes chunks as data lines and ends with [DONE]', () => {
    const sut = OPENAI_WIRE.stream({ model: 'm', messages: [] });
    expect(sut.chunk(text)).toBe(`data: ${JSON.stringify(text)}\n\n`);
    expect(sut.end()).toBe('data: [DONE]\n\n');
    expect(sut.error({ status: 502, code: 'upstream/server-error', message: 'down' })).toContain('"type":"server_error"');
  });

  it('sends the usage chunk only when the client asked for it', () => {
    expect(OPENAI_WIRE.stream({ model: 'm', messages: [] }).chunk(usage())).toBe('');
    expect(OPENAI_WIRE.stream({ model: 'm', messages: [], stream_options: { include_usage: true } }).chunk(usage())).toContain('"usage"');
  });
});

describe('chunksOf / replay', () => {
  const res: ChatResponse = {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 5,
    model: 'm',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
  };

  it('turns a complete answer into the chunks that would have streamed it', () => {
    const chunks = chunksOf(res);
    expect(chunks.map((c) => [c.choices[0]?.delta, c.choices[0]?.finish_reason ?? null, c.usage ?? null])).toEqual([
      [{ role: 'assistant', content: 'Checking.' }, null, null],
      [{ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, null, null],
      [{}, 'tool_calls', null],
      [undefined, null, res.usage],
    ]);
  });

  it('replays them through a wire as one stream body', () => {
    const body = replay(OPENAI_WIRE, { model: 'm', messages: [], stream_options: { include_usage: true } }, res);
    const lines = body.split('\n\n').filter(Boolean);
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(lines[3].slice(6)).usage).toEqual(res.usage);
  });
});
