import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatasetsModule } from '../datasets/datasets.module.js';
import { GatewayModule } from '../gateway/gateway.module.js';
import { GradersModule } from '../graders/graders.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { ExperimentEntity } from './experiment.entity.js';
import { ExperimentResults } from './experiment-results.js';
import { ExperimentRunner } from './experiment-runner.js';
import { ExperimentsController } from './experiments.controller.js';
import { ExperimentsService } from './experiments.service.js';
import { LiveGrading } from './live/live-grading.js';

@Module({
  imports: [TypeOrmModule.forFeature([ExperimentEntity]), GatewayModule, GradersModule, DatasetsModule, RoutingModule, ProvidersModule],
  controllers: [ExperimentsController],
  providers: [ExperimentsService, ExperimentRunner, ExperimentResults, LiveGrading],
  exports: [ExperimentsService, ExperimentResults],
})
export class ExperimentsModule {}
