import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { once } from 'node:events';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig, runsWorkers } from '../config/config.types.js';
import type { PGliteClient } from '../database/pglite-pool.js';
import { type RequestLogRecord, RequestLogBuffer } from './request-log-buffer.js';
import { COPY_SQL, COPY_STDIN_SQL, copyText, insertStatement, jsonInsertStatement } from './request-log-rows.js';

/**
 * Every 50 ms: against 200 ms, the gateway's CPU per request was 8% lower at the median of six A/B rounds under
 * load, with PostgreSQL's CPU per row unchanged within the noise (docs/benchmarks.md, "Fifth pass: the young
 * generation, the log's tick, and rounds"). The batch is ~200 rows at 4,000 requests/s, so its COPY text is
 * built and sent in smaller bursts.
 */
const FLUSH_MS = 50;
/**
 * Rows per statement. The embedded database (PGlite) runs its WebAssembly on the event loop, so a large write
 * stalls every request meanwhile (a profile showed 45–240 ms stalls at 1,000 rows by INSERT): it gets
 * smaller batches by COPY (250 rows cost about the CPU of 100 by INSERT), with a turn of the event loop
 * between them.
 */
const BATCH = { postgres: 1_000, embedded: 250 } as const;
const RETRY_MAX_MS = 5_000;
const DAY_MS = 86_400_000;

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/** SQLSTATE class 22 (data exception): the batch's content, not the database, is at fault. */
function isDataError(err: unknown): boolean {
  return sqlState(err)?.startsWith('22') ?? false;
}

/**
 * Drains the request-log buffer into PostgreSQL: every 50 ms, in batches of up to 1,000 rows,
 * off the request path. When the database is down the batch in hand is retried with backoff (up to 5 s)
 * while the buffer keeps absorbing new records; whatever overflows the buffer is counted as dropped.
 * Also purges records older than the retention setting once a day.
 */
@Injectable()
export class RequestLogWriter implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('RequestLogWriter');
  private timer?: NodeJS.Timeout;
  private purgeTimer?: NodeJS.Timeout;
  private pending: RequestLogRecord[] = [];
  private flushing?: Promise<void>;
  private retryAt = 0;
  private failures = 0;
  written = 0;
  writeErrors = 0;
  /** Records the database refused for their content (see {@link write}). */
  rejected = 0;

  constructor(
    private readonly buffer: RequestLogBuffer,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
    if (runsWorkers(this.config)) {
      const purge = () => void this.purge().catch((err: Error) => this.logger.warn(`request log purge failed: ${err.message}`));
      purge();
      this.purgeTimer = setInterval(purge, DAY_MS);
      this.purgeTimer.unref();
    }
  }

  /** Writes everything buffered; concurrent calls share one flush. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (Date.now() < this.retryAt) return;
      if (!this.pending.length) this.pending = this.buffer.drain(BATCH[this.config.database.kind]);
      if (!this.pending.length) return;
      const rejectedBefore = this.rejected;
      try {
        await this.write(this.pending);
      } catch (err) {
        this.writeErrors++;
        this.failures++;
        const wait = Math.min(RETRY_MAX_MS, 100 * 2 ** this.failures);
        this.retryAt = Date.now() + wait;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn(
            `request log write failed (${(err as Error).message}); retrying in ${wait} ms, ${this.buffer.depth + this.pending.length} records waiting`,
          );
        }
        return;
      }
      if (this.failures) this.logger.log(`request log writes resumed after ${this.failures} failed attempts`);
      this.failures = 0;
      this.written += this.pending.length - (this.rejected - rejectedBefore);
      this.pending = [];
      if (this.config.database.kind === 'embedded') await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * One batch by COPY (PostgreSQL: `FROM STDIN`; PGlite: from a blob). A batch COPY refuses (a duplicate id,
   * or a NUL or a lone surrogate in a text) is written again by one INSERT with the batch as a JSON parameter,
   * which skips duplicates, and a batch the INSERT refuses for its data is written row by row with bound
   * parameters: a row still refused is dropped and counted, so one bad record cannot stop the log. Any other
   * error (database down) is thrown and the batch retried.
   */
  private async write(batch: RequestLogRecord[]): Promise<void> {
    try {
      return await this.copy(batch);
    } catch (err) {
      // COPY has no ON CONFLICT (a re-sent or duplicate id) and no per-row tolerance: the INSERT below has both.
      if (sqlState(err) !== '23505' && !isDataError(err)) {
        if (this.config.database.kind !== 'embedded') throw err;
        this.logger.warn(`request log COPY failed, writing by INSERT: ${(err as Error).message}`);
      }
    }
    const { sql, params } = jsonInsertStatement(batch);
    try {
      await this.db.query(sql, params);
    } catch (err) {
      if (!isDataError(err)) throw err;
      await this.rowByRow(batch);
    }
  }

  private async copy(batch: RequestLogRecord[]): Promise<void> {
    if (this.config.database.kind === 'embedded') {
      // A query runner holds a connection of its own, so the COPY never lands inside another caller's transaction.
      const runner = this.db.createQueryRunner();
      try {
        await ((await runner.connect()) as PGliteClient).copyFrom(COPY_SQL, copyText(batch));
      } finally {
        await runner.release();
      }
      return;
    }
    // A client of its own straight from the driver's pool: a query runner built an EntityManager each time
    // (~0.35 ms of the event loop a batch, 20 batches a second, in the gateway's profile).
    const client = await (this.db.driver as unknown as { master: Pool }).master.connect();
    try {
      // pg-copy-streams emits 'finish' once PostgreSQL has confirmed the COPY, 'error' when it refused it.
      const stream = client.query(copyFrom(COPY_STDIN_SQL));
      stream.end(copyText(batch));
      await once(stream, 'finish');
    } finally {
      client.release();
    }
  }

  private async rowByRow(batch: RequestLogRecord[]): Promise<void> {
    for (const r of batch) {
      const { sql, params } = insertStatement([r]);
      try {
        await this.db.query(sql, params);
      } catch (err) {
        if (!isDataError(err)) throw err;
        this.rejected++;
        this.logger.warn(`request log record ${r.requestId} refused by the database and dropped: ${(err as Error).message}`);
      }
    }
  }

  async purge(): Promise<number> {
    const res = (await this.db.query(`DELETE FROM request_logs WHERE at < now() - make_interval(days => $1)`, [this.config.usage.retentionDays])) as unknown;
    const affected = Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0;
    if (affected) this.logger.log(`purged ${affected} request logs older than ${this.config.usage.retentionDays} days`);
    return affected;
  }

  /** Waiting on the database during shutdown is bounded by the process's shutdown timeout. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.purgeTimer);
    this.retryAt = 0;
    await this.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    // Requests that finished while the HTTP server drained.
    this.retryAt = 0;
    await this.flush().catch(() => undefined);
    const lost = this.buffer.depth + this.pending.length;
    if (lost) this.logger.warn(`${lost} request log records could not be written before shutdown`);
  }
}
