import type { RequestLogRecord } from './request-log-buffer.js';

/** Columns of `request_logs` in insert order. */
export const COLUMNS = [
  'at',
  'request_id',
  'key_id',
  'route',
  'route_version',
  'experiment_id',
  'variant',
  'model',
  'target',
  'attempts',
  'stream',
  'status',
  'error_code',
  'error_message',
  'latency_ms',
  'ttft_ms',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'cost_usd',
  'request_body',
  'response_body',
  'cache',
  'cost_saved_usd',
] as const;

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** One record as the parameter values of its row, in {@link COLUMNS} order. */
export function rowValues(r: RequestLogRecord): unknown[] {
  const u = r.usage;
  return [
    new Date(r.at),
    r.requestId,
    r.keyId || null,
    r.route ?? null,
    r.routeVersion ?? null,
    r.experimentId ?? null,
    r.variant ?? null,
    r.model,
    r.target || null,
    JSON.stringify(r.attempts ?? []),
    r.stream,
    r.status,
    r.errorCode ?? null,
    r.errorMessage?.slice(0, 2000) ?? null,
    r.latencyMs,
    r.ttftMs ?? null,
    u?.prompt_tokens ?? 0,
    u?.completion_tokens ?? 0,
    u?.prompt_tokens_details?.cached_tokens ?? 0,
    r.costUsd ?? null,
    json(r.requestBody),
    json(r.responseBody),
    r.cache ?? null,
    r.savedUsd ?? null,
  ];
}

/**
 * One multi-row INSERT for a batch. A re-sent batch (the database committed but the answer was lost)
 * changes nothing thanks to the (at, request_id) key.
 */
export function insertStatement(records: readonly RequestLogRecord[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const rows: string[] = [];
  for (const r of records) {
    const base = params.length;
    for (const v of rowValues(r)) params.push(v);
    rows.push(`(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(',')})`);
  }
  return { sql: `INSERT INTO request_logs (${COLUMNS.join(',')}) VALUES ${rows.join(',')} ON CONFLICT DO NOTHING`, params };
}
