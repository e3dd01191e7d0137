import { ApiError } from '../api/client';

/** The text to show for a failed call: the backend's own message, or `fallback` for anything unexpected. */
export function errorMessage(e: unknown, fallback: string): string {
  return e instanceof ApiError ? e.message : fallback;
}
