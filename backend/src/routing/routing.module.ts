import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProvidersModule } from '../providers/providers.module.js';
import { RouteEntity, RouteVersionEntity } from './route.entity.js';
import { RouteTable } from './route-table.js';
import { RoutesController } from './routes.controller.js';
import { RoutesService } from './routes.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([RouteEntity, RouteVersionEntity]), ProvidersModule],
  controllers: [RoutesController],
  providers: [RoutesService, RouteTable],
  exports: [RouteTable, RoutesService],
})
export class RoutingModule {}
