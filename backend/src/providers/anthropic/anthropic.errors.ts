import { kindFromStatus, parseRetryAfter, ProviderError, type ProviderErrorKind } from '../provider-error.js';

/*
 * Anthropic's documented error types. The type is more precise than the status, except for the
 * generic ones (api_error, unknown types), where the status decides — a 503 `api_error` is the upstream
 * shedding load ('overloaded'), a 500 is a 'server_error'. invalid_request_error also goes through
 * kindFromStatus so a too-long prompt becomes 'context_length'.
 */
const KIND_BY_TYPE: Record<string, ProviderErrorKind> = {
  authentication_error: 'auth',
  permission_error: 'auth',
  // Billing problems are specific to the account, like bad credentials: try another account, don't retry.
  billing_error: 'auth',
  not_found_error: 'not_found',
  rate_limit_error: 'rate_limited',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
};

/** Maps an Anthropic error type (and HTTP status, when there was one) to the shared taxonomy. */
export function kindFromAnthropicError(type: string | undefined, status: number | undefined, message: string): ProviderErrorKind {
  if (type === 'invalid_request_error') return kindFromStatus(status && status >= 400 && status < 500 ? status : 400, message);
  const byType = type ? KIND_BY_TYPE[type] : undefined;
  if (byType) return byType;
  if (status !== undefined) return kindFromStatus(status, message);
  return 'server_error';
}

function parseErrorBody(text: string): { type?: string; message?: string } {
  try {
    const body = JSON.parse(text) as { error?: { type?: unknown; message?: unknown } };
    const err = body?.error;
    if (err && typeof err === 'object') {
      return { type: typeof err.type === 'string' ? err.type : undefined, message: typeof err.message === 'string' ? err.message : undefined };
    }
  } catch {
    /* not JSON: a proxy's HTML page or plain text */
  }
  return {};
}

/**
 * Builds the ProviderError for a non-2xx answer from its status, headers and (already read) body text,
 * which is Anthropic's `{"type":"error","error":{"type","message"}}` when it comes from Anthropic itself.
 */
export function errorFromResponse(status: number, headers: Record<string, string | string[] | undefined>, bodyText: string, provider: string): ProviderError {
  const { type, message } = parseErrorBody(bodyText);
  const detail = message ?? (bodyText.trim().slice(0, 500) || `HTTP ${status}`);
  return new ProviderError(kindFromAnthropicError(type, status, detail), `anthropic: ${detail}`, {
    status,
    provider,
    retryAfterMs: parseRetryAfter(headers),
  });
}

/** Builds the ProviderError for an `error` event received in the middle of a stream (no HTTP status). */
export function errorFromEvent(data: string, provider: string): ProviderError {
  const { type, message } = parseErrorBody(data);
  const detail = message ?? type ?? 'stream error';
  return new ProviderError(kindFromAnthropicError(type, undefined, detail), `anthropic: ${detail}`, { provider });
}
