import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { returnedRows } from '../database/returned-rows.js';
import { scheduleEvaluation } from '../experiments/evaluation-job.js';
import { ExperimentEntity } from '../experiments/experiment.entity.js';
import { LiveExperiments } from '../gateway/live-experiments.js';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue.js';
import { QueueReconciler } from '../queue/reconciler.js';
import { TRACING, type Tracing } from '../telemetry/tracing.js';
import { LiveReportsService } from './live-reports.service.js';
import type { Report } from './report-builder.js';
import { ReportsService } from './reports.service.js';
import { stoppingDecision, winnerOf } from './stopping-rule.js';

declare module '../queue/job-queue.js' {
  interface JobMap {
    /** Start the promotion of an experiment's winner (its route, default ramp). */
    'promotion.auto': { experimentId: string; variant: string; reason: string };
  }
}

/**
 * Runs the `experiments.evaluate` job: a running live or shadow experiment's stopping rule is checked on
 * its current report (and checked again later until it is met); an experiment that ends with a winner and
 * asks for automatic promotion gets a `promotion.auto` job.
 */
@Injectable()
export class ExperimentEvaluator implements OnModuleInit {
  private readonly logger = new Logger('ExperimentEvaluator');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly reconciler: QueueReconciler,
    private readonly reports: ReportsService,
    private readonly liveReports: LiveReportsService,
    private readonly live: LiveExperiments,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  onModuleInit(): void {
    this.queue.process(
      'experiments.evaluate',
      (j) => this.tracing.job('experiments.evaluate', { 'switchyard.experiment.id': j.experimentId }, () => this.evaluate(j.experimentId)),
      { concurrency: 2 },
    );
    this.reconciler.register('experiment-checks', async () => {
      const running = await this.db.getRepository(ExperimentEntity).find({
        where: [
          { status: 'running', kind: 'live' },
          { status: 'running', kind: 'shadow' },
        ],
      });
      for (const e of running) await scheduleEvaluation(this.queue, e);
      return running.length;
    });
  }

  async evaluate(id: string): Promise<void> {
    const e = await this.db.getRepository(ExperimentEntity).findOneBy({ id });
    if (!e) return;
    this.tracing.annotate({ 'switchyard.experiment.name': e.name, 'switchyard.experiment.kind': e.kind });
    if (e.kind === 'dataset') {
      if (e.status === 'completed' && e.spec.autoPromote) await this.autoPromote(e, await this.reports.report(e));
      return;
    }
    if (e.status !== 'running') return; // paused or ended: resuming schedules the checks again
    const report = await this.liveReports.report(e);
    const hours = e.startedAt ? (Date.now() - e.startedAt.getTime()) / 3_600_000 : 0;
    const d = stoppingDecision(e.spec, report, hours);
    if (!d.stop) return void (await scheduleEvaluation(this.queue, e));
    const rows: unknown[] = await this.db.query(
      `UPDATE experiments SET status = 'completed', finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'running' RETURNING id`,
      [e.id],
    );
    if (!returnedRows(rows).length) return;
    this.logger.log({ experimentId: e.id, reason: d.reason }, `${e.kind} experiment ${e.name} stopped`);
    // The promotion is asked for before anything else can fail: a retry of this job finds the experiment
    // completed and returns, so a failure between the stop and this request would lose the promotion.
    if (e.spec.autoPromote) await this.autoPromote(e, report);
    await this.live.changed();
  }

  private async autoPromote(e: ExperimentEntity, report: Report): Promise<void> {
    const winner = winnerOf(report, e.spec.autoPromote!);
    if (!winner) return void this.logger.log({ experimentId: e.id }, `${e.name} ended without a winner to promote`);
    const why = report.verdicts.find((v) => v.variant === winner)!.reason;
    await this.queue.add('promotion.auto', { experimentId: e.id, variant: winner, reason: `automatic promotion: ${why}` }, { jobId: `auto-promote:${e.id}` });
  }
}
