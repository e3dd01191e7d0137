import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProvidersAndKeys1764000001000 implements MigrationInterface {
  name = 'ProvidersAndKeys1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        kind text NOT NULL,
        base_url text NOT NULL,
        api_key_sealed text,
        headers jsonb NOT NULL DEFAULT '{}',
        options jsonb NOT NULL DEFAULT '{}',
        timeouts jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES provider_accounts(id) ON DELETE CASCADE,
        model text NOT NULL,
        input_price_per_m numeric(12, 4),
        output_price_per_m numeric(12, 4),
        context_window integer,
        capabilities jsonb NOT NULL DEFAULT '[]',
        simulated boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (account_id, model)
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_keys');
    await q.query('DROP TABLE models');
    await q.query('DROP TABLE provider_accounts');
  }
}
