import type { LocationQuery } from 'vue-router';

/** A query parameter as one string ('' when absent; the first when repeated). */
export function queryText(query: LocationQuery, name: string): string {
  const v = query[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** `query` with `changes` applied; empty values are dropped so the address stays short. */
export function withQuery(query: LocationQuery, changes: Record<string, string>): LocationQuery {
  const next: LocationQuery = { ...query };
  for (const [k, v] of Object.entries(changes)) {
    if (v) next[k] = v;
    else delete next[k];
  }
  return next;
}
