import { kindFromStatus, parseRetryAfter, ProviderError } from './provider-error.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  it.each([
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after': 'Tue, 24 Nov 2026 12:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('reads %j as %j ms', (headers, expected) => {
    expect(parseRetryAfter(headers, now)).toBe(expected);
  });
});

describe('kindFromStatus', () => {
  it.each([
    [400, '', 'bad_request'],
    [400, 'context_length_exceeded', 'context_length'],
    [400, 'prompt is too long: 250000 tokens', 'context_length'],
    [400, 'content_filter', 'content_filter'],
    [413, '', 'context_length'],
    [401, '', 'auth'],
    [403, '', 'auth'],
    [404, '', 'not_found'],
    [408, '', 'timeout'],
    [429, '', 'rate_limited'],
    [500, '', 'server_error'],
    [502, '', 'server_error'],
    [503, '', 'overloaded'],
    [529, '', 'overloaded'],
    [504, '', 'timeout'],
  ])('maps %i %j to %s', (status, message, kind) => {
    expect(kindFromStatus(status, message)).toBe(kind);
  });

  it('marks only transient kinds retryable', () => {
    expect(new ProviderError('rate_limited', 'x').retryable).toBe(true);
    expect(new ProviderError('network', 'x').retryable).toBe(true);
    expect(new ProviderError('bad_request', 'x').retryable).toBe(false);
    expect(new ProviderError('auth', 'x').retryable).toBe(false);
  });
});
