import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExperimentsModule } from '../experiments/experiments.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { PromotionController } from './promotion.controller.js';
import { PromotionEntity } from './promotion.entity.js';
import { PromotionService } from './promotion.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([PromotionEntity]), ExperimentsModule, RoutingModule, ProvidersModule],
  controllers: [PromotionController],
  providers: [PromotionService],
  exports: [PromotionService],
})
export class PromotionModule {}
