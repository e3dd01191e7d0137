import Bull from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import { DEFAULT_JOB_OPTIONS, type JobHandler, type JobMap, type JobName, type JobOptions, type JobQueue, type QueueCounts } from './job-queue.js';

/**
 * Bull on Redis: one Bull queue per job name under a shared key prefix. The plain and subscriber Redis
 * connections are shared by every queue (Bull's documented `createClient` reuse); each queue gets its
 * own blocking connection, as Bull requires.
 */
export class BullQueue implements JobQueue {
  readonly kind = 'bull' as const;
  private readonly queues = new Map<string, Bull.Queue>();
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly blocking: Redis[] = [];
  /** Handlers registered before {@link start}: consuming begins once the application has started. */
  private pending?: Array<() => void> = [];

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly consume: boolean,
  ) {
    const opts: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: false, lazyConnect: false };
    this.client = new Redis(redisUrl, opts);
    this.subscriber = new Redis(redisUrl, opts);
    // Errors surface through ping() and failed adds; without a listener ioredis would print every reconnect.
    for (const c of [this.client, this.subscriber]) c.on('error', () => undefined);
  }

  private queue(name: string): Bull.Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Bull(name, {
        prefix: this.prefix,
        // A killed worker's active jobs go back to waiting once their lock lapses: 15 s instead of Bull's 30 s,
        // checked every 5 s; a live worker renews its locks every 7.5 s. Jobs are idempotent, so a job stalled
        // by a long pause is run again rather than failed (up to 3 times).
        settings: { lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 3 },
        createClient: (type) => {
          if (type === 'client') return this.client;
          if (type === 'subscriber') return this.subscriber;
          const b = new Redis(this.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: false });
          b.on('error', () => undefined);
          this.blocking.push(b);
          return b;
        },
      });
      this.queues.set(name, q);
    }
    return q;
  }

  names(): JobName[] {
    return [...this.queues.keys()] as JobName[];
  }

  process<N extends JobName>(name: N, handler: JobHandler<N>, opts?: { concurrency?: number }): void {
    if (!this.consume) return;
    const consume = () =>
      void this.queue(name).process(Math.max(1, opts?.concurrency ?? 1), async (job) => {
        await handler(job.data as JobMap[N], { id: String(job.id), name, attempt: job.attemptsMade + 1 });
      });
    if (this.pending) this.pending.push(consume);
    else consume();
  }

  start(): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const consume of pending) consume();
  }

  private toBull(opts?: JobOptions): Bull.JobOptions {
    const backoff = opts?.backoff ?? DEFAULT_JOB_OPTIONS.backoff;
    return {
      jobId: opts?.jobId,
      delay: opts?.delayMs,
      attempts: opts?.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
      backoff: { type: backoff.type, delay: backoff.delayMs },
      removeOnComplete: true,
      removeOnFail: 1000,
    };
  }

  async add<N extends JobName>(name: N, payload: JobMap[N], opts?: JobOptions): Promise<void> {
    await this.queue(name).add(payload, this.toBull(opts));
  }

  async addBulk<N extends JobName>(name: N, jobs: Array<{ payload: JobMap[N]; opts?: JobOptions }>): Promise<void> {
    await this.queue(name).addBulk(jobs.map((j) => ({ data: j.payload, opts: this.toBull(j.opts) })));
  }

  async counts(name: JobName): Promise<QueueCounts> {
    const c = await this.queue(name).getJobCounts();
    return { waiting: c.waiting, active: c.active, delayed: c.delayed, failed: c.failed };
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.allSettled([this.client, this.subscriber, ...this.blocking].map((c) => c.quit()));
  }
}
