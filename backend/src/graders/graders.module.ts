import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayModule } from '../gateway/gateway.module.js';
import { GraderEntity } from './grader.entity.js';
import { GradersController } from './graders.controller.js';
import { GradersService } from './graders.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([GraderEntity]), GatewayModule],
  controllers: [GradersController],
  providers: [GradersService],
  exports: [GradersService],
})
export class GradersModule {}
