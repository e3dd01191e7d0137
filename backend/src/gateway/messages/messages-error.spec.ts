import { toAnthropicError } from './messages-error.js';

const render = (status: number, code = 'x/y', message = 'boom', details?: Array<{ path: string; message: string }>) =>
  toAnthropicError({ status, code, message, details });

describe('toAnthropicError', () => {
  it('uses Anthropic’s types and statuses', () => {
    const seen = [400, 401, 403, 404, 413, 415, 429, 500, 502, 503, 504].map((s) => {
      const r = render(s);
      return [s, r.status, r.body.error.type];
    });
    expect(seen).toEqual([
      [400, 400, 'invalid_request_error'],
      [401, 401, 'authentication_error'],
      [403, 403, 'permission_error'],
      [404, 404, 'not_found_error'],
      [413, 413, 'request_too_large'],
      [415, 415, 'invalid_request_error'],
      [429, 429, 'rate_limit_error'],
      [500, 500, 'api_error'],
      [502, 500, 'api_error'],
      [503, 529, 'overloaded_error'],
      [504, 504, 'timeout_error'],
    ]);
    expect(render(401, 'gateway/invalid-api-key', 'Incorrect API key').body).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'Incorrect API key' },
    });
  });

  it('names each field of an invalid body', () => {
    const r = render(400, 'request/invalid-body', 'Invalid request', [
      { path: 'max_tokens', message: 'is required' },
      { path: 'messages.0.role', message: "must be 'user' or 'assistant'" },
    ]);
    expect(r.body.error.message).toBe("max_tokens: is required; messages.0.role: must be 'user' or 'assistant'");
  });
});
