import { AppError } from '../../common/errors/app-error.js';
import { describeError, isRetryable } from './retryable.js';

describe('isRetryable', () => {
  it('retries rate limits, timeouts, overloads, outages and routing with no healthy target, not bad requests', () => {
    expect(isRetryable(new AppError('upstream/rate-limited', 'slow down', 429))).toBe(true);
    expect(isRetryable(new AppError('upstream/server-error', 'boom', 502))).toBe(true);
    expect(isRetryable(new AppError('routing/no-healthy-target', 'all open', 503))).toBe(true);
    expect(isRetryable(new AppError('upstream/bad-request', 'bad', 400))).toBe(false);
    expect(isRetryable(new AppError('upstream/auth-failed', 'key', 502))).toBe(false);
    expect(isRetryable(new AppError('upstream/context-length-exceeded', 'too long', 400))).toBe(false);
  });

  it('retries a model this process does not know yet (its catalogue snapshot may lag behind another process)', () => {
    expect(isRetryable(new AppError('gateway/model-not-found', 'no such model', 404))).toBe(true);
  });

  it('describes an error by its stable code', () => {
    expect(describeError(new AppError('upstream/bad-request', 'bad', 400))).toEqual({ code: 'upstream/bad-request', message: 'bad' });
    expect(describeError(new Error('socket hang up'))).toEqual({ code: 'experiments/call-failed', message: 'socket hang up' });
  });
});
