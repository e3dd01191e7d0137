import { validateChatRequest } from './chat-request.validation.js';

const paths = (body: unknown) => {
  const r = validateChatRequest(body);
  return r.ok ? [] : r.details.map((d) => d.path);
};

describe('validateChatRequest', () => {
  it('accepts a minimal and a full request', () => {
    expect(validateChatRequest({ model: 'a/b', messages: [{ role: 'user', content: 'hi' }] }).ok).toBe(true);
    const full = {
      model: 'a/b',
      messages: [
        { role: 'system', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } },
          ],
        },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      response_format: { type: 'json_schema', json_schema: { name: 's', schema: {} } },
      temperature: 0.2,
      top_p: 1,
      max_completion_tokens: 10,
      stop: ['\n'],
      seed: 1,
      user: 'u',
      n: 1,
      stream: true,
      stream_options: { include_usage: true },
    };
    expect(validateChatRequest(full).ok).toBe(true);
  });

  it('names every offending field', () => {
    expect(paths({})).toEqual(['model', 'messages']);
    expect(paths(null)).toEqual(['body']);
    expect(paths({ model: 'm', messages: [{ role: 'wizard', content: 'x' }] })).toEqual(['messages[0].role']);
    expect(paths({ model: 'm', messages: [{ role: 'user' }] })).toEqual(['messages[0].content']);
    expect(paths({ model: 'm', messages: [{ role: 'tool', content: 'x' }] })).toEqual(['messages[0].tool_call_id']);
    expect(paths({ model: 'm', messages: [{ role: 'user', content: [{ type: 'audio' }] }] })).toEqual(['messages[0].content[0].type']);
    expect(
      paths({ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 3, top_p: 'x', max_tokens: 0, n: 2, stream: 'yes', stop: [1] }),
    ).toEqual(['temperature', 'top_p', 'max_tokens', 'n', 'stream', 'stop']);
    expect(paths({ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema' } })).toEqual([
      'response_format.json_schema.name',
    ]);
    expect(paths({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function' }] })).toEqual(['tools[0]']);
  });
});
