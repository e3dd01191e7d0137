import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ChatService } from '../../gateway/chat.service.js';
import { GradersService } from '../../graders/graders.service.js';
import type { ChatMessage } from '../../providers/chat-types.js';
import { JOB_QUEUE, type JobMap, type JobQueue } from '../../queue/job-queue.js';
import { TRACING, type Tracing } from '../../telemetry/tracing.js';
import type { ExperimentSpec } from '../core/experiment-spec.js';
import { describeError } from '../core/retryable.js';
import { placeholders } from '../core/rows.js';
import { ExperimentEntity } from '../experiment.entity.js';

interface LiveScore {
  variant: string;
  grader: string;
  score: number | null;
  pass: boolean | null;
  reason: string;
  error: string | null;
  costUsd: number;
}

/**
 * The workers' side of live and shadow experiments, off the request path: grading a live experiment's
 * sampled outputs, and replaying a shadow experiment's sampled requests to its candidates, graded against
 * the production output. Scores are unique per (experiment, grader, variant, request): a re-delivered job
 * makes only the calls and grades still missing.
 */
@Injectable()
export class LiveGrading implements OnModuleInit {
  private readonly logger = new Logger('LiveGrading');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly chat: ChatService,
    private readonly graders: GradersService,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  onModuleInit(): void {
    const attrs = (j: { experimentId: string; requestId: string; variant?: string }) => ({
      'switchyard.experiment.id': j.experimentId,
      'switchyard.experiment.variant': j.variant,
      'switchyard.request.id': j.requestId,
      'switchyard.job.items': 1,
    });
    this.queue.process('experiments.grade-live', (j) => this.tracing.job('experiments.grade-live', attrs(j), () => this.gradeLive(j)), { concurrency: 8 });
    this.queue.process('experiments.shadow', (j) => this.tracing.job('experiments.shadow', attrs(j), () => this.shadow(j)), { concurrency: 8 });
  }

  async gradeLive(j: JobMap['experiments.grade-live']): Promise<void> {
    const e = await this.db.getRepository(ExperimentEntity).findOneBy({ id: j.experimentId });
    if (!e) return;
    this.tracing.annotate({ 'switchyard.experiment.name': e.name });
    const done = await this.graded(e.id, j.requestId);
    const scores = await this.grade(e.spec, j.variant, j.messages, j.output, undefined, done);
    await this.store(e.id, j.requestId, scores);
  }

  async shadow(j: JobMap['experiments.shadow']): Promise<void> {
    const e = await this.db.getRepository(ExperimentEntity).findOneBy({ id: j.experimentId });
    if (!e || e.status !== 'running') return;
    this.tracing.annotate({ 'switchyard.experiment.name': e.name, 'switchyard.job.variants': e.spec.variants.length });
    const done = await this.graded(e.id, j.requestId);
    const scores = await this.grade(e.spec, e.spec.control, j.body.messages, j.output, undefined, done);
    for (const v of e.spec.variants.filter((x) => x.name !== e.spec.control)) {
      const todo = e.spec.graders.filter((g) => !done.has(`${v.name}\0${g.name}`));
      if (!todo.length) continue;
      let output: string;
      try {
        const r = await this.chat.completeInternal({ ...j.body, ...v.params, model: v.model }, `shadow:${e.name}`, { experimentId: e.id, variant: v.name });
        output = r.response.choices[0]?.message.content ?? '';
      } catch (err) {
        // The call is in the request log with its error; the scores say why there are none.
        const d = describeError(err);
        for (const g of todo)
          scores.push({ variant: v.name, grader: g.name, score: null, pass: null, reason: '', error: `call failed: ${d.message}`, costUsd: 0 });
        continue;
      }
      scores.push(...(await this.grade(e.spec, v.name, j.body.messages, output, j.output, done)));
    }
    await this.store(e.id, j.requestId, scores);
  }

  private async graded(experimentId: string, requestId: string): Promise<Set<string>> {
    const rows: Array<{ variant: string; grader: string }> = await this.db.query(
      'SELECT variant, grader FROM live_scores WHERE experiment_id = $1 AND request_id = $2',
      [experimentId, requestId],
    );
    return new Set(rows.map((r) => `${r.variant}\0${r.grader}`));
  }

  /** Every grader of the experiment on one output; pairwise judges only with a baseline (the production output, in a shadow run). */
  private async grade(
    spec: ExperimentSpec,
    variant: string,
    messages: ChatMessage[],
    output: string,
    baseline: string | undefined,
    done: Set<string>,
  ): Promise<LiveScore[]> {
    const out: LiveScore[] = [];
    for (const g of spec.graders) {
      if (done.has(`${variant}\0${g.name}`) || (g.type === 'pairwise' && baseline === undefined)) continue;
      const r = await this.graders.run(g, { output, item: { input: { messages } }, baseline });
      out.push(
        r.ok
          ? { variant, grader: g.name, score: r.result.score, pass: r.result.pass, reason: r.result.reason, error: null, costUsd: r.judgeCostUsd }
          : { variant, grader: g.name, score: null, pass: null, reason: '', error: r.error, costUsd: r.judgeCostUsd },
      );
    }
    return out;
  }

  private async store(experimentId: string, requestId: string, scores: LiveScore[]): Promise<void> {
    if (!scores.length) return;
    const params = scores.flatMap((s) => [experimentId, requestId, s.variant, s.grader, s.score, s.pass, s.reason.slice(0, 4000), s.error, s.costUsd]);
    await this.db.query(
      `INSERT INTO live_scores (experiment_id, request_id, variant, grader, score, pass, reason, error, cost_usd) VALUES ${placeholders(scores.length, 9)}
       ON CONFLICT DO NOTHING`,
      params,
    );
    this.logger.debug({ experimentId, requestId, scores: scores.length }, 'live scores stored');
  }
}
