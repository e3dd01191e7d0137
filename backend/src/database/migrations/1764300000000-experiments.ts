import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Experiments1764300000000 implements MigrationInterface {
  name = 'Experiments1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE experiments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        hypothesis text NOT NULL DEFAULT '',
        kind text NOT NULL,
        status text NOT NULL,
        spec jsonb NOT NULL,
        dataset_version_id uuid REFERENCES dataset_versions(id) ON DELETE RESTRICT,
        total integer NOT NULL DEFAULT 0,
        error text,
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    // One row per (experiment, variant, item): the unique key makes a re-delivered job a no-op.
    await q.query(`
      CREATE TABLE experiment_results (
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        variant text NOT NULL,
        item_idx integer NOT NULL,
        ok boolean NOT NULL,
        output text,
        tool_calls jsonb,
        error_code text,
        error_message text,
        target text,
        latency_ms real NOT NULL,
        input_tokens integer NOT NULL DEFAULT 0,
        output_tokens integer NOT NULL DEFAULT 0,
        cost_usd double precision NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (experiment_id, variant, item_idx)
      )`);
    // One row per (result, grader); keyed so that pairing candidate and control by item is an index join.
    await q.query(`
      CREATE TABLE experiment_scores (
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        grader text NOT NULL,
        variant text NOT NULL,
        item_idx integer NOT NULL,
        score real,
        pass boolean,
        reason text NOT NULL DEFAULT '',
        error text,
        cost_usd double precision NOT NULL DEFAULT 0,
        PRIMARY KEY (experiment_id, grader, variant, item_idx)
      )`);
    await q.query(`
      CREATE TABLE promotions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        experiment_id uuid REFERENCES experiments(id) ON DELETE SET NULL,
        route text NOT NULL,
        variant text NOT NULL,
        model text NOT NULL,
        status text NOT NULL,
        steps jsonb NOT NULL,
        step integer NOT NULL DEFAULT 0,
        step_started_at timestamptz,
        base_version integer NOT NULL,
        guardrails jsonb NOT NULL,
        history jsonb NOT NULL DEFAULT '[]',
        reason text NOT NULL DEFAULT '',
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX promotions_one_active_per_route ON promotions (route) WHERE status IN ('ramping', 'paused')`);
    await q.query(`ALTER TABLE route_versions ADD COLUMN source text NOT NULL DEFAULT 'api'`);
    await q.query(`ALTER TABLE route_versions ADD COLUMN promotion_id uuid`);
    await q.query('CREATE INDEX request_logs_experiment ON request_logs (experiment_id, variant) WHERE experiment_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX request_logs_experiment');
    await q.query('ALTER TABLE route_versions DROP COLUMN promotion_id');
    await q.query('ALTER TABLE route_versions DROP COLUMN source');
    await q.query('DROP TABLE promotions');
    await q.query('DROP TABLE experiment_scores');
    await q.query('DROP TABLE experiment_results');
    await q.query('DROP TABLE experiments');
  }
}
