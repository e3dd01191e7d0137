import { ProviderError } from '../providers/provider-error.js';
import {
  attemptEndAttributes,
  attemptFailureAttributes,
  attemptStartAttributes,
  jobAttributes,
  type RequestFacts,
  requestAttributes,
  serverOf,
  spanName,
} from './genai-attributes.js';

const target = (kind: string, baseUrl: string, model = 'gpt-4o-mini') => ({ label: `acct/${model}`, target: { model, account: { kind, baseUrl } } });

const record = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  requestId: 'req-1',
  keyId: 'key-1',
  model: 'support-chat',
  route: 'support-chat',
  routeVersion: 3,
  experimentId: 'exp-1',
  variant: 'candidate',
  target: 'acct/gpt-4o-mini',
  attempts: [{ target: 'acct/broken', error: 'server_error' } as never, { target: 'acct/skipped', skipped: 'breaker open' }, { target: 'acct/gpt-4o-mini' }],
  stream: false,
  status: 200,
  usage: { prompt_tokens: 12, completion_tokens: 34, prompt_tokens_details: { cached_tokens: 4 } },
  costUsd: 0.0012,
  ...over,
});

describe('GenAI span attributes', () => {
  it('names spans `{operation} {model}`', () => {
    expect(spanName('chat', 'support-chat')).toBe('chat support-chat');
  });

  it('maps the provider kind, refined by well-known hosts, and keeps only host and port of the base URL', () => {
    expect(serverOf({ kind: 'openai', baseUrl: 'https://api.openai.com/v1?key=x' })).toEqual({ provider: 'openai', address: 'api.openai.com', port: 443 });
    expect(serverOf({ kind: 'openai', baseUrl: 'https://my.openai.azure.com/openai' }).provider).toBe('azure.ai.openai');
    expect(serverOf({ kind: 'openai', baseUrl: 'https://api.mistral.ai/v1' }).provider).toBe('mistral_ai');
    expect(serverOf({ kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1' })).toEqual({ provider: 'openai', address: '127.0.0.1', port: 11434 });
    expect(serverOf({ kind: 'anthropic', baseUrl: 'https://api.anthropic.com' }).provider).toBe('anthropic');
    expect(serverOf({ kind: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' }).provider).toBe('gcp.gemini');
    expect(serverOf({ kind: 'simulator', baseUrl: 'simulator://local' })).toEqual({ provider: 'switchyard.simulator', address: undefined, port: undefined });
  });

  it('describes a request with the conventions and switchyard.* attributes', () => {
    const sut = requestAttributes(
      record(),
      { temperature: 0.2, top_p: 0.9, max_tokens: 100, n: 1 },
      { id: 'chatcmpl-1', choices: [{ finish_reason: 'stop' }, { finish_reason: 'length' }] },
      target('openai', 'https://api.openai.com/v1'),
      { operation: 'chat', experimentName: 'cheaper-model' },
    );
    expect(sut).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'support-chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.stream': false,
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 34,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'gen_ai.response.id': 'chatcmpl-1',
      'switchyard.request.id': 'req-1',
      'switchyard.target': 'acct/gpt-4o-mini',
      'switchyard.route.alias': 'support-chat',
      'switchyard.route.version': 3,
      'switchyard.key.id': 'key-1',
      'switchyard.experiment.id': 'exp-1',
      'switchyard.experiment.name': 'cheaper-model',
      'switchyard.experiment.variant': 'candidate',
      'switchyard.cost_usd': 0.0012,
      'switchyard.attempts': 2,
      'switchyard.skipped_targets': 1,
      'http.response.status_code': 200,
    });
  });

  it('leaves out what was not given, and reads a stream end, its first-chunk time and a cache hit (no call: the logged target)', () => {
    const sut = requestAttributes(
      record({
        stream: true,
        ttftMs: 250,
        route: undefined,
        routeVersion: undefined,
        experimentId: undefined,
        variant: undefined,
        keyId: '',
        cache: 'hit',
        usage: undefined,
        costUsd: undefined,
      }),
      { max_completion_tokens: 64, temperature: null },
      { finish_reason: 'tool_calls' },
      undefined,
      { operation: 'chat', source: 'grader' },
    );
    expect(sut).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'support-chat',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.stream': true,
      'gen_ai.response.time_to_first_chunk': 0.25,
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'switchyard.request.id': 'req-1',
      'switchyard.source': 'grader',
      'switchyard.cache': 'hit',
      'switchyard.target': 'acct/gpt-4o-mini',
      'switchyard.attempts': 2,
      'switchyard.skipped_targets': 1,
      'http.response.status_code': 200,
    });
  });

  it('marks a failed request with its error kind and stable code', () => {
    const sut = requestAttributes(
      record({ status: 502, errorKind: 'server_error', errorCode: 'gateway/upstream-error', usage: undefined }),
      undefined,
      undefined,
      undefined,
      {
        operation: 'chat',
      },
    );
    expect(sut).toMatchObject({ 'error.type': 'server_error', 'switchyard.error.code': 'gateway/upstream-error', 'http.response.status_code': 502 });
  });

  it('describes an attempt: provider, model, server; a failure by kind, retryability and upstream status', () => {
    expect(attemptStartAttributes(target('openai', 'http://127.0.0.1:8080/v1'), 2, 'chat')).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'switchyard.target': 'acct/gpt-4o-mini',
      'switchyard.attempt.number': 2,
      'server.address': '127.0.0.1',
      'server.port': 8080,
    });
    expect(attemptFailureAttributes(new ProviderError('rate_limited', 'slow down', { status: 429 }))).toEqual({
      attributes: { 'switchyard.attempt.outcome': 'error', 'error.type': 'rate_limited', 'switchyard.error.retryable': true, 'http.response.status_code': 429 },
      code: 'rate_limited',
    });
    expect(attemptFailureAttributes(new ProviderError('bad_request', 'no')).attributes).toEqual({
      'switchyard.attempt.outcome': 'error',
      'error.type': 'bad_request',
      'switchyard.error.retryable': false,
    });
    const gone = Object.assign(new Error('client disconnected'), { name: 'AbortError' });
    expect(attemptFailureAttributes(gone)).toEqual({ attributes: { 'switchyard.attempt.outcome': 'cancelled', 'error.type': 'cancelled' }, code: 'cancelled' });
    expect(attemptFailureAttributes(new TypeError('x')).code).toBe('_OTHER');
  });

  it('ends the answering attempt with the outcome of the request (a stream may break after its first chunk)', () => {
    expect(attemptEndAttributes(record(), { choices: [{ finish_reason: 'stop' }] })).toEqual({
      attributes: {
        'switchyard.attempt.outcome': 'ok',
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 34,
        'gen_ai.usage.cache_read.input_tokens': 4,
        'gen_ai.response.finish_reasons': ['stop'],
      },
    });
    expect(attemptEndAttributes(record({ status: 502, errorKind: 'network', errorCode: 'gateway/upstream-unreachable' }), undefined)).toEqual({
      attributes: { 'switchyard.attempt.outcome': 'error', 'error.type': 'network' },
      code: 'network',
    });
    expect(attemptEndAttributes(record({ status: 499, errorCode: 'client/disconnected' }), undefined).attributes['switchyard.attempt.outcome']).toBe(
      'cancelled',
    );
  });

  it('never carries message content: only the fields it names are read', () => {
    const body = { temperature: 1, messages: [{ role: 'user', content: 'PROMPT-SECRET' }] };
    const response = { id: 'r', choices: [{ finish_reason: 'stop', message: { content: 'OUTPUT-TEXT' } }] };
    const all = JSON.stringify([
      requestAttributes(record(), body, response, target('openai', 'https://u:pw@api.openai.com/v1'), { operation: 'chat' }),
      attemptEndAttributes(record(), response),
    ]);
    expect(all).not.toMatch(/PROMPT-SECRET|OUTPUT-TEXT|pw/);
  });

  it('gives a job its name and the defined attributes only', () => {
    expect(
      jobAttributes('experiments.run-chunk', { 'switchyard.experiment.id': 'e', 'switchyard.job.items': 25, 'switchyard.experiment.variant': undefined }),
    ).toEqual({
      'switchyard.job.name': 'experiments.run-chunk',
      'switchyard.experiment.id': 'e',
      'switchyard.job.items': 25,
    });
  });
});
