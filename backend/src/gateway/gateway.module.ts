import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProvidersModule } from '../providers/providers.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { ResponseCache } from './cache/response-cache.js';
import { ChatService } from './chat.service.js';
import { FeedbackService } from './feedback/feedback.service.js';
import { GatewayRoutes } from './gateway.routes.js';
import { LiveExperiments } from './live-experiments.js';
import { ApiKey } from './keys/api-key.entity.js';
import { KeysController } from './keys/keys.controller.js';
import { KeysService } from './keys/keys.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), ProvidersModule, RoutingModule],
  controllers: [KeysController],
  providers: [ChatService, KeysService, GatewayRoutes, LiveExperiments, FeedbackService, ResponseCache],
  exports: [KeysService, ChatService, LiveExperiments],
})
export class GatewayModule {}
