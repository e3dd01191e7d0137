import { geminiHttpError } from './gemini.errors.js';

const body = (code: number, status: string, message: string, details?: unknown[]) => JSON.stringify({ error: { code, message, status, details } });

describe('geminiHttpError', () => {
  it.each([
    [400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', 'bad_request'],
    [400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', 'auth'],
    [400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', 'context_length'],
    [400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.', 'bad_request'],
    [401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', 'auth'],
    [403, 'PERMISSION_DENIED', 'The caller does not have permission', 'auth'],
    [404, 'NOT_FOUND', 'models/x is not found for API version v1beta', 'not_found'],
    [429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', 'rate_limited'],
    [500, 'INTERNAL', 'An internal error has occurred.', 'server_error'],
    [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.', 'overloaded'],
    [504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.', 'timeout'],
  ])('maps %i %s to its kind', (status, code, message, kind) => {
    const sut = geminiHttpError(status, {}, body(status, code, message), 'g');
    expect(sut).toMatchObject({ kind, message: `gemini: ${message}`, status, opts: { provider: 'g' } });
  });

  it('takes retry-after from the header, else from the RetryInfo detail', () => {
    const retryInfo = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12.5s' }];
    expect(geminiHttpError(429, { 'retry-after': '7' }, body(429, 'RESOURCE_EXHAUSTED', 'quota', retryInfo), 'g').retryAfterMs).toBe(7000);
    expect(geminiHttpError(429, {}, body(429, 'RESOURCE_EXHAUSTED', 'quota', retryInfo), 'g').retryAfterMs).toBe(12_500);
    expect(geminiHttpError(429, {}, body(429, 'RESOURCE_EXHAUSTED', 'quota'), 'g').retryAfterMs).toBeUndefined();
  });

  it('reads the array-wrapped body and falls back to the raw text or the status', () => {
    expect(geminiHttpError(503, {}, `[${body(503, 'UNAVAILABLE', 'busy')}]`, 'g')).toMatchObject({ kind: 'overloaded', message: 'gemini: busy' });
    expect(geminiHttpError(502, {}, '<html>Bad Gateway</html>', 'g')).toMatchObject({
      kind: 'server_error',
      message: 'gemini: <html>Bad Gateway</html>',
      retryable: true,
    });
    expect(geminiHttpError(500, {}, '', 'g').message).toBe('gemini: HTTP 500');
  });
});
