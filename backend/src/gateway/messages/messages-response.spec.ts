import type { ChatResponse } from '../../providers/chat-types.js';
import { anthropicUsage, messageId, stopReason, toAnthropicMessage, toolInput } from './messages-response.js';

const response = (message: ChatResponse['choices'][number]['message'], finish: ChatResponse['choices'][number]['finish_reason']): ChatResponse => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 0,
  model: 'm',
  choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
  usage: { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37, prompt_tokens_details: { cached_tokens: 10 } },
});

describe('toAnthropicMessage', () => {
  it('answers text as a Message with end_turn and Anthropic usage', () => {
    expect(toAnthropicMessage(response({ role: 'assistant', content: 'Hello' }, 'stop'), 'msg_1', 'support')).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'support',
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 7, cache_read_input_tokens: 10, cache_creation_input_tokens: 0 },
    });
  });

  it('turns tool calls into tool_use blocks with parsed input', () => {
    const res = response(
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'f', arguments: '' } },
        ],
      },
      'tool_calls',
    );
    const m = toAnthropicMessage(res, 'msg_2', 'support');
    expect(m.stop_reason).toBe('tool_use');
    expect(m.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'f', input: {} },
    ]);
  });

  it('maps every finish reason', () => {
    expect([stopReason('stop'), stopReason('length'), stopReason('tool_calls'), stopReason('content_filter'), stopReason(null)]).toEqual([
      'end_turn',
      'max_tokens',
      'tool_use',
      'refusal',
      'end_turn',
    ]);
  });

  it('keeps arguments that are not a JSON object as text rather than losing them', () => {
    expect(toolInput('{"a":1}')).toEqual({ a: 1 });
    expect(toolInput('{"a":')).toEqual({ _raw_arguments: '{"a":' });
    expect(toolInput('[1]')).toEqual({ _raw_arguments: '[1]' });
  });

  it('counts nothing when usage is unknown, and names messages after the request id', () => {
    expect(anthropicUsage(undefined)).toEqual({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
    expect(messageId('3f2a-11-ab')).toBe('msg_3f2a11ab');
  });
});
