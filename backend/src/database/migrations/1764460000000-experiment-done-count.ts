import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results stored per experiment, kept by the chunk transactions that insert them, so that "is the run
 * complete?" after every chunk compares two numbers instead of counting every result (quadratic over a run).
 */
export class ExperimentDoneCount1764460000000 implements MigrationInterface {
  name = 'ExperimentDoneCount1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE experiments ADD COLUMN done integer NOT NULL DEFAULT 0');
    await q.query('UPDATE experiments e SET done = (SELECT count(*) FROM experiment_results r WHERE r.experiment_id = e.id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE experiments DROP COLUMN done');
  }
}
