import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.types.js';
import { runsHttpApi } from '../config/config.types.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { SystemController } from './system.controller.js';

/** Health probes in every role; the admin-only system summary where the admin API runs. */
@Module({})
export class HealthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: HealthModule,
      controllers: runsHttpApi(config) ? [HealthController, SystemController] : [HealthController],
      providers: [HealthService],
    };
  }
}
