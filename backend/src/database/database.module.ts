import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config.types.js';
import { dataSourceOptions } from './data-source.js';
import { openEmbeddedDatabase } from './embedded-database.js';

/** The embedded PGlite instance when running without DATABASE_URL, else null. Used for LISTEN/NOTIFY. */
export const EMBEDDED_DB = Symbol('EMBEDDED_DB');

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(@Inject(EMBEDDED_DB) private readonly embedded: PGlite | null) {}

  static forRoot(config: AppConfig): DynamicModule {
    // One PGlite per process: both providers below share this promise.
    let opened: Promise<PGlite | null> | undefined;
    const open = () => (opened ??= config.database.kind === 'embedded' ? openEmbeddedDatabase(config.database.dataDir) : Promise.resolve(null));
    const embeddedProvider = { provide: EMBEDDED_DB, useFactory: open };
    return {
      module: DatabaseModule,
      providers: [embeddedProvider],
      exports: [EMBEDDED_DB],
      imports: [
        TypeOrmModule.forRootAsync({
          extraProviders: [embeddedProvider],
          inject: [EMBEDDED_DB],
          useFactory: (embedded: PGlite | null) => ({
            ...dataSourceOptions(config, embedded ?? undefined),
            migrationsRun: true,
            retryAttempts: config.database.kind === 'postgres' ? 5 : 0,
            retryDelay: 2000,
          }),
        }),
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.embedded && !this.embedded.closed) {
      await this.embedded.close();
      this.logger.log('embedded database closed');
    }
  }
}
