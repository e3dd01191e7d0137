import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

/** Re-enqueues a domain's unfinished work from the state of record; returns how many jobs it enqueued. */
export type ReconcileFn = () => Promise<number>;

/**
 * Start-up hook: domains register a function in `onModuleInit`; all of them run once when the
 * application has booted. Jobs carry stable ids, so reconciling twice (or in two replicas) enqueues nothing twice.
 */
@Injectable()
export class QueueReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger('QueueReconciler');
  private readonly fns = new Map<string, ReconcileFn>();

  register(name: string, fn: ReconcileFn): void {
    this.fns.set(name, fn);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile();
  }

  async reconcile(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [name, fn] of this.fns) {
      try {
        counts[name] = await fn();
      } catch (err) {
        this.logger.error({ err }, `reconciler ${name} failed`);
      }
    }
    if (this.fns.size > 0) this.logger.log({ counts }, 'unfinished work re-enqueued');
    return counts;
  }
}
