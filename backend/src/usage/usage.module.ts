import { Global, Module } from '@nestjs/common';
import { RequestLogBuffer } from './request-log-buffer.js';
import { RequestLogWriter } from './request-log-writer.js';

/** The request log: the buffer the gateway writes into and the batch writer that drains it. */
@Global()
@Module({
  providers: [RequestLogBuffer, RequestLogWriter],
  exports: [RequestLogBuffer, RequestLogWriter],
})
export class UsageModule {}
