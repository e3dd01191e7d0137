import { Global, Module } from '@nestjs/common';
import { RequestLogBuffer } from './request-log-buffer.js';
import { RequestLogWriter } from './request-log-writer.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

/** The request log: the buffer the gateway writes into and the batch writer that drains it. */
@Global()
@Module({
  controllers: [UsageController],
  providers: [RequestLogBuffer, RequestLogWriter, UsageService],
  exports: [RequestLogBuffer, RequestLogWriter],
})
export class UsageModule {}
