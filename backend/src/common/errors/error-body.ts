import { HttpException } from '@nestjs/common';
import { AppError, type ErrorDetail } from './app-error.js';

/** What any thrown value means to a client: never a stack trace, never an internal message for a 5xx. */
export interface NormalizedError {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
}

const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'request/malformed-json', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'request/empty-body', message: 'The request body is empty but content-type is application/json' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'request/unsupported-media-type', message: 'Unsupported content-type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'request/body-too-large', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'request/invalid-content-length', message: 'content-length does not match the body' },
};

const STATUS_CODES: Record<number, string> = {
  400: 'request/bad-request',
  401: 'auth/unauthorized',
  403: 'auth/forbidden',
  404: 'request/not-found',
  405: 'request/method-not-allowed',
  413: 'request/body-too-large',
  415: 'request/unsupported-media-type',
  429: 'request/rate-limited',
};

const isFastifyError = (e: unknown): boolean => typeof (e as { code?: unknown })?.code === 'string' && String((e as { code: string }).code).startsWith('FST_');

export function normalizeError(err: unknown): NormalizedError {
  if (err instanceof AppError) {
    return { status: err.status, code: err.code, message: err.message, details: err.details, headers: err.headers };
  }
  // Nest wraps Fastify's own 4xx errors (body too large, bad content-type…) in an HttpException.
  if (err instanceof HttpException && isFastifyError(err.cause)) return normalizeError(err.cause);
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const message =
      typeof body === 'string'
        ? body
        : Array.isArray((body as { message?: unknown }).message)
          ? (body as { message: string[] }).message.join('; ')
          : String((body as { message?: unknown }).message ?? err.message);
    if (status >= 500) return { status, code: 'server/internal', message: 'Internal server error' };
    return { status, code: STATUS_CODES[status] ?? 'request/error', message };
  }
  const fastifyCode = (err as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && fastifyCode in FASTIFY_CODES) {
    const known = FASTIFY_CODES[fastifyCode];
    const status = Number((err as { statusCode?: unknown }).statusCode) || 400;
    return { status, code: known.code, message: known.message };
  }
  const statusCode = Number((err as { statusCode?: unknown })?.statusCode);
  if (statusCode >= 400 && statusCode < 500 && err instanceof Error) {
    return { status: statusCode, code: STATUS_CODES[statusCode] ?? 'request/error', message: err.message };
  }
  return { status: 500, code: 'server/internal', message: 'Internal server error' };
}
