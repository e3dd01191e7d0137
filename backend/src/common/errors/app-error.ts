/** One problem with a request, naming the field (`messages[0].role`) or line it concerns. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * An error with a stable machine-readable `code` (`'<domain>/<what>'`) and the HTTP status to answer with.
 * Domains subclass or instantiate it; the surface filters render it as `/api` or OpenAI-shaped errors.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. `retry-after` on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
