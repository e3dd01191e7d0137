import type { NormalizedError } from '../common/errors/error-body.js';

/** OpenAI's error body: `{"error":{"message","type","param","code"}}`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  405: 'invalid_request_error',
  409: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** Renders a normalized error the way OpenAI's API does, so OpenAI SDKs raise their usual exception types. */
export function toOpenAIError(e: NormalizedError): OpenAIErrorBody {
  const type = TYPE_BY_STATUS[e.status] ?? (e.status >= 500 ? 'server_error' : 'invalid_request_error');
  const first = e.details?.[0];
  const message = first && !e.message.includes(first.path) ? `${e.message}: ${first.path} ${first.message}` : e.message;
  return {
    error: {
      message,
      type,
      param: first?.path ?? null,
      code: e.code.includes('/') ? e.code.slice(e.code.indexOf('/') + 1).replace(/-/g, '_') : e.code,
    },
  };
}
