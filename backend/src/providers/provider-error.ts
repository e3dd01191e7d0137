/** The shared error taxonomy every adapter maps its provider's failures into. */
export type ProviderErrorKind =
  'bad_request' | 'auth' | 'not_found' | 'rate_limited' | 'timeout' | 'overloaded' | 'server_error' | 'context_length' | 'content_filter' | 'network';

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['rate_limited', 'timeout', 'overloaded', 'server_error', 'network']);

export class ProviderError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly opts: { status?: number; retryAfterMs?: number; provider?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ProviderError';
    this.retryable = RETRYABLE.has(kind);
  }

  /** The upstream HTTP status, when there was one. */
  get status(): number | undefined {
    return this.opts.status;
  }

  get retryAfterMs(): number | undefined {
    return this.opts.retryAfterMs;
  }
}

/** Reads `retry-after` (seconds or an HTTP date) or `retry-after-ms` into milliseconds. */
export function parseRetryAfter(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const ms = headers['retry-after-ms'];
  if (typeof ms === 'string' && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const v = headers['retry-after'];
  if (typeof v !== 'string') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const CONTEXT_HINT = /context[_ ]length|maximum context|too many tokens|prompt is too long|input is too long|exceeds the (maximum|context)/i;
const FILTER_HINT = /content[_ ]filter|content management policy|safety|blocked/i;

/**
 * Maps an upstream HTTP failure to the taxonomy by status, refined by the provider's error message/code
 * (context-length and content-filter failures arrive as 400s on most providers).
 */
export function kindFromStatus(status: number, messageOrCode = ''): ProviderErrorKind {
  if (status === 400 || status === 413 || status === 422) {
    if (CONTEXT_HINT.test(messageOrCode)) return 'context_length';
    if (FILTER_HINT.test(messageOrCode)) return 'content_filter';
    return status === 413 ? 'context_length' : 'bad_request';
  }
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}
