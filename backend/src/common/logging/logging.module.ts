import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../config/config.types.js';

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Middleware may see a rewritten `url`; `originalUrl` is what the client asked for. */
const requestPath = (req: IncomingMessage): string => ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0];

/** Structured JSON logs (pino); every line written during a request carries its `reqId`. Credentials are redacted. */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino 5.2.1's default route pattern `{/*splat}` matches nothing under the Fastify adapter of
          // Nest 12.5 (no request was logged); `{*splat}` matches every path.
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          // The gateway's requests go to its own request log (a buffer, off the hot path), not to stdout.
          exclude: [{ path: 'v1/{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.log.level,
            base: { role: config.role },
            customAttributeKeys: { reqId: 'reqId' },
            // Fastify assigns the id (see http/fastify-options.ts) before pino-http sees the request.
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
            // Bind only `reqId` to the lines logged during a request; the completion line adds req/res.
            quietReqLogger: true,
            autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(requestPath(req)) },
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
