import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminModule } from './admin/admin.module.js';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { ConfigModule } from './config/config.module.js';
import { ConfigFileModule } from './config/file/config-file.module.js';
import { type AppConfig, runsHttpApi } from './config/config.types.js';
import { ConsoleModule } from './console/console.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DatasetsModule } from './datasets/datasets.module.js';
import { ExperimentsModule } from './experiments/experiments.module.js';
import { EventsModule } from './events/events.module.js';
import { GATEWAY_HTTP, type GatewayHttp } from './gateway/gateway-http.js';
import { GatewayModule } from './gateway/gateway.module.js';
import { GradersModule } from './graders/graders.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { QueueModule } from './queue/queue.module.js';
import { PromotionModule } from './promotion/promotion.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RoutingModule } from './routing/routing.module.js';
import { SecretsModule } from './secrets/secrets.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { TemplatesModule } from './templates/templates.module.js';
import { UsageModule } from './usage/usage.module.js';

/** Composes the process from its role: every role has storage, queue and health; `all`/`api` add the HTTP surfaces. */
@Module({})
export class AppModule {
  /** `extra` modules are mounted before the console's catch-all (used by tests to add probes). */
  static forRoot(config: AppConfig, extra: Array<Type | DynamicModule> = [], gateway?: GatewayHttp): DynamicModule {
    // A worker runs the job handlers, which need the domains behind them; it serves their admin API (guarded) but no console.
    const domains = [AdminModule, RoutingModule, GatewayModule, DatasetsModule, GradersModule, ExperimentsModule, ReportsModule, PromotionModule];
    const http = runsHttpApi(config) ? [...domains, TemplatesModule, ConfigFileModule, ConsoleModule.forRoot(config)] : domains;
    return {
      module: AppModule,
      imports: [
        // First, so that it stops last and flushes the spans of everything else (telemetry.module.ts).
        TelemetryModule.forRoot(config),
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        QueueModule.forRoot(config),
        EventsModule.forRoot(config),
        SecretsModule,
        UsageModule,
        MetricsModule,
        HealthModule.forRoot(config),
        // The console's catch-all route must be registered after every API module.
        ...extra,
        ...http,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: GATEWAY_HTTP, useValue: gateway ?? null },
      ],
      exports: [GATEWAY_HTTP],
      global: true,
    };
  }
}
