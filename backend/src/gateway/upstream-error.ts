import { AppError } from '../common/errors/app-error.js';
import type { ProviderError } from '../providers/provider-error.js';

/**
 * How an upstream failure reaches a gateway client. Statuses follow OpenAI's, with one deliberate change:
 * a provider rejecting *its* credentials is a 502 — the client's own key was fine.
 */
const MAP: Record<ProviderError['kind'], { status: number; code: string }> = {
  bad_request: { status: 400, code: 'upstream/bad-request' },
  context_length: { status: 400, code: 'upstream/context-length-exceeded' },
  content_filter: { status: 400, code: 'upstream/content-filter' },
  not_found: { status: 404, code: 'upstream/model-not-found' },
  auth: { status: 502, code: 'upstream/auth-failed' },
  rate_limited: { status: 429, code: 'upstream/rate-limited' },
  timeout: { status: 504, code: 'upstream/timeout' },
  overloaded: { status: 503, code: 'upstream/overloaded' },
  server_error: { status: 502, code: 'upstream/server-error' },
  network: { status: 502, code: 'upstream/network-error' },
};

export function toGatewayError(err: ProviderError): AppError {
  const { status, code } = MAP[err.kind];
  const headers: Record<string, string> = {};
  if (err.retryAfterMs !== undefined) headers['retry-after'] = String(Math.ceil(err.retryAfterMs / 1000));
  return new AppError(code, err.message, status, undefined, headers);
}
