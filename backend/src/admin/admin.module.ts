import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminGuard } from './admin.guard.js';
import { AdminTokenService } from './admin-token.service.js';
import { AuthController } from './auth.controller.js';
import { Setting } from './setting.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Setting])],
  controllers: [AuthController],
  providers: [AdminTokenService, { provide: APP_GUARD, useClass: AdminGuard }],
  exports: [AdminTokenService],
})
export class AdminModule {}
