import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig, TelemetryConfig } from '../config/config.types.js';
import { NO_TRACING, TRACING, type Tracing } from './tracing.js';

/** The SDK is imported only when traces are on: with no endpoint, none of its modules is loaded. */
async function createTracing(config: TelemetryConfig | undefined): Promise<Tracing> {
  if (!config) return NO_TRACING;
  const { OtelTracing } = await import('./otel-tracing.js');
  new Logger('Telemetry').log({ endpoint: config.tracesUrl, serviceName: config.serviceName, sampler: config.sampler.name }, 'exporting traces over OTLP/HTTP');
  return new OtelTracing(config);
}

/** Exports the spans still buffered when the process stops (runs after the HTTP server and the job queue have drained). */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: Tracing) {}

  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

/**
 * Provides {@link TRACING}. Imported first by the app module: global modules stop in the reverse order of
 * their registration, so this one flushes after the queue and the request log.
 */
@Global()
@Module({})
export class TelemetryModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TelemetryModule,
      providers: [{ provide: TRACING, useFactory: () => createTracing(config.telemetry) }, TracingShutdown],
      exports: [TRACING],
    };
  }
}
