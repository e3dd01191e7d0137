import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Datasets1764200000000 implements MigrationInterface {
  name = 'Datasets1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE dataset_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        version integer NOT NULL,
        format text NOT NULL,
        source text NOT NULL DEFAULT '',
        rows integer NOT NULL,
        skipped integer NOT NULL DEFAULT 0,
        fields jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (dataset_id, version)
      )`);
    await q.query(`
      CREATE TABLE dataset_items (
        version_id uuid NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        idx integer NOT NULL,
        external_id text,
        input jsonb NOT NULL,
        expected jsonb,
        metadata jsonb,
        PRIMARY KEY (version_id, idx)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dataset_items');
    await q.query('DROP TABLE dataset_versions');
    await q.query('DROP TABLE datasets');
  }
}
