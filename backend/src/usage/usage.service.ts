import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import type { RequestLogDetailDto, RequestLogDto, RequestsQueryDto, TimeseriesQueryDto, UsageGroup, UsageQueryDto, UsageRowDto } from './usage.dto.js';

const DAY_MS = 86_400_000;

/** SQL for the group column of each grouping (all are fixed strings: nothing from the request is spliced in). */
const GROUP_SQL: Record<UsageGroup, string> = {
  key: `coalesce(k.name, '')`,
  route: `coalesce(l.route, '')`,
  model: `coalesce(l.target, '')`,
  day: `to_char(date_trunc('day', l.at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
  none: `''`,
};

const AGGREGATES = `
  count(*)::int AS requests,
  count(*) FILTER (WHERE l.status >= 400)::int AS errors,
  coalesce(sum(l.input_tokens), 0)::bigint AS input_tokens,
  coalesce(sum(l.output_tokens), 0)::bigint AS output_tokens,
  coalesce(sum(l.cost_usd), 0)::float8 AS cost_usd,
  count(*) FILTER (WHERE l.cache = 'hit')::int AS cache_hits,
  count(*) FILTER (WHERE l.cache = 'miss')::int AS cache_misses,
  coalesce(sum(l.cost_saved_usd), 0)::float8 AS saved_usd,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY l.latency_ms) AS p50,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY l.latency_ms) AS p95,
  percentile_cont(0.99) WITHIN GROUP (ORDER BY l.latency_ms) AS p99,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY l.ttft_ms) AS ttft50`;

interface AggRow {
  grp: string;
  key_id?: string | null;
  bucket?: Date | string;
  requests: number;
  errors: number;
  input_tokens: string | number;
  output_tokens: string | number;
  cost_usd: number;
  cache_hits: number;
  cache_misses: number;
  saved_usd: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  ttft50: number | null;
}

const ms = (v: number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);

function toRow(r: AggRow): UsageRowDto {
  const requests = Number(r.requests);
  const errors = Number(r.errors);
  const row: UsageRowDto = {
    group: r.grp,
    requests,
    errors,
    errorRate: requests ? errors / requests : 0,
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    costUsd: Number(r.cost_usd),
    cacheHits: Number(r.cache_hits),
    cacheMisses: Number(r.cache_misses),
    cacheHitRate: Number(r.cache_hits) + Number(r.cache_misses) ? Number(r.cache_hits) / (Number(r.cache_hits) + Number(r.cache_misses)) : null,
    savedUsd: Number(r.saved_usd),
    latencyP50Ms: ms(r.p50),
    latencyP95Ms: ms(r.p95),
    latencyP99Ms: ms(r.p99),
    ttftP50Ms: ms(r.ttft50),
  };
  if (r.key_id) row.keyId = r.key_id;
  return row;
}

/** Spend and usage by SQL aggregation over the request log. */
@Injectable()
export class UsageService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private window(q: UsageQueryDto): { from: Date; to: Date } {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY_MS);
    if (from >= to) throw new AppError('request/invalid-query', 'from must be before to', 400, [{ path: 'from', message: 'must be before to' }]);
    return { from, to };
  }

  private filters(q: UsageQueryDto, params: unknown[]): string {
    const where = ['l.at >= $1', 'l.at < $2'];
    if (q.keyId) where.push(`l.key_id = $${params.push(q.keyId)}`);
    if (q.route) where.push(`l.route = $${params.push(q.route)}`);
    return where.join(' AND ');
  }

  async summary(q: UsageQueryDto): Promise<{ from: Date; to: Date; groupBy: UsageGroup; rows: UsageRowDto[] }> {
    const { from, to } = this.window(q);
    const groupBy = q.groupBy ?? 'none';
    const params: unknown[] = [from, to];
    const where = this.filters(q, params);
    const keyCol = groupBy === 'key' ? ', l.key_id' : '';
    const rows = (await this.db.query(
      `SELECT ${GROUP_SQL[groupBy]} AS grp${keyCol}, ${AGGREGATES}
       FROM request_logs l LEFT JOIN api_keys k ON k.id = l.key_id
       WHERE ${where} GROUP BY 1${keyCol ? ', 2' : ''} ORDER BY cost_usd DESC, requests DESC`,
      params,
    )) as AggRow[];
    return { from, to, groupBy, rows: rows.map(toRow) };
  }

  async timeseries(q: TimeseriesQueryDto) {
    const { from, to } = this.window(q);
    const groupBy = q.groupBy ?? 'none';
    const interval = q.interval ?? 'hour';
    const buckets = (to.getTime() - from.getTime()) / { minute: 60_000, hour: 3_600_000, day: DAY_MS }[interval];
    if (buckets > 5_000)
      throw new AppError('request/invalid-query', `${Math.ceil(buckets)} ${interval} buckets is too many (at most 5,000): choose a wider interval`, 400, [
        { path: 'interval', message: 'too fine for the time range' },
      ]);
    const params: unknown[] = [from, to];
    const where = this.filters(q, params);
    const rows = (await this.db.query(
      `SELECT date_trunc('${interval}', l.at) AS bucket, ${GROUP_SQL[groupBy]} AS grp, ${AGGREGATES}
       FROM request_logs l LEFT JOIN api_keys k ON k.id = l.key_id
       WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    )) as AggRow[];
    return { from, to, interval, groupBy, points: rows.map((r) => ({ bucket: new Date(r.bucket!).toISOString(), ...toRow(r) })) };
  }

  async requests(q: RequestsQueryDto): Promise<RequestLogDto[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.before) where.push(`at < $${params.push(new Date(q.before))}`);
    if (q.from) where.push(`at >= $${params.push(new Date(q.from))}`);
    if (q.model) where.push(`(model = $${params.push(q.model)} OR target = $${params.length})`);
    if (q.experimentId) where.push(`experiment_id = $${params.push(q.experimentId)}`);
    if (q.route) where.push(`route = $${params.push(q.route)}`);
    if (q.keyId) where.push(`key_id = $${params.push(q.keyId)}`);
    if (q.status) where.push(q.status === 'ok' ? 'status < 400' : 'status >= 400');
    if (q.cache) where.push(`cache = $${params.push(q.cache)}`);
    const rows = (await this.db.query(
      `SELECT ${LIST_COLUMNS} FROM request_logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC LIMIT ${q.limit ?? 50}`,
      params,
    )) as LogRow[];
    return rows.map(toLog);
  }

  async request(requestId: string): Promise<RequestLogDetailDto> {
    const [row] = (await this.db.query(`SELECT ${LIST_COLUMNS}, request_body, response_body FROM request_logs WHERE request_id = $1 LIMIT 1`, [
      requestId,
    ])) as LogRow[];
    if (!row)
      throw new AppError(
        'usage/request-not-found',
        `No logged request with id ${requestId} (logs are written within a second, and purged after the retention period)`,
        404,
      );
    const out: RequestLogDetailDto = toLog(row);
    if (row.request_body !== null) out.requestBody = parseJson(row.request_body);
    if (row.response_body !== null) out.responseBody = parseJson(row.response_body);
    return out;
  }
}

