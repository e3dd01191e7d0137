import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { AppError, type ErrorDetail } from '../common/errors/app-error.js';
import { isUuid } from '../common/validation/ids.js';
import { validationError } from '../common/validation/validation.js';
import { returnedRows } from '../database/returned-rows.js';
import type { DatasetVersionEntity } from '../datasets/dataset.entity.js';
import { DatasetsService } from '../datasets/datasets.service.js';
import { GradersService } from '../graders/graders.service.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { RouteTable } from '../routing/route-table.js';
import { templateVariables } from '../templates/template.js';
import { checkExperiment, DEFAULT_GUARDRAILS, type ExperimentSpec, type ExperimentStatus, type SpecContext } from './core/experiment-spec.js';
import { ExperimentEntity } from './experiment.entity.js';
import { LiveExperiments } from '../gateway/live-experiments.js';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue.js';
import { scheduleEvaluation } from './evaluation-job.js';
import { ExperimentRunner } from './experiment-runner.js';
import type { CreateExperimentDto } from './experiments.dto.js';

export interface Progress {
  status: ExperimentStatus;
  total: number;
  done: number;
  failed: number;
  costUsd: number;
  rate: number;
  etaSeconds: number | null;
  variants: Record<string, { done: number; failed: number; costUsd: number }>;
}

const MOVES: Record<'start' | 'pause' | 'resume' | 'cancel', { from: ExperimentStatus[]; to: ExperimentStatus }> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
};

// Sums of float costs carry noise in the last digits (0.0002455000000000004): nano-dollars are enough.
const usd = (x: number) => Math.round(x * 1e9) / 1e9;

