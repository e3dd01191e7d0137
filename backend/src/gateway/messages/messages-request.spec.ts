import { parseMessagesRequest } from './messages-request.js';

const ok = (body: unknown) => {
  const r = parseMessagesRequest(body);
  if (!r.ok) throw new Error(JSON.stringify(r.details));
  return r.value;
};
const problems = (body: unknown) => {
  const r = parseMessagesRequest(body);
  return r.ok ? [] : r.details.map((d) => `${d.path}: ${d.message}`);
};
const base = { model: 'support', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };

describe('parseMessagesRequest', () => {
  it('translates a minimal request', () => {
    expect(ok(base)).toEqual({ model: 'support', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
  });

  it('puts the system prompt (string or text blocks) first', () => {
    expect(ok({ ...base, system: 'be brief' }).messages[0]).toEqual({ role: 'system', content: 'be brief' });
    const blocks = ok({
      ...base,
      system: [
        { type: 'text', text: 'one' },
        { type: 'text', text: 'two', cache_control: { type: 'ephemeral' } },
      ],
    });
    expect(blocks.messages[0]).toEqual({ role: 'system', content: 'one\n\ntwo' });
  });

  it('turns images (base64 and url) into image parts, text-only content into a string', () => {
    const m = ok({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is ' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'a ' },
            { type: 'text', text: 'cat' },
          ],
        },
      ],
    }).messages;
    expect(m[0].content).toEqual([
      { type: 'text', text: 'what is ' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
    ]);
    expect(m[1]).toEqual({ role: 'assistant', content: 'a cat' });
  });

  it('maps a tool_use turn and its tool_result answer to tool_calls and tool messages, results first', () => {
    const m = ok({
      ...base,
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'thanks' },
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '21°C' }] },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'no data', is_error: true }] },
      ],
    }).messages;
    expect(m.slice(1)).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '21°C' },
      { role: 'user', content: 'thanks' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: no data' },
    ]);
  });

  it('maps tools, each tool_choice, sampling, stop sequences, stream and metadata.user_id', () => {
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const r = ok({
      ...base,
      tools,
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      temperature: 0.5,
      top_p: 0.9,
      top_k: 5,
      stop_sequences: ['END'],
      stream: true,
      metadata: { user_id: 'u-42' },
    });
    expect(r).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: tools[0].input_schema } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      temperature: 0.5,
      top_p: 0.9,
      stop: ['END'],
      stream: true,
      user: 'u-42',
    });
    expect(r).not.toHaveProperty('top_k');
    expect(ok({ ...base, tools, tool_choice: { type: 'auto' } }).tool_choice).toBe('auto');
    expect(ok({ ...base, tools, tool_choice: { type: 'none' } }).tool_choice).toBe('none');
    expect(ok({ ...base, tools, tool_choice: { type: 'tool', name: 'get_weather' } }).tool_choice).toEqual({
      type: 'function',
      function: { name: 'get_weather' },
    });
    expect(ok({ ...base, tool_choice: { type: 'auto' } })).not.toHaveProperty('tool_choice');
  });

  it('drops earlier thinking blocks', () => {
    const m = ok({
      ...base,
      messages: [
        base.messages[0],
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hm', signature: 's' },
            { type: 'text', text: 'yes' },
          ],
        },
      ],
    }).messages;
    expect(m[1]).toEqual({ role: 'assistant', content: 'yes' });
  });

  it('names every offending field, Anthropic-style', () => {
    expect(problems({ model: 'm', messages: base.messages })).toEqual(['max_tokens: is required']);
    expect(problems([])).toEqual(['body: must be a JSON object']);
    expect(
      problems({
        max_tokens: 0,
        messages: [
          { role: 'system', content: 'x' },
          { role: 'user', content: [{ type: 'video' }] },
          { role: 'user', content: 3 },
        ],
        temperature: 1.5,
        tools: [{ name: 'f' }, { type: 'web_search_20250305', name: 'web_search' }],
        tool_choice: { type: 'tool' },
        stop_sequences: 'END',
        metadata: { user_id: 7 },
      }),
    ).toEqual([
      'model: is required and must be a non-empty string',
      'max_tokens: must be a positive integer',
      "messages.0.role: must be 'user' or 'assistant'",
      "messages.1.content.0.type: must be 'text' or 'image' here",
      'messages.2.content: must be a string or an array of content blocks',
      'temperature: must be a number between 0 and 1',
      'stop_sequences: must be an array of non-empty strings',
      'metadata.user_id: must be a string',
      'tools.0.input_schema: is required and must be a JSON Schema object',
      'tools.1.type: only client tools (name, input_schema) are supported',
      'tool_choice.name: is required when type is tool',
    ]);
    expect(problems({ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: 'x' }] }] })).toEqual([
      'messages.0.content.0.input: must be an object',
    ]);
    expect(problems({ ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] })).toEqual([
      'messages.0.content.0.tool_use_id: is required',
    ]);
    expect(problems({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] })).toEqual([
      "messages.0.content.0.source: must be {type:'base64', media_type, data} or {type:'url', url}",
    ]);
  });
});
