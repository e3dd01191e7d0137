import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { isUuid } from '../common/validation/ids.js';
import { ExperimentsService } from '../experiments/experiments.service.js';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue.js';
import { QueueReconciler } from '../queue/reconciler.js';
import { RoutesService } from '../routing/routes.service.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { DEFAULT_STEPS, evaluateStep, rampSpec } from './core/ramp.js';
import type { CreatePromotionDto } from './promotion.dto.js';
import { type PromotionEntity as Promotion, PromotionEntity, type PromotionEvent, type PromotionSettings } from './promotion.entity.js';
import { targetWindows } from './promotion-window.js';

declare module '../queue/job-queue.js' {
  interface JobMap {
    /** One guardrail check of a promotion's current step. */
    'promotion.check': { promotionId: string; step: number };
  }
}

const ACTIVE = ['ramping', 'paused'];

/**
 * Promotions: each step is a new route version (source `promotion`, linked to this promotion and through
 * it to the experiment), written in one transaction with the promotion's own state; guardrail checks run as
 * delayed jobs and roll back to the base version on a breach.
 */
@Injectable()
export class PromotionService implements OnModuleInit {
  private readonly logger = new Logger('Promotion');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(PromotionEntity) private readonly promotions: Repository<PromotionEntity>,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly reconciler: QueueReconciler,
    private readonly routes: RoutesService,
    private readonly experiments: ExperimentsService,
    private readonly runtime: ProviderRuntime,
  ) {}

  onModuleInit(): void {
    this.queue.process('promotion.check', (p) => this.check(p.promotionId, p.step), { concurrency: 4 });
    this.queue.process('promotion.auto', (j) => this.auto(j.experimentId, j.variant, j.reason), { concurrency: 1 });
    this.reconciler.register('promotions', async () => {
      const ramping = await this.promotions.findBy({ status: 'ramping' });
      for (const p of ramping) await this.schedule(p, 0);
      return ramping.length;
    });
  }

  async create(dto: CreatePromotionDto, actor: string): Promise<Promotion> {
    let model = dto.model;
    const variant = dto.variant ?? '';
    let experimentId: string | null = null;
    if (dto.experiment) {
      const e = await this.experiments.get(dto.experiment);
      const v = e.spec.variants.find((x) => x.name === dto.variant);
      if (!v)
        throw new AppError('promotion/unknown-variant', `${e.name} has no variant ${dto.variant ?? '(none given)'}`, 400, [
          { path: 'variant', message: `must be one of ${e.spec.variants.map((x) => x.name).join(', ')}` },
        ]);
      if (v.name === e.spec.control)
        throw new AppError('promotion/control', `${v.name} is the control of ${e.name}: promote a candidate`, 400, [
          { path: 'variant', message: 'is the control' },
        ]);
      model = v.model;
      experimentId = e.id;
    }
    if (!model)
      throw new AppError('promotion/missing-model', 'Name an experiment and variant, or a model', 400, [
        { path: 'model', message: 'is required without an experiment' },
      ]);
    if (!this.runtime.model(model))
      throw new AppError('promotion/not-a-model', `${model} is not a catalogue model: only a catalogue model can become a route target`, 400, [
        { path: dto.experiment ? 'variant' : 'model', message: 'must be a catalogue model (provider/model)' },
      ]);
    const steps = dto.mode === 'immediate' ? [100] : (dto.steps ?? DEFAULT_STEPS);
    if (steps.some((s, i) => i > 0 && s <= steps[i - 1]) || steps[steps.length - 1] !== 100)
      throw new AppError('promotion/bad-steps', 'Steps must increase and end at 100', 400, [{ path: 'steps', message: 'must increase and end at 100' }]);
    const { route, current } = await this.routes.get(dto.route).catch((err: unknown) => {
      throw err instanceof AppError && err.status === 404
        ? new AppError('promotion/unknown-route', err.message, 400, [{ path: 'route', message: 'no such route' }])
        : err;
    });
    if (current.spec.targets.length === 1 && current.spec.targets[0].model === model)
      throw new AppError('promotion/already-served', `${dto.route} already sends all its traffic to ${model}`, 409);
    const hourAgo = new Date(Date.now() - 3600_000);
    const feedbackMetric = dto.feedbackMetric ?? 'thumbs';
    const before = await targetWindows(this.db.manager, route.alias, model, hourAgo, new Date(), feedbackMetric);
    const settings: PromotionSettings = {
      minSeconds: dto.minSeconds ?? 600,
      minRequests: dto.minRequests ?? 200,
      checkEverySeconds: dto.checkEverySeconds ?? 15,
      maxErrorRateIncrease: dto.maxErrorRateIncrease ?? 0.5,
      maxLatencyIncrease: dto.maxLatencyIncrease ?? 0.5,
      minSamples: dto.minSamples ?? 20,
      maxFeedbackDrop: dto.maxFeedbackDrop ?? 0.1,
      feedbackMetric,
      baseline: before.old,
    };
    const p = await this.db.transaction(async (m) => {
      if (await m.getRepository(PromotionEntity).exists({ where: ACTIVE.map((status) => ({ route: route.alias, status: status as Promotion['status'] })) }))
        throw new AppError('promotion/in-progress', `${route.alias} already has a promotion in progress: finish, roll back or cancel it first`, 409);
      const created = await m.save(
        m.create(PromotionEntity, {
          experimentId,
          route: route.alias,
          variant: variant || model,
          model,
          status: 'ramping',
          steps,
          step: 0,
          stepStartedAt: new Date(),
          baseVersion: route.currentVersion,
          guardrails: settings,
          history: [],
          reason: dto.reason ?? '',
          actor,
        }),
      );
      await this.writeStep(m, created, 0, 'started', actor, dto.reason ?? 'promotion started');
      return created;
    });
    await this.routes.announce();
    if (steps.length === 1) await this.finish(p.id, 'completed', actor, 'promoted at once to 100%');
    else await this.schedule(p, settings.checkEverySeconds);
    return this.get(p.id);
  }

  /** An experiment's winner, promoted by itself on the experiment's route with the default ramp. */
  private async auto(experimentId: string, variant: string, reason: string): Promise<void> {
    const e = await this.experiments.get(experimentId).catch(() => undefined);
    const route = e?.spec.promoteRoute ?? e?.spec.route;
    if (!e || !route) return;
    try {
      const p = await this.create({ route, experiment: e.id, variant, reason }, 'system');
      this.logger.log({ promotion: p.id, experiment: e.name, variant }, 'automatic promotion started');
    } catch (err) {
      // A promotion in progress, a route already served, a deleted route: say so, do not retry.
      if (err instanceof AppError) return void this.logger.warn({ experiment: e.name, variant }, `automatic promotion not started: ${err.message}`);
      throw err;
    }
  }

  list(): Promise<Promotion[]> {
    return this.promotions.find({ order: { createdAt: 'DESC' } });
  }

  async get(id: string): Promise<Promotion> {
    const p = isUuid(id) ? await this.promotions.findOneBy({ id }) : null;
    if (!p) throw new AppError('promotion/not-found', `No promotion ${id}`, 404);
    return p;
  }

  /** Writes the route version of step `step` and records it, inside `m`. */
  private async writeStep(m: EntityManager, p: Promotion, step: number, event: PromotionEvent['event'], actor: string, reason: string): Promise<number> {
    const base = await this.routes.getVersion(p.route, p.baseVersion, m);
    const share = p.steps[step];
    const out = await this.routes.writeInTx(m, p.route, rampSpec(base.spec, p.model, share), {
      actor,
      reason: `promotion of ${p.model}: step ${step + 1}/${p.steps.length} (${share}%)${reason ? ` — ${reason}` : ''}`,
      source: 'promotion',
      promotionId: p.id,
    });
    p.step = step;
    p.stepStartedAt = new Date();
    this.record(p, event, share, actor, reason, out.route.currentVersion);
    await m.save(PromotionEntity, p);
    return out.route.currentVersion;
  }

  private async schedule(p: Promotion, delaySeconds: number): Promise<void> {
    const every = p.guardrails.checkEverySeconds * 1000;
    const at = Date.now() + delaySeconds * 1000;
    // The job id names the time slot, so a reconciled check and a pending one for the same slot are one job.
    await this.queue.add(
      'promotion.check',
      { promotionId: p.id, step: p.step },
      { jobId: `${p.id}:${p.step}:${Math.floor(at / every)}`, delayMs: delaySeconds * 1000, attempts: 3 },
    );
  }

  /** One guardrail check: roll back on a breach, advance when the step has run long enough, else check again later. */
  async check(id: string, step: number): Promise<void> {
    const p = await this.promotions.findOneBy({ id });
    if (!p || p.status !== 'ramping' || p.step !== step) return;
    const { route } = await this.routes.get(p.route);
    const last = [...p.history].reverse().find((h) => h.routeVersion !== undefined)?.routeVersion;
    if (last !== undefined && route.currentVersion !== last) {
      await this.setStatus(p, 'paused', 'system', `${p.route} was changed by someone else (now version ${route.currentVersion}); the ramp is paused`);
      return;
    }
    const win = await targetWindows(this.db.manager, p.route, p.model, p.stepStartedAt ?? p.createdAt, undefined, p.guardrails.feedbackMetric);
    const old = win.old.attempts + win.old.answered > 0 ? win.old : p.guardrails.baseline;
    const elapsed = (Date.now() - (p.stepStartedAt ?? p.createdAt).getTime()) / 1000;
    const d = evaluateStep(win.candidate, old, elapsed, p.guardrails);
    if (d.action === 'rollback') return void (await this.rollback(p.id, 'system', `automatic rollback: ${d.reason}`));
    if (d.action === 'advance') {
      if (p.step === p.steps.length - 1) return void (await this.finish(p.id, 'completed', 'system', d.reason));
      await this.advance(p.id, 'system', d.reason);
      return;
    }
    await this.schedule(p, p.guardrails.checkEverySeconds);
  }

  /** Moves to the next step now (by hand, or after a check passed). */
  async advance(id: string, actor: string, reason = 'advanced by hand'): Promise<Promotion> {
    const p = await this.db.transaction(async (m) => {
      const p = await this.lock(m, id);
      if (p.status !== 'ramping' && p.status !== 'paused') throw this.ended(p, 'advance');
      if (p.step === p.steps.length - 1) return p;
      await this.writeStep(m, p, p.step + 1, 'advanced', actor, reason);
      return p;
    });
    await this.routes.announce();
    // Every step, the last (100%) too, is checked before the promotion moves on or completes.
    if (p.status === 'ramping') await this.schedule(p, p.guardrails.checkEverySeconds);
    return this.get(id);
  }

  /** Restores the route version from before the promotion (as a new version) and ends the promotion. */
  async rollback(id: string, actor: string, reason = 'rolled back by hand'): Promise<Promotion> {
    await this.db.transaction(async (m) => {
      const p = await this.lock(m, id);
      if (p.status !== 'ramping' && p.status !== 'paused') throw this.ended(p, 'roll back');
      const base = await this.routes.getVersion(p.route, p.baseVersion, m);
      const out = await this.routes.writeInTx(m, p.route, base.spec, {
        actor,
        reason: `rollback of the promotion of ${p.model} to version ${p.baseVersion}: ${reason}`,
        source: 'promotion',
        promotionId: p.id,
      });
      p.status = 'rolled_back';
      p.reason = reason;
      this.record(p, 'rolled_back', 0, actor, reason, out.route.currentVersion);
      await m.save(PromotionEntity, p);
    });
    await this.routes.announce();
    this.logger.warn({ promotion: id, reason }, 'promotion rolled back');
    return this.get(id);
  }

  async pause(id: string, actor: string, reason = 'paused by hand'): Promise<Promotion> {
    const p = await this.get(id);
    if (p.status !== 'ramping') throw this.ended(p, 'pause');
    await this.setStatus(p, 'paused', actor, reason);
    return this.get(id);
  }

  async resume(id: string, actor: string, reason = 'resumed by hand'): Promise<Promotion> {
    const p = await this.db.transaction(async (m) => {
      const p = await this.lock(m, id);
      if (p.status !== 'paused') throw this.ended(p, 'resume');
      // The step is written again: the route may have been changed while paused.
      await this.writeStep(m, p, p.step, 'resumed', actor, reason);
      p.status = 'ramping';
      await m.save(PromotionEntity, p);
      return p;
    });
    await this.routes.announce();
    await this.schedule(p, p.guardrails.checkEverySeconds);
    return this.get(id);
  }

  private async finish(id: string, status: 'completed' | 'cancelled', actor: string, reason: string): Promise<void> {
    const p = await this.get(id);
    p.status = status;
    p.reason = reason;
    this.record(p, status, p.steps[p.step], actor, reason);
    await this.promotions.save(p);
    this.logger.log({ promotion: id, route: p.route, model: p.model }, `promotion ${status}`);
  }

  private async setStatus(p: Promotion, status: 'paused', actor: string, reason: string): Promise<void> {
    p.status = status;
    this.record(p, 'paused', p.steps[p.step], actor, reason);
    await this.promotions.save(p);
  }

  /** Appends an event at the promotion's current step to its history (saved by the caller). */
  private record(p: Promotion, event: PromotionEvent['event'], share: number, actor: string, reason: string, routeVersion?: number): void {
    const e: PromotionEvent = { at: new Date().toISOString(), event, step: p.step, share, actor, reason };
    if (routeVersion !== undefined) e.routeVersion = routeVersion;
    p.history = [...p.history, e];
  }

  private async lock(m: EntityManager, id: string): Promise<Promotion> {
    const p = await m.getRepository(PromotionEntity).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
    if (!p) throw new AppError('promotion/not-found', `No promotion ${id}`, 404);
    return p;
  }

  private ended(p: Promotion, what: string): AppError {
    return new AppError('promotion/bad-state', `Cannot ${what} the promotion of ${p.model} on ${p.route}: it is ${p.status.replace('_', ' ')}`, 409);
  }
}
