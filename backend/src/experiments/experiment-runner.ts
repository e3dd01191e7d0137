import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pLimit, { type LimitFunction } from 'p-limit';
import type { DataSource } from 'typeorm';
import { returnedRows } from '../database/returned-rows.js';
import { ChatService } from '../gateway/chat.service.js';
import { GradersService } from '../graders/graders.service.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { JOB_QUEUE, type JobContext, type JobQueue } from '../queue/job-queue.js';
import { QueueReconciler } from '../queue/reconciler.js';
import { TRACING, type Tracing } from '../telemetry/tracing.js';
import type { ExperimentSpec, VariantSpec } from './core/experiment-spec.js';
import { promptBuilder, type PromptBuilder, type RunItem } from './core/prompt.js';
import { describeError, isRetryable } from './core/retryable.js';
import { insertResults, insertScores, type ResultRow, type ScoreRow } from './core/rows.js';
import { scheduleEvaluation } from './evaluation-job.js';
import { ExperimentEntity } from './experiment.entity.js';

declare module '../queue/job-queue.js' {
  interface JobMap {
    /** Items [from, to) of a dataset run, every variant. */
    'experiments.run-chunk': { experimentId: string; from: number; to: number };
  }
}

export const CHUNK = 25;
const CHUNK_ATTEMPTS = 8;
const DEFAULT_ACCOUNT_CONCURRENCY = 64;

interface Prepared {
  spec: ExperimentSpec;
  prompts: Map<string, PromptBuilder>;
  limit: LimitFunction;
  /** Whether the experiment is still running, read at most every {@link STATUS_EVERY_MS} (pause may come from another process). */
  running: () => Promise<boolean>;
}

const STATUS_EVERY_MS = 200;

/**
 * Runs dataset experiments: one job per chunk of items covering every variant (control first, so pairwise
 * graders have its output). Results and scores of a chunk are written in one transaction with unique keys,
 * so a re-delivered or re-enqueued chunk calls only what is missing and grades nothing twice.
 */
@Injectable()
export class ExperimentRunner implements OnModuleInit {
  private readonly logger = new Logger('ExperimentRunner');
  private readonly prepared = new Map<string, Prepared>();
  private readonly accounts = new Map<string, LimitFunction>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly reconciler: QueueReconciler,
    private readonly chat: ChatService,
    private readonly graders: GradersService,
    private readonly runtime: ProviderRuntime,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  onModuleInit(): void {
    this.queue.process(
      'experiments.run-chunk',
      (p, ctx) =>
        this.tracing.job(
          'experiments.run-chunk',
          {
            'switchyard.experiment.id': p.experimentId,
            'switchyard.job.items': p.to - p.from,
            'switchyard.job.from': p.from,
            'switchyard.job.attempt': ctx.attempt,
          },
          () => this.runChunk(p, ctx),
        ),
      { concurrency: 8 },
    );
    this.reconciler.register('experiments', () => this.reconcile());
  }

  /** Enqueues every chunk of a running dataset experiment; chunks already done cost one query each. */
  async enqueue(e: ExperimentEntity): Promise<number> {
    const items = e.total / e.spec.variants.length;
    const jobs: Array<ReturnType<ExperimentRunner['chunkJob']>> = [];
    // Items are numbered from 1 (their position in the upload).
    for (let from = 1; from <= items; from += CHUNK) jobs.push(this.chunkJob(e.id, from, items));
    await this.queue.addBulk('experiments.run-chunk', jobs);
    return jobs.length;
  }

  /** At start: every running dataset experiment's unfinished chunks go back on the queue. */
  async reconcile(): Promise<number> {
    const running = await this.db.getRepository(ExperimentEntity).findBy({ status: 'running', kind: 'dataset' });
    let n = 0;
    for (const e of running) {
      const items = e.total / e.spec.variants.length;
      const missing: Array<{ from: number }> = await this.db.query(
        `SELECT DISTINCT ((i.idx - 1) / ${CHUNK}) * ${CHUNK} + 1 AS "from" FROM dataset_items i
          WHERE i.version_id = $1 AND i.idx <= $2
            AND (SELECT count(*) FROM experiment_results r WHERE r.experiment_id = $3 AND r.item_idx = i.idx) < $4`,
        [e.datasetVersionId, items, e.id, e.spec.variants.length],
      );
      const jobs = missing.map(({ from }) => this.chunkJob(e.id, Number(from), items));
      if (jobs.length) await this.queue.addBulk('experiments.run-chunk', jobs);
      else await this.finishIfDone(e.id);
      n += jobs.length;
    }
    return n;
  }

  private chunkJob(experimentId: string, from: number, items: number) {
    return { payload: { experimentId, from, to: Math.min(items + 1, from + CHUNK) }, opts: { jobId: `${experimentId}:${from}`, attempts: CHUNK_ATTEMPTS } };
  }

