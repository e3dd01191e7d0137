import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue.js';

export type CheckResult = 'ok' | string;

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

@Injectable()
export class HealthService {
  constructor(
    private readonly db: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Each dependency's state: `ok`, or why it is not. */
  async readiness(): Promise<{ ready: boolean; checks: { database: CheckResult; queue: CheckResult } }> {
    const [database, queue] = await Promise.all([
      withTimeout(this.db.query('SELECT 1'), 2000).then(
        () => 'ok',
        (e: Error) => `unavailable: ${e.message}`,
      ),
      withTimeout(this.queue.ping(), 2000).then(
        () => 'ok',
        (e: Error) => `unavailable: ${e.message}`,
      ),
    ]);
    return { ready: database === 'ok' && queue === 'ok', checks: { database, queue } };
  }
}
