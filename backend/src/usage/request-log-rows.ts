import type { AttemptRecord, RequestLogRecord } from './request-log-buffer.js';

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

/** A duration in milliseconds rounded to the microsecond, as every write path stores it (the columns are `real`, 7 digits). */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * `String(roundMs(ms))`, from integers: `String()` of a measured double (17 significant digits) cost
 * ~0.15 µs, and a row has three of them.
 */
export function msText(ms: number): string {
  const us = Math.round(ms * 1000);
  if (!(us >= 0 && us < 2 ** 31)) return String(roundMs(ms)); // negative, huge or not a number: no shortcut
  const whole = (us / 1000) | 0;
  const frac = us - whole * 1000;
  if (frac === 0) return String(whole);
  if (frac % 100 === 0) return whole + '.' + frac / 100;
  if (frac % 10 === 0) return whole + (frac < 100 ? '.0' : '.') + frac / 10;
  return whole + (frac < 10 ? '.00' : frac < 100 ? '.0' : '.') + frac;
}

const msOrNull = (n: number | null | undefined): string => (n === undefined || n === null ? '\\N' : msText(n));

/**
 * The attempts as JSON text, written by hand with {@link msText} latencies: JSON.stringify of the array,
 * with its doubles, was the largest part of a row. What JSON.stringify writes of the attempts with their
 * latencies rounded ({@link roundMs}), for attempts made as the gateway makes them (`latencyMs` last).
 */
export function attemptsJson(attempts: readonly AttemptRecord[] | undefined): string {
  if (!attempts || attempts.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < attempts.length; i++) {
    const a = attempts[i];
    out += (i ? ',{"target":' : '{"target":') + JSON.stringify(a.target);
    if (a.error !== undefined) out += ',"error":' + JSON.stringify(a.error);
    if (a.skipped !== undefined) out += ',"skipped":' + JSON.stringify(a.skipped);
    out += ',"latencyMs":' + (Number.isFinite(a.latencyMs) ? msText(a.latencyMs) : 'null') + '}';
  }
  return out + ']';
}

const roundedAttempts = (attempts: readonly AttemptRecord[] | undefined) => (attempts ?? []).map((a) => ({ ...a, latencyMs: roundMs(a.latencyMs) }));

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
    attemptsJson(r.attempts),
    r.stream,
    r.status,
    r.errorCode ?? null,
    r.errorMessage?.slice(0, 2000) ?? null,
    roundMs(r.latencyMs),
    r.ttftMs === undefined ? null : roundMs(r.ttftMs),
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

/** SQL type of each column, for the JSON record set below (a missing column is a compile error). */
const TYPES: Record<(typeof COLUMNS)[number], string> = {
  at: 'timestamptz',
  request_id: 'text',
  key_id: 'uuid',
  route: 'text',
  route_version: 'integer',
  experiment_id: 'uuid',
  variant: 'text',
  model: 'text',
  target: 'text',
  attempts: 'jsonb',
  stream: 'boolean',
  status: 'integer',
  error_code: 'text',
  error_message: 'text',
  latency_ms: 'real',
  ttft_ms: 'real',
  input_tokens: 'integer',
  output_tokens: 'integer',
  cached_tokens: 'integer',
  cost_usd: 'double precision',
  request_body: 'jsonb',
  response_body: 'jsonb',
  cache: 'text',
  cost_saved_usd: 'double precision',
};

/** One record as a row of the JSON batch: rowValues' order, with the time as epoch milliseconds and jsonb values as JSON, not text. */
export function jsonRowValues(r: RequestLogRecord): unknown[] {
  const u = r.usage;
  return [
    Math.trunc(r.at), // as new Date(r.at) keeps it
    r.requestId,
    r.keyId || null,
    r.route ?? null,
    r.routeVersion ?? null,
    r.experimentId ?? null,
    r.variant ?? null,
    r.model,
    r.target || null,
    roundedAttempts(r.attempts),
    r.stream,
    r.status,
    r.errorCode ?? null,
    r.errorMessage?.slice(0, 2000) ?? null,
    roundMs(r.latencyMs),
    r.ttftMs === undefined ? null : roundMs(r.ttftMs),
    u?.prompt_tokens ?? 0,
    u?.completion_tokens ?? 0,
    u?.prompt_tokens_details?.cached_tokens ?? 0,
    r.costUsd ?? null,
    r.requestBody ?? null,
    r.responseBody ?? null,
    r.cache ?? null,
    r.savedUsd ?? null,
  ];
}

/** How the INSERT reads column `c` from position `i` of a row of the JSON batch. */
function fromJson(c: (typeof COLUMNS)[number], i: number): string {
  if (c === 'at') return `to_timestamp((e->>${i})::double precision / 1000)`;
  if (TYPES[c] === 'jsonb') return `NULLIF(e->${i}, 'null'::jsonb)`;
  return `(e->>${i})::${TYPES[c]}`;
}

