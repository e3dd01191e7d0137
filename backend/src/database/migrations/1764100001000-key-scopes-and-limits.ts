import type { MigrationInterface, QueryRunner } from 'typeorm';

export class KeyScopesAndLimits1764100001000 implements MigrationInterface {
  name = 'KeyScopesAndLimits1764100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys
      ADD COLUMN scopes jsonb NOT NULL DEFAULT '["gateway"]',
      ADD COLUMN allowed_models jsonb,
      ADD COLUMN requests_per_minute integer,
      ADD COLUMN tokens_per_minute integer,
      ADD COLUMN daily_budget_usd numeric(14, 6),
      ADD COLUMN monthly_budget_usd numeric(14, 6)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN scopes, DROP COLUMN allowed_models, DROP COLUMN requests_per_minute,
      DROP COLUMN tokens_per_minute, DROP COLUMN daily_budget_usd, DROP COLUMN monthly_budget_usd`);
  }
}
