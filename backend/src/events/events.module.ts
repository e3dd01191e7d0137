import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config.types.js';
import { type ChangeBus, LocalChangeBus, PgChangeBus, RedisChangeBus } from './change-bus.js';

export const CHANGE_BUS = Symbol('CHANGE_BUS');

/** The process's {@link ChangeBus}: Redis pub/sub when REDIS_URL is set, else PostgreSQL NOTIFY, else local. */
@Global()
@Module({})
export class EventsModule implements OnApplicationShutdown {
  constructor(@Inject(CHANGE_BUS) private readonly bus: ChangeBus) {}

  static forRoot(config: AppConfig): DynamicModule {
    const logger = new Logger('ChangeBus');
    let warned = 0;
    const onError = (err: Error) => {
      // A down Redis or database reports on every reconnect attempt: say it, but not every second.
      if (Date.now() - warned > 30_000) logger.warn(`change notifications unavailable (${err.message}); processes fall back to periodic checks`);
      warned = Date.now();
    };
    const make = (): ChangeBus => {
      if (config.queue.kind === 'bull') return new RedisChangeBus(config.queue.redisUrl, config.queue.prefix, onError);
      if (config.database.kind === 'postgres') return new PgChangeBus(config.database.url, onError);
      return new LocalChangeBus();
    };
    return { module: EventsModule, providers: [{ provide: CHANGE_BUS, useFactory: make }], exports: [CHANGE_BUS] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
