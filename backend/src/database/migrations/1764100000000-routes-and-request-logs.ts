import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RoutesAndRequestLogs1764100000000 implements MigrationInterface {
  name = 'RoutesAndRequestLogs1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE routes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alias text NOT NULL UNIQUE,
        current_version integer NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE route_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        route_id uuid NOT NULL REFERENCES routes(id) ON DELETE CASCADE,
        version integer NOT NULL,
        spec jsonb NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL DEFAULT '',
        rollback_of integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (route_id, version)
      )`);
    // One row per gateway request. The primary key leads with the time so the table can be turned into a
    // range-partitioned table by day or month (PostgreSQL requires the partition key in every unique key).
    await q.query(`
      CREATE TABLE request_logs (
        at timestamptz NOT NULL,
        request_id text NOT NULL,
        key_id uuid,
        route text,
        route_version integer,
        experiment_id uuid,
        variant text,
        model text NOT NULL,
        target text,
        attempts jsonb NOT NULL DEFAULT '[]',
        stream boolean NOT NULL,
        status integer NOT NULL,
        error_code text,
        error_message text,
        latency_ms real NOT NULL,
        ttft_ms real,
        input_tokens integer NOT NULL DEFAULT 0,
        output_tokens integer NOT NULL DEFAULT 0,
        cached_tokens integer NOT NULL DEFAULT 0,
        cost_usd double precision,
        request_body jsonb,
        response_body jsonb,
        PRIMARY KEY (at, request_id)
      )`);
    await q.query('CREATE INDEX request_logs_request_id ON request_logs (request_id)');
    await q.query('CREATE INDEX request_logs_key_at ON request_logs (key_id, at)');
    await q.query('CREATE INDEX request_logs_route_at ON request_logs (route, at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE request_logs');
    await q.query('DROP TABLE route_versions');
    await q.query('DROP TABLE routes');
  }
}
