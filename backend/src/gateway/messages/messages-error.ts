import type { NormalizedError } from '../../common/errors/error-body.js';
import type { AnthropicErrorBody } from '../../providers/anthropic/anthropic.types.js';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
};

/**
 * Renders an error the way Anthropic's API does (docs: "HTTP errors"), so Anthropic SDKs raise their
 * usual exception types. Overload (503 here) is Anthropic's 529 `overloaded_error`; other 5xx are a 500
 * `api_error`; 4xx without a type of their own are `invalid_request_error`. A body problem names each field.
 */
export function toAnthropicError(e: NormalizedError): { status: number; body: AnthropicErrorBody } {
  const status = e.status === 503 ? 529 : e.status >= 500 && e.status !== 504 ? 500 : e.status;
  const type = status === 529 ? 'overloaded_error' : (TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'));
  const fields = (e.details ?? []).map((d) => `${d.path}: ${d.message}`).join('; ');
  const message = e.code === 'request/invalid-body' && fields ? fields : e.message;
  return { status, body: { type: 'error', error: { type, message } } };
}
