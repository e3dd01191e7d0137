import { Global, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue.js';
import { RequestLogBuffer } from '../usage/request-log-buffer.js';
import { RequestLogWriter } from '../usage/request-log-writer.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { MetricsController } from './metrics.controller.js';

/** Prometheus `/metrics`. Domains add their own scrape-time gauges through {@link GatewayMetrics.gauge}. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [GatewayMetrics],
  exports: [GatewayMetrics],
})
export class MetricsModule implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly buffer: RequestLogBuffer,
    private readonly writer: RequestLogWriter,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    const m = this.metrics;
    m.gauge('switchyard_queue_jobs', 'Jobs per queue and state (waiting, active, delayed, failed)', ['queue', 'state'], async (set) => {
      for (const name of this.queue.names()) {
        const c = await this.queue.counts(name).catch(() => undefined);
        if (c) for (const [state, n] of Object.entries(c)) set({ queue: name, state }, n);
      }
    });
    m.gauge('switchyard_request_log_buffer_depth', 'Request-log records waiting to be written', [], (set) => set({}, this.buffer.depth));
    m.gauge('switchyard_request_log_dropped', 'Request-log records dropped because the buffer overflowed (since start)', [], (set) =>
      set({}, this.buffer.dropped),
    );
    m.gauge('switchyard_request_log_written', 'Request-log records written to the database (since start)', [], (set) => set({}, this.writer.written));
    m.gauge('switchyard_request_log_rejected', 'Request-log records the database refused for their content and dropped (since start)', [], (set) =>
      set({}, this.writer.rejected),
    );
    m.gauge('switchyard_request_log_write_errors', 'Failed request-log batch writes (since start)', [], (set) => set({}, this.writer.writeErrors));
  }
}
