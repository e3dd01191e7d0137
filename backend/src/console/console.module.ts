import { type DynamicModule, Module } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/config.types.js';
import { ConsoleController } from './console.controller.js';
import { CONSOLE_INDEX } from './console.tokens.js';

@Module({})
export class ConsoleModule {
  static forRoot(config: AppConfig): DynamicModule {
    const index = join(config.console.distDir, 'index.html');
    return {
      module: ConsoleModule,
      controllers: [ConsoleController],
      providers: [{ provide: CONSOLE_INDEX, useFactory: () => (existsSync(index) ? readFileSync(index, 'utf8') : null) }],
    };
  }
}