/** Experiment definitions and their lifecycle; the runner does the work, reports read the results. */
@Injectable()
export class ExperimentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ExperimentEntity) private readonly experiments: Repository<ExperimentEntity>,
    private readonly datasets: DatasetsService,
    private readonly graders: GradersService,
    private readonly runtime: ProviderRuntime,
    private readonly routes: RouteTable,
    private readonly runner: ExperimentRunner,
    private readonly live: LiveExperiments,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Checks the whole definition against the catalogue, routes, graders and dataset, then stores it (and starts it unless told not to). */
  async create(dto: CreateExperimentDto, actor: string): Promise<ExperimentEntity> {
    const problems: ErrorDetail[] = [];
    const graders: ExperimentSpec['graders'] = [];
    for (const [i, name] of dto.graders.entries()) {
      const g = await this.graders.get(name).catch(() => undefined);
      if (!g) problems.push({ path: `graders[${i}]`, message: `no saved grader named "${name}"` });
      else graders.push({ name: g.name, type: g.type, config: g.config });
    }
    let ctxDataset: SpecContext['dataset'];
    let versionId: string | null = null;
    let datasetRef: ExperimentSpec['dataset'];
    if (dto.dataset && dto.kind === 'dataset') {
      const found = await this.pinDataset(dto.dataset.name, dto.dataset.version);
      if ('problem' in found) problems.push(found.problem);
      else {
        const v = found.version;
        versionId = v.id;
        datasetRef = { name: dto.dataset.name, version: v.version };
        const inputs = Object.keys(v.fields.input);
        ctxDataset = {
          variables: inputs.filter((k) => k !== 'messages'),
          messages: inputs.includes('messages'),
          withExpected: v.fields.withExpected,
          rows: v.rows,
        };
      }
    }
    const spec: ExperimentSpec = {
      kind: dto.kind,
      dataset: dto.kind === 'dataset' ? datasetRef : dto.dataset && { name: dto.dataset.name, version: dto.dataset.version ?? 0 },
      route: dto.route,
      variants: dto.variants.map((v) => ({
        name: v.name,
        model: v.model,
        params: v.params && { ...v.params },
        prompt: v.prompt && { messages: v.prompt.messages.map((m) => ({ ...m })) },
        weight: v.weight,
      })),
      control: dto.control ?? dto.variants[0].name,
      graders,
      primaryMetric: { grader: dto.primaryMetric?.grader ?? dto.graders[0], measure: dto.primaryMetric?.measure ?? 'pass_rate' },
      guardrails: dto.guardrails?.map((g) => ({ metric: g.metric, maxRelativeIncrease: g.maxRelativeIncrease ?? 0.5 })) ?? DEFAULT_GUARDRAILS,
      nonInferiorityMargin: dto.nonInferiorityMargin ?? 0.02,
      stopping: dto.stopping ? { ...dto.stopping } : { rule: 'sample_size' },
      concurrency: dto.concurrency ?? 16,
      prompt: dto.prompt && { messages: dto.prompt.messages.map((m) => ({ ...m })) },
      sampleRate: dto.sampleRate ?? 0.1,
      autoPromote: dto.autoPromote,
      promoteRoute: dto.promoteRoute,
    };
    const ctx: SpecContext = {
      modelExists: (m) => this.runtime.resolve(m) !== undefined,
      routeExists: (a) => this.routes.get(a) !== undefined,
      dataset: ctxDataset,
      templateVariables,
    };
    problems.push(...checkExperiment(spec, ctx));
    if (problems.length) throw validationError(problems);
    if (spec.kind === 'live' && dto.start !== false) await this.checkRouteFree(spec.route!);
    if (await this.experiments.existsBy({ name: dto.name }))
      throw new AppError('experiments/name-taken', `An experiment named ${dto.name} exists already`, 409, [{ path: 'name', message: 'is already used' }]);
    // Live and shadow: the planned sample when the rule is a sample size, else open-ended (0).
    const items = spec.kind === 'dataset' ? Math.min(spec.stopping.n ?? Infinity, ctxDataset?.rows ?? 0) : (spec.stopping.n ?? 0);
    const e = await this.experiments.save(
      this.experiments.create({
        name: dto.name,
        hypothesis: dto.hypothesis ?? '',
        kind: dto.kind,
        status: 'draft',
        spec,
        datasetVersionId: versionId,
        total: items * spec.variants.length,
        actor,
      }),
    );
    return dto.start === false ? e : this.transition(e.id, 'start');
  }

  private async pinDataset(name: string, version?: number): Promise<{ version: DatasetVersionEntity } | { problem: ErrorDetail }> {
    try {
      if (version !== undefined) return { version: (await this.datasets.version(name, version)).version };
      const d = await this.datasets.find(name);
      const [latest] = await this.datasets.history(d.id);
      if (!latest) return { problem: { path: 'dataset.name', message: `${name} has no version yet` } };
      return { version: latest };
    } catch (err) {
      if (err instanceof AppError && err.status === 404)
        return { problem: { path: version === undefined ? 'dataset.name' : 'dataset.version', message: err.message } };
      throw err;
    }
  }

  list(): Promise<ExperimentEntity[]> {
    return this.experiments.find({ order: { createdAt: 'DESC' } });
  }

  /** By id or by name. */
  async get(ref: string): Promise<ExperimentEntity> {
    const e = await this.experiments.findOneBy(isUuid(ref) ? { id: ref } : { name: ref });
    if (!e) throw new AppError('experiments/not-found', `No experiment ${ref}`, 404);
    return e;
  }

  /** start, pause, resume or cancel; a move the current status does not allow is a 409 naming both. */
  async transition(ref: string, move: keyof typeof MOVES): Promise<ExperimentEntity> {
    const e = await this.get(ref);
    const { from, to } = MOVES[move];
    if (e.kind === 'live' && to === 'running') await this.checkRouteFree(e.spec.route!, e.id);
    const rows: unknown[] = await this.db.query(
      `UPDATE experiments SET status = $2, updated_at = now(), started_at = COALESCE(started_at, CASE WHEN $2 = 'running' THEN now() END),
              finished_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE finished_at END
        WHERE id = $1 AND status = ANY($3) RETURNING id`,
      [e.id, to, from],
    );
    if (returnedRows(rows).length === 0)
      throw new AppError('experiments/bad-transition', `Cannot ${move} ${e.name}: it is ${e.status} (${move} needs ${from.join(' or ')})`, 409);
    const after = await this.get(e.id);
    this.runner.forget(e.id);
    if (e.kind !== 'dataset') await this.live.changed();
    else if (to === 'running') {
      await this.runner.enqueue(after);
      if (after.total === 0) await this.runner.finishIfDone(after.id);
    }
    if (to === 'running' && e.kind !== 'dataset') await scheduleEvaluation(this.queue, after);
    return this.get(e.id);
  }

  /** One live split per route: two would fight over the same users. */
  private async checkRouteFree(route: string, except?: string): Promise<void> {
    const [other] = (await this.db.query(
      `SELECT name FROM experiments WHERE kind = 'live' AND status = 'running' AND spec->>'route' = $1 AND id::text <> $2 LIMIT 1`,
      [route, except ?? ''],
    )) as Array<{ name: string }>;
    if (other) throw new AppError('experiments/route-busy', `${route} already has a running live experiment, ${other.name}: pause or end it first`, 409);
  }

  async remove(ref: string): Promise<void> {
    const e = await this.get(ref);
    await this.experiments.delete({ id: e.id });
    this.runner.forget(e.id);
    if (e.kind !== 'dataset') await this.live.changed();
  }

  async progress(ref: string): Promise<Progress> {
    const e = await this.get(ref);
    const live = e.kind !== 'dataset';
    // Live and shadow: the requests the request log holds for the experiment (it is written in batches, so it lags by about a second).
    const rows: Array<{ variant: string; done: string; failed: string; cost: number | null }> = await this.db.query(
      live
        ? `SELECT variant, count(*) AS done, count(*) FILTER (WHERE status >= 400) AS failed, sum(cost_usd) AS cost
             FROM request_logs WHERE experiment_id = $1 GROUP BY variant`
        : `SELECT variant, count(*) AS done, count(*) FILTER (WHERE NOT ok) AS failed, sum(cost_usd) AS cost
             FROM experiment_results WHERE experiment_id = $1 GROUP BY variant`,
      [e.id],
    );
    const judge: Array<{ cost: number | null }> = await this.db.query(
      `SELECT sum(cost_usd) AS cost FROM ${live ? 'live_scores' : 'experiment_scores'} WHERE experiment_id = $1`,
      [e.id],
    );
    const variants: Progress['variants'] = {};
    for (const v of e.spec.variants) variants[v.name] = { done: 0, failed: 0, costUsd: 0 };
    let done = 0;
    let failed = 0;
    let costUsd = Number(judge[0]?.cost ?? 0);
    for (const r of rows) {
      variants[r.variant] = { done: Number(r.done), failed: Number(r.failed), costUsd: usd(Number(r.cost ?? 0)) };
      done += Number(r.done);
      failed += Number(r.failed);
      costUsd += Number(r.cost ?? 0);
    }
    const end = e.finishedAt ?? new Date();
    const seconds = e.startedAt ? Math.max(0.001, (end.getTime() - e.startedAt.getTime()) / 1000) : 0;
    const rate = seconds ? done / seconds : 0;
    const left = Math.max(0, e.total - done);
    return {
      status: e.status,
      total: e.total,
      done,
      failed,
      costUsd: usd(costUsd),
      rate,
      etaSeconds: e.kind !== 'dataset' && e.total === 0 ? null : e.status === 'running' && rate > 0 ? left / rate : left === 0 ? 0 : null,
      variants,
    };
  }
}
