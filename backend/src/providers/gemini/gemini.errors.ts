import { kindFromStatus, parseRetryAfter, ProviderError, type ProviderErrorKind } from '../provider-error.js';
import type { GeminiErrorBody } from './gemini.types.js';

/** Google's canonical status names that settle the kind whatever the HTTP status says. */
const KIND_BY_STATUS: Record<string, ProviderErrorKind> = {
  UNAUTHENTICATED: 'auth',
  PERMISSION_DENIED: 'auth',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limited',
  UNAVAILABLE: 'overloaded',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'server_error',
};

// Google answers a bad key with 400 INVALID_ARGUMENT, not 401.
const BAD_KEY = /API key not valid|API_KEY_INVALID|API key expired/i;
// e.g. "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."
const TOKEN_LIMIT = /\btokens?\b.*\b(limit|exceed|maximum|allowed)|too long/i;

/** The `error` object of a Google error body; the non-SSE stream endpoint wraps it in an array. */
function parseBody(text: string): NonNullable<GeminiErrorBody['error']> | undefined {
  try {
    const parsed = JSON.parse(text) as GeminiErrorBody | GeminiErrorBody[];
    return (Array.isArray(parsed) ? parsed[0] : parsed)?.error;
  } catch {
    return undefined;
  }
}

/** Google also states the back-off in the body as a `google.rpc.RetryInfo` detail, e.g. `"retryDelay": "7s"`. */
function retryDelayMs(details: Array<Record<string, unknown>> | undefined): number | undefined {
  for (const d of details ?? []) {
    const m = typeof d.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay) : null;
    if (m) return Math.round(Number(m[1]) * 1000);
  }
  return undefined;
}

function classify(status: number, code: string, message: string): ProviderErrorKind {
  if (BAD_KEY.test(message)) return 'auth';
  if (code === 'INVALID_ARGUMENT' || code === 'FAILED_PRECONDITION') {
    if (TOKEN_LIMIT.test(message)) return 'context_length';
    const kind = kindFromStatus(400, message);
    return kind === 'content_filter' ? kind : 'bad_request';
  }
  return KIND_BY_STATUS[code] ?? kindFromStatus(status, `${code} ${message}`);
}

/**
 * Maps a non-2xx Gemini answer (`{"error":{"code","message","status"}}`) to a ProviderError: the HTTP
 * status first, refined by Google's status name and message.
 */
export function geminiHttpError(status: number, headers: Record<string, string | string[] | undefined>, bodyText: string, provider: string): ProviderError {
  const error = parseBody(bodyText);
  const message = error?.message || bodyText.trim().slice(0, 500) || `HTTP ${status}`;
  const kind = classify(status, error?.status ?? '', message);
  const retryAfterMs = parseRetryAfter(headers) ?? retryDelayMs(error?.details);
  return new ProviderError(kind, `gemini: ${message}`, { status, provider, ...(retryAfterMs !== undefined && { retryAfterMs }) });
}
