import { Module } from '@nestjs/common';
import { ExperimentsModule } from '../experiments/experiments.module.js';
import { ReportsController } from './reports.controller.js';
import { GatewayModule } from '../gateway/gateway.module.js';
import { ExperimentEvaluator } from './experiment-evaluator.js';
import { LiveReportsService } from './live-reports.service.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [ExperimentsModule, GatewayModule],
  controllers: [ReportsController],
  providers: [ReportsService, LiveReportsService, ExperimentEvaluator],
  exports: [ReportsService, LiveReportsService],
})
export class ReportsModule {}
