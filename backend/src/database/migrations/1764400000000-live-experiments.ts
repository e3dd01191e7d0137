import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Live and shadow experiments: scores of sampled gateway requests, and the application's feedback on requests. */
export class LiveExperiments1764400000000 implements MigrationInterface {
  name = 'LiveExperiments1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // One score per (experiment, request, variant, grader): a re-delivered grading job changes nothing.
    await q.query(`
      CREATE TABLE live_scores (
        experiment_id uuid NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        request_id text NOT NULL,
        variant text NOT NULL,
        grader text NOT NULL,
        score double precision,
        pass boolean,
        reason text NOT NULL DEFAULT '',
        error text,
        cost_usd double precision NOT NULL DEFAULT 0,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (experiment_id, grader, variant, request_id)
      )`);
    // Feedback joins the request log by request id; the key that sent it must be the key that made the request.
    await q.query(`
      CREATE TABLE feedback (
        request_id text NOT NULL,
        metric text NOT NULL,
        key_id uuid,
        value double precision,
        label text,
        comment text,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, metric)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE feedback');
    await q.query('DROP TABLE live_scores');
  }
}
