import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The response cache in the request log: what the cache did for each request (hit, miss, refresh, bypass;
 * null when it took no part) and, on a hit, what the stored answer cost when it was made (the money saved).
 * Nullable columns without defaults: adding them rewrites nothing, however large the log.
 */
export class RequestLogCache1764475000000 implements MigrationInterface {
  name = 'RequestLogCache1764475000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE request_logs ADD COLUMN cache text');
    await q.query('ALTER TABLE request_logs ADD COLUMN cost_saved_usd double precision');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE request_logs DROP COLUMN cost_saved_usd');
    await q.query('ALTER TABLE request_logs DROP COLUMN cache');
  }
}
