import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { AppConfig } from '../../config/config.types.js';

/** The process's one pino logger: JSON lines on stdout, credentials redacted wherever they appear. */
export function createRootLogger(config: AppConfig): Logger {
  return pino({
    level: config.log.level,
    base: { role: config.role },
    redact: {
      paths: ['authorization', 'apiKey', 'token', '*.authorization', '*.apiKey', '*.token', 'req.headers.authorization', 'req.headers["api-key"]'],
      censor: '[redacted]',
    },
  });
}

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's LoggerService over pino. Nest passes the context (class name) as the last string argument; an
 * object first argument is merged into the line, as with pino itself.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  private call(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length > 0 && typeof rest.at(-1) === 'string') fields.context = rest.pop();
    if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && typeof message === 'string') {
      // Nest's own handlers call error(message, stack, context).
      this.root.error({ ...fields, err: { message, stack: rest[0] } }, message);
      return;
    }
    if (message instanceof Error) this.root[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.root[level]({ ...fields, ...message }, ...(rest as [string]));
    else this.root[level](fields, String(message));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.call('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.call('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.call('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.call('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.call('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.call('fatal', message, params);
  }
}

const QUIET = /^\/(healthz|readyz|metrics)(\?|$)/;
// Gateway calls are recorded in the request log (usage domain), not one stdout line each.
const OWN_LOG = /^\/v1\//;

/**
 * One `request completed` line per admin/console request, carrying its `reqId`. A Fastify hook rather
 * than middleware: no per-request child logger or async-context tracking on the hot path.
 */
export function registerRequestLogging(fastify: FastifyInstance, root: Logger): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    if (!QUIET.test(req.url) && !OWN_LOG.test(req.url) && root.isLevelEnabled('info')) {
      root.info(
        {
          reqId: req.id,
          req: { method: req.method, url: req.url },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request completed',
      );
    }
    done();
  });
}
