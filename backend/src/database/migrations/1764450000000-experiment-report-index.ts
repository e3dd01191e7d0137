import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report's per-variant aggregate (counts, cost, tokens, latency percentiles) reads every result of an
 * experiment. This index covers that query, so it is an index-only scan of ~65 bytes a result instead of
 * reading the heap with its outputs, and hands latencies to percentile_cont already in order.
 */
export class ExperimentReportIndex1764450000000 implements MigrationInterface {
  name = 'ExperimentReportIndex1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX experiment_results_report ON experiment_results (experiment_id, variant, latency_ms) INCLUDE (ok, cost_usd, input_tokens, output_tokens)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX experiment_results_report');
  }
}
