import type { ChatRequest } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import { DEFAULT_MAX_TOKENS, fromAnthropicResponse, jsonInstruction, mapStopReason, mapUsage, toAnthropicRequest } from './anthropic.transform.js';

const req = (over: Partial<ChatRequest>): ChatRequest => ({ model: 'claude-x', messages: [{ role: 'user', content: 'hi' }], ...over });

describe('toAnthropicRequest', () => {
  it('sends a minimal request with the default max_tokens', () => {
    expect(toAnthropicRequest(req({}))).toEqual({
      model: 'claude-x',
      max_tokens: DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
  });

  it('joins system and developer messages into the top-level system, wherever they appear', () => {
    const sut = toAnthropicRequest(
      req({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hi' },
          { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] },
        ],
      }),
    );
    expect(sut.system).toBe('Be brief.\n\nUse French.');
    expect(sut.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('converts image parts from data: URLs and http URLs, and rejects other schemes', () => {
    const sut = toAnthropicRequest(
      req({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
            ],
          },
        ],
      }),
    );
    expect(sut.messages[0].content).toEqual([
      { type: 'text', text: 'what is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
    const ftp = req({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] });
    expect(() => toAnthropicRequest(ftp)).toThrow(/messages\[0\]\.content\[0\]/);
  });

  it('turns a tool call round trip into tool_use and merged tool_result blocks', () => {
    const sut = toAnthropicRequest(
      req({
        messages: [
          { role: 'user', content: 'weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '18C' },
          { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '24C' }] },
          { role: 'user', content: 'thanks' },
        ],
      }),
    );
    expect(sut.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '24C' }] },
          { type: 'text', text: 'thanks' },
        ],
      },
    ]);
  });

  it('merges consecutive same-role messages and drops empty ones', () => {
    const sut = toAnthropicRequest(
      req({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
          { role: 'assistant', content: '' },
          { role: 'user', content: 'c' },
        ],
      }),
    );
    expect(sut.messages).toEqual([{ role: 'user', content: ['a', 'b', 'c'].map((text) => ({ type: 'text', text })) }]);
  });

  it('rejects invalid tool-call arguments naming the message', () => {
    const bad = req({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] },
      ],
    });
    let err: unknown;
    try {
      toAnthropicRequest(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'bad_request', retryable: false, message: expect.stringContaining('messages[1].tool_calls[0]') });
  });

  it('maps tools, tool_choice and parallel_tool_calls', () => {
    const tools: ChatRequest['tools'] = [
      { type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object', properties: { a: { type: 'string' } } } } },
    ];
    const sut = (over: Partial<ChatRequest>) => toAnthropicRequest(req({ tools, ...over }));
    expect(sut({}).tools).toEqual([{ name: 'f', description: 'does f', input_schema: { type: 'object', properties: { a: { type: 'string' } } } }]);
    expect(sut({}).tool_choice).toBeUndefined();
    expect(sut({ tool_choice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
    expect(sut({ tool_choice: 'required' }).tool_choice).toEqual({ type: 'any' });
    expect(sut({ tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(sut({ tool_choice: { type: 'function', function: { name: 'f' } } }).tool_choice).toEqual({ type: 'tool', name: 'f' });
    expect(sut({ parallel_tool_calls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(toAnthropicRequest(req({ tools: [{ type: 'function', function: { name: 'g' } }] })).tools).toEqual([
      { name: 'g', input_schema: { type: 'object', properties: {} } },
    ]);
  });

  it('maps sampling options, stop, user and stream', () => {
    const sut = toAnthropicRequest(req({ max_tokens: 100, max_completion_tokens: 200, temperature: 0.2, top_p: 0.9, stop: 'END', user: 'u-1' }), {
      stream: true,
    });
    expect(sut).toMatchObject({ max_tokens: 200, temperature: 0.2, top_p: 0.9, stop_sequences: ['END'], metadata: { user_id: 'u-1' }, stream: true });
    expect(toAnthropicRequest(req({ max_tokens: 100, stop: ['a', 'b'] }))).toMatchObject({ max_tokens: 100, stop_sequences: ['a', 'b'] });
  });

  it('turns response_format into a system instruction, with the schema when given', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const sut = toAnthropicRequest(
      req({
        messages: [
          { role: 'system', content: 'Be kind.' },
          { role: 'user', content: 'x' },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'a', schema } },
      }),
    );
    expect(sut.system).toMatch(/^Be kind\.\n\nRespond with only a single valid JSON object/);
    expect(sut.system).toContain(JSON.stringify(schema));
    expect(jsonInstruction({ type: 'json_object' })).toMatch(/JSON object/);
    expect(jsonInstruction({ type: 'text' })).toBeUndefined();
  });

  it('rejects n > 1', () => {
    expect(() => toAnthropicRequest(req({ n: 2 }))).toThrow(ProviderError);
  });
});

describe('fromAnthropicResponse', () => {
  it('joins text, converts tool_use and usage', () => {
    const sut = fromAnthropicResponse(
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-x-2025',
        content: [
          { type: 'thinking', thinking: 'hmm' },
          { type: 'text', text: 'Let me ' },
          { type: 'text', text: 'check.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 },
      },
      1_700_000_000_500,
    );
    expect(sut).toEqual({
      id: 'msg_1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-x-2025',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 130, completion_tokens: 5, total_tokens: 135, prompt_tokens_details: { cached_tokens: 100 } },
    });
  });

  it('gives null content when there is no text block', () => {
    const sut = fromAnthropicResponse({
      id: 'm',
      type: 'message',
      role: 'assistant',
      model: 'c',
      content: [],
      stop_reason: 'refusal',
      usage: { input_tokens: 1, output_tokens: 0 },
    });
    expect(sut.choices[0].message).toEqual({ role: 'assistant', content: null });
    expect(sut.choices[0].finish_reason).toBe('content_filter');
  });
});

describe('mapStopReason / mapUsage', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    [null, null],
  ])('%s → %s', (reason, finish) => expect(mapStopReason(reason)).toBe(finish));

  it('counts missing fields as zero', () => {
    expect(mapUsage({ input_tokens: 3 })).toEqual({ prompt_tokens: 3, completion_tokens: 0, total_tokens: 3, prompt_tokens_details: { cached_tokens: 0 } });
  });
});