const LIST_COLUMNS = `at, request_id, key_id, model, route, route_version, experiment_id, variant, target, attempts, stream, status, error_code, error_message, latency_ms, ttft_ms, input_tokens, output_tokens, cached_tokens, cost_usd, cache, cost_saved_usd`;

interface LogRow {
  at: Date;
  request_id: string;
  key_id: string | null;
  model: string;
  route: string | null;
  route_version: number | null;
  experiment_id: string | null;
  variant: string | null;
  target: string | null;
  attempts: unknown;
  stream: boolean;
  status: number;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number;
  ttft_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number | null;
  cache: string | null;
  cost_saved_usd: number | null;
  request_body?: unknown;
  response_body?: unknown;
}

const parseJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

function toLog(r: LogRow): RequestLogDto {
  return {
    requestId: r.request_id,
    at: new Date(r.at).toISOString(),
    keyId: r.key_id,
    model: r.model,
    route: r.route,
    routeVersion: r.route_version === null ? null : Number(r.route_version),
    experimentId: r.experiment_id,
    variant: r.variant,
    target: r.target,
    attempts: parseJson(r.attempts) as RequestLogDto['attempts'],
    stream: r.stream,
    status: Number(r.status),
    errorCode: r.error_code,
    errorMessage: r.error_message,
    latencyMs: Number(r.latency_ms),
    ttftMs: r.ttft_ms === null ? null : Number(r.ttft_ms),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    cachedTokens: Number(r.cached_tokens),
    costUsd: r.cost_usd === null ? null : Number(r.cost_usd),
    cache: r.cache as RequestLogDto['cache'],
    savedUsd: r.cost_saved_usd === null ? null : Number(r.cost_saved_usd),
  };
}
