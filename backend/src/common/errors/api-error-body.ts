import type { ErrorDetail } from './app-error.js';
import type { NormalizedError } from './error-body.js';

/** The admin API's error body. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
  requestId: string;
}

export function toApiError(e: NormalizedError, requestId: string): ApiErrorBody {
  return { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) }, requestId };
}