  forget(experimentId: string): void {
    this.prepared.delete(experimentId);
  }

  private prepare(e: ExperimentEntity): Prepared {
    let p = this.prepared.get(e.id);
    if (!p) {
      const prompts = new Map(e.spec.variants.map((v) => [v.name, promptBuilder(v.prompt ?? e.spec.prompt)]));
      p = { spec: e.spec, prompts, limit: pLimit(e.spec.concurrency), running: this.statusProbe(e.id) };
      this.prepared.set(e.id, p);
    }
    return p;
  }

  private statusProbe(id: string): () => Promise<boolean> {
    let at = 0;
    let last = Promise.resolve(true);
    return () => {
      if (performance.now() - at >= STATUS_EVERY_MS) {
        at = performance.now();
        last = this.db.query('SELECT status FROM experiments WHERE id = $1', [id]).then(
          (rows: Array<{ status: string }>) => rows[0]?.status === 'running',
          () => true,
        );
      }
      return last;
    };
  }

  private accountLimit(model: string): LimitFunction {
    const resolved = this.runtime.resolve(model);
    const key = resolved?.target.account.name ?? `route:${model}`;
    let l = this.accounts.get(key);
    if (!l) {
      const configured = Number(resolved?.target.account.options.maxConcurrency);
      l = pLimit(Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_ACCOUNT_CONCURRENCY);
      this.accounts.set(key, l);
    }
    return l;
  }

  async runChunk(job: { experimentId: string; from: number; to: number }, ctx: JobContext): Promise<void> {
    const e = await this.db.getRepository(ExperimentEntity).findOneBy({ id: job.experimentId });
    if (!e || e.status !== 'running') return; // paused, cancelled or deleted: resuming re-enqueues
    const p = this.prepare(e);
    this.tracing.annotate({ 'switchyard.experiment.name': e.name, 'switchyard.job.variants': e.spec.variants.length });
    const items: RunItem[] = await this.db.query(
      'SELECT idx, input, expected, metadata FROM dataset_items WHERE version_id = $1 AND idx >= $2 AND idx < $3 ORDER BY idx',
      [e.datasetVersionId, job.from, job.to],
    );
    const stored: Array<{ variant: string; item_idx: number; ok: boolean; output: string | null }> = await this.db.query(
      'SELECT variant, item_idx, ok, output FROM experiment_results WHERE experiment_id = $1 AND item_idx >= $2 AND item_idx < $3',
      [e.id, job.from, job.to],
    );
    const scored: Array<{ grader: string; variant: string; item_idx: number }> = await this.db.query(
      'SELECT grader, variant, item_idx FROM experiment_scores WHERE experiment_id = $1 AND item_idx >= $2 AND item_idx < $3',
      [e.id, job.from, job.to],
    );
    const have = new Map(stored.map((r) => [`${r.variant}\0${r.item_idx}`, r]));
    const graded = new Set(scored.map((s) => `${s.grader}\0${s.variant}\0${s.item_idx}`));
    const results: ResultRow[] = [];
    const scores: ScoreRow[] = [];
    let deferred = 0;
    let stopped = 0;
    const lastTry = ctx.attempt >= CHUNK_ATTEMPTS;
    const control = p.spec.variants.find((v) => v.name === p.spec.control)!;
    const candidates = p.spec.variants.filter((v) => v !== control);

    await Promise.all(
      items.map(async (item) => {
        // The output (null when the call failed for good), or why there is no result yet.
        const run = async (v: VariantSpec, baseline?: string | null): Promise<string | null | 'retry' | 'stopped'> => {
          const prior = have.get(`${v.name}\0${item.idx}`);
          let output = prior?.ok ? prior.output : null;
          let ok = prior?.ok ?? false;
          let row: ResultRow | undefined;
          if (!prior) {
            const r = await this.call(e, p, v, item, lastTry);
            if (r === 'retry' || r === 'stopped') return r;
            row = r;
            results.push(r);
            ok = r.ok;
            output = r.output;
          }
          if (ok) await this.grade(p.spec, v, item, output ?? '', row, baseline, graded, scores);
          return output;
        };
        const count = (r: Awaited<ReturnType<typeof run>>, n = 1) => {
          if (r === 'retry') deferred += n;
          if (r === 'stopped') stopped += n;
        };
        const baseline = await run(control);
        count(baseline);
        // Without the control's result (to be retried, or paused) the candidates wait too: pairwise judges need it.
        if (baseline === 'retry' || baseline === 'stopped') return count(baseline, candidates.length);
        for (const r of await Promise.all(candidates.map((v) => run(v, baseline)))) count(r);
      }),
    );

    if (results.length || scores.length) {
      await this.db.transaction(async (m) => {
        if (results.length) {
          const r = insertResults(e.id, results);
          const inserted = returnedRows(await m.query(r.sql, r.params)).length;
          if (inserted) await m.query('UPDATE experiments SET done = done + $2 WHERE id = $1', [e.id, inserted]);
        }
        for (let i = 0; i < scores.length; i += 2000) {
          const s = insertScores(e.id, scores.slice(i, i + 2000));
          await m.query(s.sql, s.params);
        }
      });
    }
    this.logger.debug({ experimentId: e.id, from: job.from, to: job.to, results: results.length, scores: scores.length }, 'chunk stored');
    if (deferred) throw new Error(`${deferred} model calls failed with retryable errors; trying them again later`);
    // Calls skipped by a pause: if the experiment was resumed meanwhile, this chunk's next try makes them.
    if (stopped && (await p.running())) throw new Error(`${stopped} model calls were skipped while paused; trying them again now`);
    await this.finishIfDone(e.id);
  }

