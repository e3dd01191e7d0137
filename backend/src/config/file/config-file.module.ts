import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config.module.js';
import type { AppConfig } from '../config.types.js';
import { ProvidersModule } from '../../providers/providers.module.js';
import { RoutingModule } from '../../routing/routing.module.js';
import { ConfigApplyService } from './config-apply.service.js';
import { ConfigFileController } from './config-file.controller.js';

/** switchyard.yaml: applied at start when SWITCHYARD_CONFIG names one, and through /api/config. */
@Module({
  imports: [ProvidersModule, RoutingModule],
  controllers: [ConfigFileController],
  providers: [ConfigApplyService],
})
export class ConfigFileModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('ConfigFile');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apply: ConfigApplyService,
  ) {}

  /** A file that cannot be applied stops the start: serving with half a configuration would be worse. */
  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.file;
    if (!file) return;
    const changes = await this.apply.apply(file.content, { actor: 'switchyard.yaml', source: file.path, locate: file.locate });
    const changed = changes.filter((c) => c.action !== 'unchanged');
    this.logger.log(`applied ${file.path}: ${changed.length ? changed.map((c) => `${c.kind} ${c.name} ${c.action}`).join(', ') : 'no changes'}`);
  }
}
