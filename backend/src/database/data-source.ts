import type { PGlite } from '@electric-sql/pglite';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.types.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { pgliteDriverModule } from './pglite-pool.js';

/** TypeORM options shared by both storage modes: same entities, same migrations, never `synchronize`. */
export function dataSourceOptions(config: AppConfig, embedded?: PGlite): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'switchyard_migrations',
    synchronize: false,
    logging: false,
  };
  if (config.database.kind === 'embedded') {
    if (!embedded) throw new Error('embedded database not opened');
    return { ...common, driver: pgliteDriverModule(embedded), installExtensions: false };
  }
  return { ...common, url: config.database.url, poolSize: config.database.poolSize, installExtensions: false };
}

export function createDataSource(config: AppConfig, embedded?: PGlite): DataSource {
  return new DataSource(dataSourceOptions(config, embedded));
}
