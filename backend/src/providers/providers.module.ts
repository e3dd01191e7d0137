import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.types.js';
import { CatalogueModel } from './accounts/catalogue-model.entity.js';
import { ProviderAccountEntity } from './accounts/provider-account.entity.js';
import { ProvidersController } from './accounts/providers.controller.js';
import { ProvidersService } from './accounts/providers.service.js';
import { ProviderRuntime } from './accounts/provider-runtime.js';

@Module({
  imports: [TypeOrmModule.forFeature([ProviderAccountEntity, CatalogueModel])],
  controllers: [ProvidersController],
  providers: [ProvidersService, ProviderRuntime],
  exports: [ProviderRuntime, ProvidersService],
})
export class ProvidersModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Providers');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly providers: ProvidersService,
    private readonly runtime: ProviderRuntime,
  ) {}

  /** The embedded demo starts with the simulator account `sim`, so the gateway answers before any real provider is added. */
  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
    if (this.config.database.kind !== 'embedded' || (await this.providers.list()).length > 0) return;
    await this.providers.create({ name: 'sim', kind: 'simulator' });
    this.logger.log('demo data: added the simulator provider "sim" (simulated models, not real LLMs)');
  }
}
