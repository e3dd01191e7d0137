import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.types.js';
import { DatasetsModule } from '../datasets/datasets.module.js';
import { DatasetsService } from '../datasets/datasets.service.js';
import { seedDemoDatasets } from '../datasets/demo-data.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayModule } from '../gateway/gateway.module.js';
import { GraderEntity } from './grader.entity.js';
import { GradersController } from './graders.controller.js';
import { GradersService } from './graders.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([GraderEntity]), GatewayModule, DatasetsModule],
  controllers: [GradersController],
  providers: [GradersService],
  exports: [GradersService],
})
export class GradersModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly datasets: DatasetsService,
    private readonly graders: GradersService,
  ) {}

  /** The embedded start loads the bundled datasets and matching graders as demo data (once). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.database.kind !== 'embedded') return;
    const dir = fileURLToPath(new URL('../../../datasets/', import.meta.url));
    const loaded = await seedDemoDatasets(dir, this.db, this.datasets, this.graders);
    if (loaded.length) this.logger.log(`demo data: loaded the bundled datasets ${loaded.join(', ')} and graders for them`);
  }
}
