import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig, runsWorkers } from '../config/config.types.js';
import { type RequestLogRecord, RequestLogBuffer } from './request-log-buffer.js';
import { insertStatement } from './request-log-rows.js';

const FLUSH_MS = 200;
/**
 * Rows per INSERT. The embedded database (PGlite) runs its WebAssembly on the event loop, so a large insert
 * stalls every request meanwhile (a profile showed 45–240 ms stalls at 1,000 rows): it gets small batches,
 * with a turn of the event loop between them.
 */
const BATCH = { postgres: 1_000, embedded: 100 } as const;
const RETRY_MAX_MS = 5_000;
const DAY_MS = 86_400_000;

/**
 * Drains the request-log buffer into PostgreSQL: every 200 ms, in multi-row inserts of up to 1,000 rows,
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
      const { sql, params } = insertStatement(this.pending);
      try {
        await this.db.query(sql, params);
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
      this.written += this.pending.length;
      this.pending = [];
      if (this.config.database.kind === 'embedded') await new Promise((r) => setImmediate(r));
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