const JSON_INSERT =
  `INSERT INTO request_logs (${COLUMNS.join(',')}) ` +
  `SELECT ${COLUMNS.map(fromJson).join(',')} ` +
  `FROM jsonb_array_elements($1::jsonb) AS e ON CONFLICT DO NOTHING`;

/**
 * The same INSERT with the whole batch as one JSON parameter (an array of row arrays): the gateway's process
 * serialises a batch with one native `JSON.stringify` instead of binding a parameter per column and row
 * (node-postgres' per-value serialisation was ~18 µs per request in the gateway's profile), and the server
 * parses it. Rows carry numbers and nested JSON rather than `Date`s and JSON text (whose `toJSON` and
 * double escaping made serialising a row ~2 µs; ~1 µs as numbers and nested values).
 */
export function jsonInsertStatement(records: readonly RequestLogRecord[]): { sql: string; params: unknown[] } {
  const rows = new Array<unknown[]>(records.length);
  for (let i = 0; i < records.length; i++) rows[i] = jsonRowValues(records[i]);
  return { sql: JSON_INSERT, params: [JSON.stringify(rows)] };
}

/** `COPY … FROM '/dev/blob'`: PGlite reads the rows from a blob handed to the query (embedded database only). */
export const COPY_SQL = `COPY request_logs (${COLUMNS.join(',')}) FROM '/dev/blob'`;

/** The same COPY on PostgreSQL, the rows streamed after it (pg-copy-streams). */
export const COPY_STDIN_SQL = `COPY request_logs (${COLUMNS.join(',')}) FROM STDIN`;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escape = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : s);

/** COPY's text format for a value that may be absent: `\N` for null, otherwise the text escaped. */
const text = (s: string | null | undefined): string => (s === undefined || s === null ? '\\N' : escape(s));
const num = (n: number | null | undefined): string => (n === undefined || n === null ? '\\N' : String(n));
const jsonText = (v: unknown): string => (v === undefined || v === null ? '\\N' : escape(JSON.stringify(v)));

let isoSecond = NaN;
let isoPrefix = '';
/**
 * `new Date(ms).toISOString()` (~0.8 µs a call), with the part up to the second kept from the previous call:
 * the rows of a batch mostly share their second.
 */
export function isoTime(at: number): string {
  const ms = Math.trunc(at);
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond || !(ms >= 0)) {
    const iso = new Date(ms).toISOString();
    if (!(ms >= 0) || iso.length !== 24) return iso; // before 1970 or after 9999: no shortcut
    isoSecond = second;
    isoPrefix = iso.slice(0, 20);
  }
  const rest = ms - second * 1000;
  return isoPrefix + (rest < 10 ? '00' : rest < 100 ? '0' : '') + rest + 'Z';
}

/**
 * A batch in COPY's text format (tab-separated, one line per row, {@link COLUMNS} order; `\N` for null,
 * booleans as t/f, timestamps in ISO 8601, JSON as its text, `\`, tab, newline and CR escaped). The line is
 * written field by field, without the intermediate array of {@link rowValues}.
 * COPY costs PostgreSQL about two thirds of the CPU per row of the JSON INSERT (16 against 25 µs measured
 * with this table's indexes) and PGlite about a third of a multi-row INSERT. COPY has no ON CONFLICT: a
 * batch it refuses is written again with {@link jsonInsertStatement}.
 */
export function copyText(records: readonly RequestLogRecord[]): string {
  let out = '';
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const u = r.usage;
    out +=
      isoTime(r.at) +
      '\t' +
      escape(r.requestId) +
      '\t' +
      text(r.keyId || null) +
      '\t' +
      text(r.route) +
      '\t' +
      num(r.routeVersion) +
      '\t' +
      text(r.experimentId) +
      '\t' +
      text(r.variant) +
      '\t' +
      escape(r.model) +
      '\t' +
      text(r.target || null) +
      '\t' +
      escape(attemptsJson(r.attempts)) +
      '\t' +
      (r.stream ? 't' : 'f') +
      '\t' +
      String(r.status) +
      '\t' +
      text(r.errorCode) +
      '\t' +
      text(r.errorMessage?.slice(0, 2000)) +
      '\t' +
      msText(r.latencyMs) +
      '\t' +
      msOrNull(r.ttftMs) +
      '\t' +
      String(u?.prompt_tokens ?? 0) +
      '\t' +
      String(u?.completion_tokens ?? 0) +
      '\t' +
      String(u?.prompt_tokens_details?.cached_tokens ?? 0) +
      '\t' +
      num(r.costUsd) +
      '\t' +
      jsonText(r.requestBody) +
      '\t' +
      jsonText(r.responseBody) +
      '\t' +
      text(r.cache) +
      '\t' +
      num(r.savedUsd) +
      '\n';
  }
  return out;
}
