import {
  backoffDelay,
  DEFAULT_JOB_OPTIONS,
  type JobContext,
  type JobHandler,
  type JobMap,
  type JobName,
  type JobOptions,
  type JobQueue,
  type QueueCounts,
} from './job-queue.js';

interface PendingJob {
  id: string;
  name: string;
  payload: unknown;
  attempt: number;
  attempts: number;
  backoff: { type: 'fixed' | 'exponential'; delayMs: number };
}

interface Lane {
  handler?: JobHandler<JobName>;
  concurrency: number;
  waiting: PendingJob[];
  active: number;
  delayed: Map<string, NodeJS.Timeout>;
  failed: number;
}

type Logger = { warn(msg: string): void; error(msg: string): void };

/**
 * The embedded mode's queue: same contract as Bull, in one process, nothing persisted. Work of record
 * lives in PostgreSQL, and the start-up reconciler re-enqueues what a stopped process left unfinished.
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly lanes = new Map<string, Lane>();
  private readonly known = new Set<string>();
  private readonly idle = new Set<() => void>();
  private seq = 0;
  private closing = false;
  private started = false;

  constructor(
    private readonly consume: boolean,
    private readonly log: Logger = console,
  ) {}

  process<N extends JobName>(name: N, handler: JobHandler<N>, opts?: { concurrency?: number }): void {
    const lane = this.lane(name);
    lane.handler = handler as unknown as JobHandler<JobName>;
    lane.concurrency = Math.max(1, opts?.concurrency ?? 1);
    this.pump(name);
  }

  start(): void {
    this.started = true;
    for (const name of this.lanes.keys()) this.pump(name);
  }

  async add<N extends JobName>(name: N, payload: JobMap[N], opts?: JobOptions): Promise<void> {
    if (this.closing) throw new Error(`queue is closing: cannot add ${name}`);
    const id = opts?.jobId ?? `${++this.seq}`;
    const key = `${name}:${id}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    const job: PendingJob = {
      id,
      name,
      payload: structuredClone(payload),
      attempt: 1,
      attempts: opts?.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
      backoff: opts?.backoff ?? DEFAULT_JOB_OPTIONS.backoff,
    };
    this.schedule(job, opts?.delayMs ?? 0);
  }

  async addBulk<N extends JobName>(name: N, jobs: Array<{ payload: JobMap[N]; opts?: JobOptions }>): Promise<void> {
    for (const j of jobs) await this.add(name, j.payload, j.opts);
  }

  names(): JobName[] {
    return [...this.lanes.keys()] as JobName[];
  }

  async counts(name: JobName): Promise<QueueCounts> {
    const lane = this.lane(name);
    return { waiting: lane.waiting.length, active: lane.active, delayed: lane.delayed.size, failed: lane.failed };
  }

  async ping(): Promise<void> {
    if (this.closing) throw new Error('queue is closed');
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const lane of this.lanes.values()) {
      for (const t of lane.delayed.values()) clearTimeout(t);
      lane.delayed.clear();
    }
    if ([...this.lanes.values()].every((l) => l.active === 0)) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { concurrency: 1, waiting: [], active: 0, delayed: new Map(), failed: 0 };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private schedule(job: PendingJob, delayMs: number): void {
    const lane = this.lane(job.name);
    if (delayMs <= 0) {
      lane.waiting.push(job);
      queueMicrotask(() => this.pump(job.name));
      return;
    }
    const timer = setTimeout(() => {
      lane.delayed.delete(job.id);
      lane.waiting.push(job);
      this.pump(job.name);
    }, delayMs);
    timer.unref();
    lane.delayed.set(job.id, timer);
  }

  private pump(name: string): void {
    const lane = this.lane(name);
    if (!this.consume || !this.started || !lane.handler) return;
    while (!this.closing && lane.active < lane.concurrency && lane.waiting.length > 0) {
      const job = lane.waiting.shift()!;
      lane.active++;
      void this.run(lane, job);
    }
  }

  private async run(lane: Lane, job: PendingJob): Promise<void> {
    const ctx: JobContext = { id: job.id, name: job.name, attempt: job.attempt };
    try {
      // A turn of the event loop before each job: embedded work (PGlite, instant simulated models) resolves
      // without I/O, so a run of jobs would otherwise be one chain of microtasks and starve every request.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await lane.handler!(job.payload as never, ctx);
      this.known.delete(`${job.name}:${job.id}`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (job.attempt < job.attempts && !this.closing) {
        this.log.warn(`job ${job.name}#${job.id} failed on try ${job.attempt}/${job.attempts}, retrying: ${reason}`);
        this.schedule({ ...job, attempt: job.attempt + 1 }, backoffDelay(job.backoff, job.attempt));
      } else {
        lane.failed++;
        this.known.delete(`${job.name}:${job.id}`);
        this.log.error(`job ${job.name}#${job.id} failed after ${job.attempt} tries: ${reason}`);
      }
    } finally {
      lane.active--;
      if (this.closing && [...this.lanes.values()].every((l) => l.active === 0)) {
        for (const resolve of this.idle) resolve();
        this.idle.clear();
      }
      this.pump(job.name);
    }
  }
}
