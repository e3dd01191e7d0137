import { Readable } from 'node:stream';
import { type ChatRequestText, type ProviderAccount, REQUEST_TEXT } from '../provider-adapter.js';
import type { UpstreamResponse } from '../upstream/http.js';
import type { ChatRequest } from '../chat-types.js';
import { openaiUrl, upstreamBody, upstreamError, upstreamJson } from './openai.adapter.js';

const account = (over: Partial<ProviderAccount> = {}): ProviderAccount => ({
  id: 'a',
  name: 'acct',
  kind: 'openai',
  baseUrl: 'https://api.example.com/v1/',
  headers: {},
  options: {},
  timeouts: { connectMs: 1, firstByteMs: 1, totalMs: 1 },
  ...over,
});

const response = (status: number, body: string, headers: Record<string, string> = {}): UpstreamResponse =>
  ({ status, headers, body: Readable.from([Buffer.from(body)]) }) as unknown as UpstreamResponse;

describe('openaiUrl', () => {
  it('appends the operation to an OpenAI-compatible base URL', () => {
    expect(openaiUrl(account(), 'gpt-4o', 'chat/completions')).toBe('https://api.example.com/v1/chat/completions');
    expect(openaiUrl(account({ baseUrl: 'http://127.0.0.1:11434/v1' }), 'llama3.2', 'embeddings')).toBe('http://127.0.0.1:11434/v1/embeddings');
  });

  it('uses the deployment path and api-version for Azure OpenAI', () => {
    const azure = account({ baseUrl: 'https://res.openai.azure.com', options: { azure: { apiVersion: '2024-10-21' } } });
    expect(openaiUrl(azure, 'my deployment', 'chat/completions')).toBe(
      'https://res.openai.azure.com/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21',
    );
  });
});

describe('upstreamError', () => {
  it.each([
    [400, '{"error":{"message":"Invalid value for temperature","type":"invalid_request_error","code":"invalid_value"}}', 'bad_request', false],
    [400, '{"error":{"message":"maximum context length is 8192 tokens","code":"context_length_exceeded"}}', 'context_length', false],
    [400, '{"error":{"message":"filtered by the content management policy","code":"content_filter"}}', 'content_filter', false],
    [401, '{"error":{"message":"Incorrect API key provided"}}', 'auth', false],
    [404, '{"error":{"message":"The model does not exist"}}', 'not_found', false],
    [429, '{"error":{"message":"Rate limit reached"}}', 'rate_limited', true],
    [500, 'upstream exploded', 'server_error', true],
    [503, '{"error":"overloaded"}', 'overloaded', true],
  ])('maps HTTP %i to %s', async (status, body, kind, retryable) => {
    const err = await upstreamError(account(), response(status, body, status === 429 ? { 'retry-after': '7' } : {}));
    expect(err).toMatchObject({ kind, retryable, status });
    expect(err.message.startsWith('acct: ')).toBe(true);
    if (status === 429) expect(err.retryAfterMs).toBe(7000);
  });
});

describe('upstreamBody', () => {
  const target = { account: account(), model: 'gpt-4o-2024' };
  const client = JSON.parse(
    '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":false},"temperature":0.2,"x_extra":1}',
  ) as ChatRequest;

  it('sends the upstream model id, without stream_options unless streaming, other fields untouched and in order', () => {
    expect(JSON.stringify(upstreamBody(client, target, false))).toBe(
      '{"model":"gpt-4o-2024","messages":[{"role":"user","content":"hi"}],"stream":false,"temperature":0.2,"x_extra":1}',
    );
    expect(JSON.stringify(upstreamBody(client, target, true))).toBe(
      '{"model":"gpt-4o-2024","messages":[{"role":"user","content":"hi"}],"stream":true,"temperature":0.2,"x_extra":1,"stream_options":{"include_usage":true}}',
    );
    // The caller's object is not changed.
    expect(client.model).toBe('gpt-4o');
    expect(client.stream_options).toEqual({ include_usage: false });
  });
});

describe('upstreamJson', () => {
  const target = { account: account(), model: 'gpt-4o-2024' };
  const text = '{ "model": "my-route", "messages": [{"role":"user","content":"hi"}], "temperature": 2e-1 }';
  const withText = (t: string, over: Partial<ChatRequest> = {}): ChatRequest => {
    const req = { ...(JSON.parse(t) as ChatRequest), ...over } as ChatRequestText;
    req[REQUEST_TEXT] = t;
    return req;
  };

  it("sends the client's text with only the model replaced, and asks for usage first when streaming", () => {
    expect(upstreamJson(withText(text), target, false)).toBe('{ "model": "gpt-4o-2024", "messages": [{"role":"user","content":"hi"}], "temperature": 2e-1 }');
    const streamed = text.replace(' }', ', "stream": true }');
    expect(upstreamJson(withText(streamed, { stream: true }), target, true)).toBe(
      '{"stream_options":{"include_usage":true}, "model": "gpt-4o-2024", "messages": [{"role":"user","content":"hi"}], "temperature": 2e-1, "stream": true }',
    );
  });

  it('serialises the request when there is no text, when the client set stream_options, or when the model cannot be replaced safely', () => {
    const plain = JSON.parse(text) as ChatRequest;
    expect(upstreamJson(plain, target, false)).toBe(JSON.stringify(upstreamBody(plain, target, false)));
    const own = text.replace(' }', ', "stream": true, "stream_options": {"include_usage": false} }');
    expect(JSON.parse(upstreamJson(withText(own), target, true))).toMatchObject({ model: 'gpt-4o-2024', stream_options: { include_usage: true } });
    // A key after `model` with an escape that could spell "model": the text is not trusted to splice.
    const escaped = text.replace(' }', ', "\\u006dodel": "x" }');
    const req = withText(escaped);
    expect(upstreamJson(req, target, false)).toBe(JSON.stringify(upstreamBody(req, target, false)));
  });
});
