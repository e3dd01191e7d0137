import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProvidersModule } from '../providers/providers.module.js';
import { RouteEntity, RouteVersionEntity } from './route.entity.js';
import { RouteResolver } from './route-resolver.js';
import { RouteTable } from './route-table.js';
import { RoutesController } from './routes.controller.js';
import { RoutesService } from './routes.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([RouteEntity, RouteVersionEntity]), ProvidersModule],
  controllers: [RoutesController],
  providers: [RoutesService, RouteTable, RouteResolver],
  exports: [RouteTable, RoutesService, RouteResolver],
})
export class RoutingModule implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly table: RouteTable,
  ) {}

  onApplicationBootstrap(): void {
    const STATES = { closed: 0, half_open: 1, open: 2 } as const;
    this.metrics.gauge('switchyard_breaker_state', 'Circuit breaker per route target: 0 closed, 1 half-open, 2 open', ['route', 'target'], (set) => {
      for (const b of this.table.breakerStates()) {
        const [route, target] = b.key.split('\u0000');
        set({ route, target }, STATES[b.state]);
      }
    });
  }
}
