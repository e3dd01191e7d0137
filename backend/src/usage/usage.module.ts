import { Global, Module } from '@nestjs/common';
import { LimitsService } from './limits/limits.service.js';
import { RequestLogBuffer } from './request-log-buffer.js';
import { RequestLogWriter } from './request-log-writer.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

/** The request log: the buffer the gateway writes into and the batch writer that drains it. */
@Global()
@Module({
  controllers: [UsageController],
  providers: [RequestLogBuffer, RequestLogWriter, UsageService, LimitsService],
  exports: [RequestLogBuffer, RequestLogWriter, LimitsService],
})
export class UsageModule {}
