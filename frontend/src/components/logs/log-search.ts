import type { RequestLogDto } from '../../api/types';

/**
 * Whether a loaded request matches the search box: a case-insensitive substring of its id, models, route,
 * error, variant or attempts, or of the names the page shows for it (`shown`: its key's and experiment's names).
 */
export function rowMatches(r: RequestLogDto, needle: string, shown: Array<string | null> = []): boolean {
  const n = needle.trim().toLowerCase();
  if (!n) return true;
  const fields = [
    r.requestId,
    r.model,
    r.target,
    r.route,
    r.errorCode,
    r.errorMessage,
    r.variant,
    String(r.status),
    ...shown,
    ...r.attempts.flatMap((a) => [a.target, a.error, a.skipped]),
  ];
  return fields.some((f) => f?.toLowerCase().includes(n));
}