  private async call(e: ExperimentEntity, p: Prepared, v: VariantSpec, item: RunItem, lastTry: boolean): Promise<ResultRow | 'retry' | 'stopped'> {
    const base = { variant: v.name, item: item.idx, toolCalls: null, target: null, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    const built = p.prompts.get(v.name)!(item);
    if (!built.ok) return { ...base, ok: false, output: null, errorCode: 'experiments/prompt-failed', errorMessage: built.error, latencyMs: 0 };
    const started = performance.now();
    try {
      const r = await p.limit(async () =>
        !(await p.running())
          ? undefined
          : this.accountLimit(v.model)(() =>
              this.chat.completeInternal({ model: v.model, messages: built.messages, ...v.params }, `experiment:${e.name}`, {
                experimentId: e.id,
                variant: v.name,
              }),
            ),
      );
      if (!r) return 'stopped';
      const msg = r.response.choices[0]?.message;
      return {
        ...base,
        ok: true,
        output: msg?.content ?? '',
        toolCalls: msg?.tool_calls ?? null,
        errorCode: null,
        errorMessage: null,
        target: r.target,
        latencyMs: r.latencyMs,
        inputTokens: r.response.usage?.prompt_tokens ?? 0,
        outputTokens: r.response.usage?.completion_tokens ?? 0,
        costUsd: r.costUsd ?? 0,
      };
    } catch (err) {
      if (isRetryable(err) && !lastTry) return 'retry';
      const d = describeError(err);
      return { ...base, ok: false, output: null, errorCode: d.code, errorMessage: d.message, latencyMs: performance.now() - started };
    }
  }

  private async grade(
    spec: ExperimentSpec,
    v: VariantSpec,
    item: RunItem,
    output: string,
    row: ResultRow | undefined,
    baseline: string | null | undefined,
    graded: Set<string>,
    out: ScoreRow[],
  ): Promise<void> {
    const isControl = v.name === spec.control;
    for (const g of spec.graders) {
      if (graded.has(`${g.name}\0${v.name}\0${item.idx}`)) continue;
      if (g.type === 'pairwise' && isControl) continue; // the control is the baseline of pairwise judgements
      const r = await this.graders.run(g, {
        output,
        toolCalls: (row?.toolCalls as never) ?? undefined,
        item: { input: item.input, expected: item.expected ?? undefined, metadata: item.metadata ?? undefined },
        latencyMs: row?.latencyMs,
        costUsd: row?.costUsd,
        outputTokens: row?.outputTokens,
        baseline: isControl ? undefined : (baseline ?? undefined),
      });
      out.push(
        r.ok
          ? {
              grader: g.name,
              variant: v.name,
              item: item.idx,
              score: r.result.score,
              pass: r.result.pass,
              reason: r.result.reason,
              error: null,
              costUsd: r.judgeCostUsd,
            }
          : { grader: g.name, variant: v.name, item: item.idx, score: null, pass: null, reason: '', error: r.error, costUsd: r.judgeCostUsd },
      );
    }
  }

  /** Marks a dataset run completed once every (variant, item) has a result. */
  async finishIfDone(experimentId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `UPDATE experiments SET status = 'completed', finished_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'running' AND done >= total
        RETURNING id`,
      [experimentId],
    );
    const done = returnedRows(rows).length > 0;
    if (done) {
      const e = this.prepared.get(experimentId)?.spec ?? (await this.db.getRepository(ExperimentEntity).findOneBy({ id: experimentId }))?.spec;
      this.forget(experimentId);
      this.logger.log({ experimentId }, 'dataset run completed');
      // Fresh statistics for the report's plans (a run may have written millions of rows since autovacuum last looked).
      void this.db.query('ANALYZE experiment_results, experiment_scores').catch(() => undefined);
      // The report decides whether a winner is promoted by itself.
      if (e?.autoPromote) await scheduleEvaluation(this.queue, { id: experimentId, spec: e }, 0);
    }
    return done;
  }
}
