/**
 * Job names and their payloads. Each domain adds its own jobs by declaration merging:
 *
 * ```ts
 * declare module '../queue/job-queue.js' {
 *   interface JobMap { 'experiments.run-item': { experimentId: string; itemId: string } }
 * }
 * ```
 */
export interface JobMap {}

export type JobName = keyof JobMap & string;

export interface JobOptions {
  /** Jobs with the same id are not enqueued twice while one is waiting, delayed or running. */
  jobId?: string;
  /** Run no sooner than this many milliseconds from now. */
  delayMs?: number;
  /** Total tries, including the first (default 3). */
  attempts?: number;
  /** Wait between tries: `exponential` doubles `delayMs` each time (default exponential, 1000 ms). */
  backoff?: { type: 'fixed' | 'exponential'; delayMs: number };
}

export interface JobContext {
  id: string;
  name: string;
  /** 1 for the first try. */
  attempt: number;
}

export type JobHandler<N extends JobName> = (payload: JobMap[N], ctx: JobContext) => Promise<void>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * The job queue port: Bull on Redis when REDIS_URL is set, an in-process queue otherwise.
 *
 * Contract: delivery is at least once. A handler must be idempotent — it checks the state of record in
 * PostgreSQL (unique keys such as experiment × variant × item) and does nothing for work already done —
 * because a job may run again after a crash or a redelivery.
 */
export interface JobQueue {
  readonly kind: 'in-process' | 'bull';
  /**
   * Registers the handler of a job name. Jobs are consumed only in processes whose role runs workers, and only
   * once {@link start} has been called.
   */
  process<N extends JobName>(name: N, handler: JobHandler<N>, opts?: { concurrency?: number }): void;
  /**
   * Starts consuming. The application calls it once every start-up hook has run (the route table and the model
   * catalogue loaded): a job taken earlier, such as a backlog waiting in Redis for a new worker, would find no
   * routes or models and fail.
   */
  start(): void;
  add<N extends JobName>(name: N, payload: JobMap[N], opts?: JobOptions): Promise<void>;
  addBulk<N extends JobName>(name: N, jobs: Array<{ payload: JobMap[N]; opts?: JobOptions }>): Promise<void>;
  counts(name: JobName): Promise<QueueCounts>;
  /** Job names this process has registered a handler for or enqueued (for the queue-depth metric). */
  names(): JobName[];
  /** Throws when the queue's backing store is unreachable. */
  ping(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');

export const DEFAULT_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential' as const, delayMs: 1000 } };

/** Delay before try `attempt + 1` after try `attempt` failed. */
export function backoffDelay(backoff: { type: 'fixed' | 'exponential'; delayMs: number }, attempt: number): number {
  return backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** (attempt - 1);
}
