import { type DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../config/config.types.js';

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Structured JSON logs (pino); every line written during a request carries its `reqId`. Credentials are redacted. */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.log.level,
            base: { role: config.role },
            customAttributeKeys: { reqId: 'reqId' },
            // Fastify assigns the id (see http/fastify-options.ts) before pino-http sees the request.
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
            autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(req.url ?? '') },
            redact: {
              paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
