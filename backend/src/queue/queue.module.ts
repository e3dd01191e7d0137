import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config.types.js';
import { runsWorkers } from '../config/config.types.js';
import { BullQueue } from './bull-queue.js';
import { InProcessQueue } from './in-process-queue.js';
import { JOB_QUEUE, type JobQueue } from './job-queue.js';
import { QueueReconciler } from './reconciler.js';

@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Queue');

  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  static forRoot(config: AppConfig): DynamicModule {
    const consume = runsWorkers(config);
    const logger = new Logger('Queue');
    return {
      module: QueueModule,
      providers: [
        {
          provide: JOB_QUEUE,
          useFactory: (): JobQueue =>
            config.queue.kind === 'bull'
              ? new BullQueue(config.queue.redisUrl, config.queue.prefix, consume)
              : new InProcessQueue(consume, { warn: (m) => logger.warn(m), error: (m) => logger.error(m) }),
        },
        QueueReconciler,
      ],
      exports: [JOB_QUEUE, QueueReconciler],
    };
  }

  /** Runs after the HTTP server has drained, so no request enqueues into a closed queue. */
  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    this.logger.log('job queue closed');
  }
}
