import type { ChatRequest } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import { guessMimeType, toGeminiRequest } from './gemini.request.js';

const req = (over: Partial<ChatRequest>): ChatRequest => ({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], ...over });

describe('toGeminiRequest', () => {
  it('hoists system and developer messages and maps roles', () => {
    const sut = toGeminiRequest(
      req({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'Speak French.' }] },
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Bonjour' },
          { role: 'user', content: 'Again' },
        ],
      }),
    );
    expect(sut.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Speak French.' }] });
    expect(sut.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hello' }] },
      { role: 'model', parts: [{ text: 'Bonjour' }] },
      { role: 'user', parts: [{ text: 'Again' }] },
    ]);
    expect(sut.generationConfig).toBeUndefined();
  });

  it('translates images: data URLs inline, http URLs as file data', () => {
    const sut = toGeminiRequest(
      req({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.webp?size=2' } },
              { type: 'image_url', image_url: { url: 'https://example.com/photo' } },
            ],
          },
        ],
      }),
    );
    expect(sut.contents[0].parts).toEqual([
      { text: 'What is this?' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { fileUri: 'https://example.com/cat.webp?size=2', mimeType: 'image/webp' } },
      { fileData: { fileUri: 'https://example.com/photo', mimeType: 'image/jpeg' } },
    ]);
    expect(guessMimeType('https://x.test/a.PNG')).toBe('image/png');
  });

  it('turns tool calls and results into functionCall / functionResponse, merging parallel results', () => {
    const sut = toGeminiRequest(
      req({
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_a', content: '18°C' },
          { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '12:00' }] },
        ],
      }),
    );
    expect(sut.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }, { functionCall: { name: 'get_time', args: {} } }] },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { content: '18°C' } } },
          { functionResponse: { name: 'get_time', response: { content: '12:00' } } },
        ],
      },
    ]);
  });

  it('rejects invalid tool-call arguments and orphan tool results, naming the message', () => {
    const badArgs = req({
      messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] }],
    });
    expect(() => toGeminiRequest(badArgs)).toThrow(ProviderError);
    expect(() => toGeminiRequest(badArgs)).toThrow(/messages\[0\]\.tool_calls\[0\].*not valid JSON/);
    const orphan = req({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'tool', tool_call_id: 'nope', content: 'r' },
      ],
    });
    expect(() => toGeminiRequest(orphan)).toThrow(expect.objectContaining({ kind: 'bad_request', message: expect.stringContaining('messages[1]') }));
  });

  it('declares tools with cleaned schemas and maps tool_choice', () => {
    const tools: ChatRequest['tools'] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather now',
          strict: true,
          parameters: { type: 'object', additionalProperties: false, properties: { city: { type: 'string' } } },
        },
      },
    ];
    const sut = toGeminiRequest(req({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }));
    expect(sut.tools).toEqual([
      { functionDeclarations: [{ name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } }] },
    ]);
    expect(sut.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
    expect(toGeminiRequest(req({ tools, tool_choice: 'auto' })).toolConfig?.functionCallingConfig.mode).toBe('AUTO');
    expect(toGeminiRequest(req({ tools, tool_choice: 'none' })).toolConfig?.functionCallingConfig.mode).toBe('NONE');
    expect(toGeminiRequest(req({ tools, tool_choice: 'required' })).toolConfig?.functionCallingConfig.mode).toBe('ANY');
  });

  it('fills generationConfig from sampling options and response_format', () => {
    const sut = toGeminiRequest(
      req({ temperature: 0.2, top_p: 0.9, max_tokens: 50, max_completion_tokens: 100, stop: 'END', seed: 7, response_format: { type: 'json_object' } }),
    );
    expect(sut.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 100,
      stopSequences: ['END'],
      seed: 7,
      responseMimeType: 'application/json',
    });
    const schema = toGeminiRequest(
      req({
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'x', strict: true, schema: { type: 'object', additionalProperties: false, properties: { a: { type: 'integer' } } } },
        },
      }),
    );
    expect(schema.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { a: { type: 'integer' } } },
    });
  });
});
