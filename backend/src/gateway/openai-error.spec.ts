import { toOpenAIError } from './openai-error.js';

describe('toOpenAIError', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'server_error'],
    [503, 'server_error'],
  ])('maps status %i to type %s', (status, type) => {
    expect(toOpenAIError({ status, code: 'x/y', message: 'm' }).error.type).toBe(type);
  });

  it('names the first invalid field as param and in the message', () => {
    expect(
      toOpenAIError({ status: 400, code: 'request/invalid-body', message: 'Invalid request', details: [{ path: 'messages[0].role', message: 'is required' }] }),
    ).toEqual({
      error: { message: 'Invalid request: messages[0].role is required', type: 'invalid_request_error', param: 'messages[0].role', code: 'invalid_body' },
    });
  });
});
