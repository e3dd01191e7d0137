import type { ChatChunk } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import { SseParser, type SseEvent } from '../upstream/sse.js';
import { AnthropicStreamTranslator } from './anthropic.stream.js';

const ev = (event: string, data: object): SseEvent => ({ event, data: JSON.stringify({ type: event, ...data }) });

const start = ev('message_start', {
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-x',
    content: [],
    stop_reason: null,
    usage: { input_tokens: 25, output_tokens: 1, cache_read_input_tokens: 5 },
  },
});
const textStart = (index: number) => ev('content_block_start', { index, content_block: { type: 'text', text: '' } });
const text = (index: number, t: string) => ev('content_block_delta', { index, delta: { type: 'text_delta', text: t } });
const toolStart = (index: number, id: string, name: string) => ev('content_block_start', { index, content_block: { type: 'tool_use', id, name, input: {} } });
const json = (index: number, partial_json: string) => ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } });
const stop = (index: number) => ev('content_block_stop', { index });
const msgDelta = (stop_reason: string, output_tokens: number) => ev('message_delta', { delta: { stop_reason, stop_sequence: null }, usage: { output_tokens } });
const msgStop = ev('message_stop', {});
const ping = ev('ping', {});

function run(events: SseEvent[]): ChatChunk[] {
  const sut = new AnthropicStreamTranslator('acct', 1_700_000_000_000);
  const out = events.flatMap((e) => sut.push(e));
  sut.end();
  return out;
}

describe('AnthropicStreamTranslator', () => {
  it('translates a text stream: role first, content deltas, finish, then usage with empty choices', () => {
    const sut = run([start, textStart(0), ping, text(0, 'Hello'), text(0, ' 🌍'), stop(0), msgDelta('end_turn', 12), msgStop]);
    expect(sut.map((c) => c.choices[0]?.delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hello' }, { content: ' 🌍' }, {}, undefined]);
    expect(sut.map((c) => c.choices[0]?.finish_reason)).toEqual([null, null, null, 'stop', undefined]);
    expect(sut.every((c) => c.id === 'msg_1' && c.model === 'claude-x' && c.created === 1_700_000_000 && c.object === 'chat.completion.chunk')).toBe(true);
    expect(sut[4]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42, prompt_tokens_details: { cached_tokens: 5 } },
    });
  });

  it('numbers tool calls by order and streams their arguments', () => {
    const sut = run([
      start,
      textStart(0),
      text(0, 'Checking.'),
      stop(0),
      toolStart(1, 'toolu_a', 'get_weather'),
      json(1, ''),
      json(1, '{"city":'),
      json(1, ' "Paris"}'),
      stop(1),
      toolStart(2, 'toolu_b', 'get_time'),
      json(2, '{}'),
      stop(2),
      msgDelta('tool_use', 30),
      msgStop,
    ]);
    const calls = sut.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toEqual([
      { index: 0, id: 'toolu_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 0, function: { arguments: '{"city":' } },
      { index: 0, function: { arguments: ' "Paris"}' } },
      { index: 1, id: 'toolu_b', type: 'function', function: { name: 'get_time', arguments: '' } },
      { index: 1, function: { arguments: '{}' } },
    ]);
    const args = calls
      .filter((c) => c.index === 0)
      .map((c) => c.function?.arguments)
      .join('');
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(sut.at(-2)?.choices[0].finish_reason).toBe('tool_calls');
  });

  it('maps max_tokens to length and refusal to content_filter', () => {
    expect(run([start, msgDelta('max_tokens', 1), msgStop]).at(-2)?.choices[0].finish_reason).toBe('length');
    expect(run([start, msgDelta('refusal', 1), msgStop]).at(-2)?.choices[0].finish_reason).toBe('content_filter');
  });

  it('yields each chunk as its event arrives', () => {
    const sut = new AnthropicStreamTranslator('acct');
    expect(sut.push(start)).toHaveLength(1);
    expect(sut.push(textStart(0))).toHaveLength(0);
    expect(sut.push(text(0, 'a'))[0].choices[0].delta).toEqual({ content: 'a' });
    expect(sut.completed).toBe(false);
  });

  it('throws a mapped ProviderError on an error event', () => {
    const sut = new AnthropicStreamTranslator('acct');
    sut.push(start);
    const error = { event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }) };
    expect(() => sut.push(error)).toThrow(expect.objectContaining({ kind: 'overloaded', retryable: true, message: 'anthropic: Overloaded' }));
  });

  it('fails a stream that ends before message_stop', () => {
    const sut = new AnthropicStreamTranslator('acct');
    sut.push(start);
    sut.push(text(0, 'partial'));
    expect(() => sut.end()).toThrow(ProviderError);
    expect(() => sut.end()).toThrow(expect.objectContaining({ kind: 'network', message: 'stream ended before completion' }));
  });

  it('emits a finish chunk even when message_delta is missing, and ignores unknown events', () => {
    const sut = run([start, ev('future_event', {}), textStart(0), text(0, 'x'), msgStop]);
    expect(sut.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(sut.at(-1)?.usage).toBeDefined();
  });

  it('reads events whose event: line was dropped by a proxy', () => {
    const bare = (e: SseEvent): SseEvent => ({ event: 'message', data: e.data });
    const sut = run([start, textStart(0), text(0, 'hi'), msgDelta('end_turn', 1), msgStop].map(bare));
    expect(sut.map((c) => c.choices[0]?.delta.content).join('')).toBe('hi');
  });

  it('gives the same text from raw SSE bytes split inside a UTF-8 character', () => {
    const raw = [start, textStart(0), text(0, 'Hé 🌍!'), stop(0), msgDelta('end_turn', 3), msgStop]
      .map((e) => `event: ${e.event}\ndata: ${e.data}\n\n`)
      .join('');
    const bytes = new TextEncoder().encode(raw);
    const emoji = bytes.indexOf(0xf0);
    const parser = new SseParser();
    const events = [bytes.slice(0, emoji + 2), bytes.slice(emoji + 2)].flatMap((b) => parser.push(b));
    expect(
      run([...events, ...parser.end()])
        .map((c) => c.choices[0]?.delta.content ?? '')
        .join(''),
    ).toBe('Hé 🌍!');
  });
});
