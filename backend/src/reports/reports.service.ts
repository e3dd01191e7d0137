import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ExperimentEntity } from '../experiments/experiment.entity.js';
import { num, scoreAggregate, variantAggregate } from './aggregate-rows.js';
import { buildReport, type PairedAggregate, type Report, type ScoreAggregate, type VariantAggregate } from './report-builder.js';

/** Latencies kept per variant for the bootstrap intervals of p50 and p95 (every k-th item). */
const LATENCY_SAMPLE = 1000;

/** An element of a `percentile_cont(ARRAY[…])` result: null when the variant has no successful call. */
const percentile = (p: unknown, i: number) => (Array.isArray(p) && p[i] !== null && p[i] !== undefined ? Number(p[i]) : null);

/**
 * Reports by SQL aggregation: three grouped queries (per variant, per grader × variant, candidate × control
 * joined by item on the scores' primary key) and a bounded latency sample; no query loads every row.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async report(e: ExperimentEntity): Promise<Report & { experiment: Record<string, unknown> }> {
    const [variants, scores, paired] = await Promise.all([this.variants(e), this.scores(e), this.paired(e)]);
    return {
      experiment: { id: e.id, name: e.name, status: e.status, kind: e.kind, hypothesis: e.hypothesis, dataset: e.spec.dataset, total: e.total },
      ...buildReport(e.spec, variants, scores, paired),
    };
  }

  private async variants(e: ExperimentEntity): Promise<VariantAggregate[]> {
    const items = e.total / e.spec.variants.length;
    const step = Math.max(1, Math.ceil(items / LATENCY_SAMPLE));
    const [rows, sample]: [Array<Record<string, unknown>>, Array<{ variant: string; latency_ms: number }>] = await Promise.all([
      // Both percentiles from one sort per variant (two separate percentile_cont calls sort twice).
      this.db.query(
        `SELECT variant, count(*) AS n, count(*) FILTER (WHERE NOT ok) AS errors, sum(cost_usd) AS cost,
                sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS p
           FROM experiment_results WHERE experiment_id = $1 GROUP BY variant`,
        [e.id],
      ),
      // Every step-th item of each variant, looked up by primary key (a filter on item_idx % step read every result);
      // the keys as arrays, so that the lookups stay index lookups whatever the planner's estimates.
      this.db.query(
        `SELECT variant, latency_ms FROM experiment_results
          WHERE experiment_id = $1 AND variant = ANY($2::text[]) AND item_idx = ANY(ARRAY(SELECT generate_series($3::int, $4::int, $3::int))) AND ok`,
        [e.id, e.spec.variants.map((v) => v.name), step, Math.floor(items)],
      ),
    ]);
    return rows.map((r) => variantAggregate(r, sample, percentile(r.p, 0), percentile(r.p, 1)));
  }

  private async scores(e: ExperimentEntity): Promise<ScoreAggregate[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT grader, variant, count(score) AS n, avg(score) AS mean, stddev_samp(score) AS sd,
              count(*) FILTER (WHERE pass) AS passes, count(*) FILTER (WHERE error IS NOT NULL) AS errors
         FROM experiment_scores WHERE experiment_id = $1 GROUP BY grader, variant`,
      [e.id],
    );
    return rows.map((r) => scoreAggregate(String(r.grader), r));
  }

  private async paired(e: ExperimentEntity): Promise<PairedAggregate[]> {
    // No nested loop: right after a run the tables have no statistics for the experiment, the planner expects one
    // row and loops over the control's scores probing the candidates by (experiment, grader, item) — a key with the
    // variant left open, so each probe reads all the grader's scores: quadratic (30,000 results took 11 s; 1,000,000
    // would take hours). A hash or merge join is linear whatever the estimates.
    const rows: Array<Record<string, unknown>> = await this.db.transaction(async (m) => {
      await m.query('SET LOCAL enable_nestloop = off');
      return m.query(
        `SELECT c.grader, c.variant, count(*) AS n, avg(c.score - k.score) AS mean, stddev_samp(c.score - k.score) AS sd,
                count(*) FILTER (WHERE k.pass AND c.pass) AS a,
                count(*) FILTER (WHERE k.pass AND NOT c.pass) AS b,
                count(*) FILTER (WHERE NOT k.pass AND c.pass) AS c
           FROM experiment_scores c
           JOIN experiment_scores k ON k.experiment_id = c.experiment_id AND k.grader = c.grader AND k.variant = $2 AND k.item_idx = c.item_idx
          WHERE c.experiment_id = $1 AND c.variant <> $2 AND c.score IS NOT NULL AND k.score IS NOT NULL
          GROUP BY c.grader, c.variant`,
        [e.id, e.spec.control],
      );
    });
    return rows.map((r) => ({
      grader: String(r.grader),
      variant: String(r.variant),
      n: num(r.n),
      mean: num(r.mean),
      sd: num(r.sd),
      a: num(r.a),
      b: num(r.b),
      c: num(r.c),
    }));
  }
}
