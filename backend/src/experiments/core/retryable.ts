import { AppError } from '../../common/errors/app-error.js';

const CODES = new Set(['upstream/rate-limited', 'upstream/timeout', 'upstream/overloaded', 'upstream/server-error', 'upstream/network-error']);

/**
 * Whether a failed model call in a dataset run is worth trying again later (rate limits, outages), not
 * recorded as the item's result. An unknown model too: the definition was checked against the catalogue,
 * so this process's snapshot may lag behind a provider just added by another (after the chunk's last try
 * it is recorded as failed).
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof AppError) return CODES.has(err.code) || err.code.startsWith('routing/') || err.code === 'gateway/model-not-found';
  return !(err instanceof Error && err.name === 'GraderError');
}

/** A failure as a result row stores it. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: 'experiments/call-failed', message: err instanceof Error ? err.message : String(err) };
}
