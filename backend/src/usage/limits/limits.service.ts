import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.types.js';
import { type LimitStore, MemoryLimitStore, RedisLimitStore } from './limit-store.js';
import { type KeyLimits, hasLimits, judge, type Verdict } from './limits.js';

const OK: Verdict = { ok: true };
/** How long the first request of a budgeted route waits for its spend to be read from the request log. */
const SEED_WAIT_MS = 500;

/**
 * Enforces keys' rate limits and budgets at the gateway. Keys without limits cost nothing (no await, no
 * store). With Redis the counters are shared by every gateway process; when Redis cannot answer, requests
 * go through (the gateway stays up) and the failure is counted in `failOpen`.
 */
@Injectable()
export class LimitsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Limits');
  private readonly store: LimitStore;
  failOpen = 0;
  private warned = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    this.store =
      config.queue.kind === 'bull' ? new RedisLimitStore(config.queue.redisUrl, config.queue.prefix, (err) => this.warn(err)) : new MemoryLimitStore();
  }

  /** Counts the request and says whether it may go ahead; when it may, with the key's spend today (for budget downgrades). */
  async check(keyId: string, limits: KeyLimits): Promise<Verdict & { spentTodayUsd?: number }> {
    if (!hasLimits(limits)) return OK;
    const now = Date.now();
    try {
      const c = await this.store.hit(keyId, now);
      const v = judge(limits, c, now);
      return v.ok ? { ok: true, spentTodayUsd: c.spentTodayUsd } : v;
    } catch (err) {
      this.failOpen++;
      this.warn(err as Error);
      return OK;
    }
  }

  /** Adds a finished request's tokens and cost to its key's counters. */
  record(keyId: string, limits: KeyLimits, tokens: number, costUsd: number | undefined): void {
    if (hasLimits(limits)) this.store.add(keyId, tokens, costUsd ?? 0, Date.now());
  }

  private readonly seededRoutes = new Set<string>();

  /**
   * Today's spend of a route with a daily budget of its own (counter `route:<alias>`). The first call in a
   * process raises the counter to what the request log says the route spent today, so a restart or a Redis
   * flush does not reset it; it waits for that read at most {@link SEED_WAIT_MS} (a slow or absent database
   * must not hold requests up; the seed then lands a moment later). When the store cannot answer,
   * undefined: the route is served as if under budget.
   */
  async routeSpentToday(alias: string): Promise<number | undefined> {
    const id = `route:${alias}`;
    if (!this.seededRoutes.has(alias)) {
      this.seededRoutes.add(alias);
      const seeding = this.seedRouteFromLog(alias, id).catch((err: Error) => {
        this.seededRoutes.delete(alias);
        this.warn(err);
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([seeding, new Promise((r) => (timer = setTimeout(r, SEED_WAIT_MS)))]);
      clearTimeout(timer);
    }
    try {
      return (await this.store.hit(id, Date.now())).spentTodayUsd;
    } catch (err) {
      this.failOpen++;
      this.warn(err as Error);
      return undefined;
    }
  }

  private async seedRouteFromLog(alias: string, id: string): Promise<void> {
    const now = new Date();
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const [row] = (await this.db.query(`SELECT coalesce(sum(cost_usd), 0)::float8 AS today FROM request_logs WHERE route = $1 AND at >= $2`, [
      alias,
      day,
    ])) as Array<{ today: number }>;
    await this.store.seed(id, Number(row?.today ?? 0), 0, now.getTime());
  }

  /** Adds a cost to a counter that is not a key (best effort, like {@link record}). */
  addSpend(id: string, costUsd: number): void {
    this.store.add(id, 0, costUsd, Date.now());
  }

  /** Raises budget counters to what the request log says was spent today and this month (at start, and periodically). */
  async seedFromLog(keyIds: string[]): Promise<void> {
    if (!keyIds.length) return;
    const now = new Date();
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const rows = (await this.db.query(
      `SELECT key_id, coalesce(sum(cost_usd) FILTER (WHERE at >= $2), 0)::float8 AS today, coalesce(sum(cost_usd), 0)::float8 AS month
       FROM request_logs WHERE at >= $1 AND key_id = ANY($3::uuid[]) GROUP BY key_id`,
      [month, day, keyIds],
    )) as Array<{ key_id: string; today: number; month: number }>;
    for (const r of rows) await this.store.seed(r.key_id, Number(r.today), Number(r.month), now.getTime());
  }

  private warn(err: Error): void {
    if (Date.now() - this.warned > 30_000) this.logger.warn(`rate-limit counters unavailable (${err.message}); letting requests through`);
    this.warned = Date.now();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
