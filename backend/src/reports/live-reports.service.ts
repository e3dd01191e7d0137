import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FEEDBACK_PREFIX } from '../experiments/core/experiment-spec.js';
import type { ExperimentEntity } from '../experiments/experiment.entity.js';
import { buildLiveReport, type LabelCount, type LiveReport } from './live-report-builder.js';
import { num, scoreAggregate, variantAggregate } from './aggregate-rows.js';
import type { ScoreAggregate, VariantAggregate } from './report-builder.js';

/** Latencies kept per variant for the bootstrap intervals of p50 and p95. */
const LATENCY_SAMPLE = 1000;

/**
 * Live and shadow reports by SQL aggregation over the request log (tagged with experiment and variant),
 * the sampled scores, and feedback joined by request id and key. A request whose first attempt failed
 * counts as an error of its variant even when a fallback answered the client.
 */
@Injectable()
export class LiveReportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async report(e: ExperimentEntity): Promise<LiveReport & { experiment: Record<string, unknown> }> {
    const [variants, scores, feedback, labels] = await Promise.all([this.variants(e), this.scores(e), this.feedback(e), this.labels(e)]);
    return {
      experiment: { id: e.id, name: e.name, status: e.status, kind: e.kind, hypothesis: e.hypothesis, route: e.spec.route, startedAt: e.startedAt },
      ...buildLiveReport(e.spec, variants, [...scores, ...feedback], labels),
    };
  }

  private async variants(e: ExperimentEntity): Promise<VariantAggregate[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT variant, count(*) AS n, count(*) FILTER (WHERE status >= 400 OR attempts->0 ? 'error') AS errors, sum(cost_usd) AS cost,
              sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status < 400) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status < 400) AS p95
         FROM request_logs WHERE experiment_id = $1 AND variant IS NOT NULL GROUP BY variant`,
      [e.id],
    );
    const sample: Array<{ variant: string; latency_ms: number }> = await this.db.query(
      `SELECT variant, latency_ms FROM (
         SELECT variant, latency_ms, row_number() OVER (PARTITION BY variant ORDER BY request_id) AS k
           FROM request_logs WHERE experiment_id = $1 AND status < 400) s
        WHERE k <= $2`,
      [e.id, LATENCY_SAMPLE],
    );
    return rows.map((r) => variantAggregate(r, sample, r.p50 === null ? null : Number(r.p50), r.p95 === null ? null : Number(r.p95)));
  }

  private async scores(e: ExperimentEntity): Promise<ScoreAggregate[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT grader, variant, count(score) AS n, avg(score) AS mean, stddev_samp(score) AS sd,
              count(*) FILTER (WHERE pass) AS passes, count(*) FILTER (WHERE error IS NOT NULL) AS errors
         FROM live_scores WHERE experiment_id = $1 GROUP BY grader, variant`,
      [e.id],
    );
    return rows.map(aggregate((r) => String(r.grader)));
  }

  /** Numeric feedback (thumbs are 1 and 0) as metrics `feedback:<metric>`; a pass is a value above 0. */
  private async feedback(e: ExperimentEntity): Promise<ScoreAggregate[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT f.metric, r.variant, count(*) AS n, avg(f.value) AS mean, stddev_samp(f.value) AS sd, count(*) FILTER (WHERE f.value > 0) AS passes, 0 AS errors
         FROM request_logs r JOIN feedback f ON f.request_id = r.request_id AND f.key_id IS NOT DISTINCT FROM r.key_id
        WHERE r.experiment_id = $1 AND r.variant IS NOT NULL AND f.value IS NOT NULL
        GROUP BY f.metric, r.variant`,
      [e.id],
    );
    return rows.map(aggregate((r) => `${FEEDBACK_PREFIX}${String(r.metric)}`));
  }

  private async labels(e: ExperimentEntity): Promise<LabelCount[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT r.variant, f.metric, f.label, count(*) AS n
         FROM request_logs r JOIN feedback f ON f.request_id = r.request_id AND f.key_id IS NOT DISTINCT FROM r.key_id
        WHERE r.experiment_id = $1 AND r.variant IS NOT NULL AND f.label IS NOT NULL
        GROUP BY r.variant, f.metric, f.label ORDER BY r.variant, f.metric, n DESC`,
      [e.id],
    );
    return rows.map((r) => ({ variant: String(r.variant), metric: String(r.metric), label: String(r.label), n: num(r.n) }));
  }
}

const aggregate =
  (name: (r: Record<string, unknown>) => string) =>
  (r: Record<string, unknown>): ScoreAggregate =>
    scoreAggregate(name(r), r);
