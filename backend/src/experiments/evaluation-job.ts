import type { JobQueue } from '../queue/job-queue.js';
import type { ExperimentEntity } from './experiment.entity.js';

declare module '../queue/job-queue.js' {
  interface JobMap {
    /** Checks a running experiment's stopping rule (live, shadow) and, when a run ends, its automatic promotion. */
    'experiments.evaluate': { experimentId: string };
  }
}

/** How often a running live or shadow experiment's stopping rule is checked, unless its definition says. */
export const EVALUATE_EVERY_S = 30;

/** Queues an evaluation of `e` in `delayS` seconds; the job id names the time slot, so two schedules of one slot are one job. */
export async function scheduleEvaluation(queue: JobQueue, e: Pick<ExperimentEntity, 'id' | 'spec'>, delayS?: number): Promise<void> {
  delayS ??= e.spec.stopping.checkEverySeconds ?? EVALUATE_EVERY_S;
  const slot = Math.floor((Date.now() + delayS * 1000) / 1000);
  await queue.add('experiments.evaluate', { experimentId: e.id }, { jobId: `evaluate:${e.id}:${slot}`, delayMs: delayS * 1000, attempts: 3 });
}
