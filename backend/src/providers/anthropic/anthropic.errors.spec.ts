import { errorFromEvent, errorFromResponse, kindFromAnthropicError } from './anthropic.errors.js';

const body = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message } });

describe('errorFromResponse', () => {
  it.each([
    [400, 'invalid_request_error', 'max_tokens: Field required', 'bad_request', false],
    [400, 'invalid_request_error', 'prompt is too long: 250000 tokens > 200000 maximum', 'context_length', false],
    [401, 'authentication_error', 'invalid x-api-key', 'auth', false],
    [403, 'permission_error', 'no access', 'auth', false],
    [404, 'not_found_error', 'model: nope', 'not_found', false],
    [429, 'rate_limit_error', 'slow down', 'rate_limited', true],
    [500, 'api_error', 'internal', 'server_error', true],
    [503, 'api_error', 'unavailable', 'overloaded', true],
    [529, 'overloaded_error', 'Overloaded', 'overloaded', true],
    [504, 'timeout_error', 'timed out', 'timeout', true],
  ])('%i %s → %s', (status, type, message, kind, retryable) => {
    const sut = errorFromResponse(status, {}, body(type, message), 'acct');
    expect(sut).toMatchObject({ kind, retryable, message: `anthropic: ${message}`, status });
    expect(sut.opts.provider).toBe('acct');
  });

  it('reads retry-after', () => {
    expect(errorFromResponse(429, { 'retry-after': '7' }, body('rate_limit_error', 'x'), 'a').retryAfterMs).toBe(7000);
  });

  it('falls back to the status and raw text for a non-JSON body', () => {
    expect(errorFromResponse(502, {}, '<html>Bad gateway</html>', 'a')).toMatchObject({ kind: 'server_error', message: 'anthropic: <html>Bad gateway</html>' });
    expect(errorFromResponse(529, {}, '', 'a')).toMatchObject({ kind: 'overloaded', message: 'anthropic: HTTP 529' });
  });
});

describe('errorFromEvent', () => {
  it('maps a mid-stream error event by its type', () => {
    expect(errorFromEvent(body('overloaded_error', 'Overloaded'), 'a')).toMatchObject({
      kind: 'overloaded',
      retryable: true,
      message: 'anthropic: Overloaded',
    });
    expect(errorFromEvent(body('api_error', 'boom'), 'a').kind).toBe('server_error');
    expect(errorFromEvent('garbage', 'a').kind).toBe('server_error');
  });

  it('uses the message of an invalid request to spot context overflow', () => {
    expect(kindFromAnthropicError('invalid_request_error', undefined, 'prompt is too long')).toBe('context_length');
  });
});
