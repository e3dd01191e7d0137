import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toOpenAIError } from '../../gateway/openai-error.js';
import { toApiError } from './api-error-body.js';
import { normalizeError } from './error-body.js';

/**
 * The one place errors become HTTP responses: OpenAI's shape under `/v1`, the admin shape elsewhere.
 * 5xx are logged with their cause; clients only ever see a stable code and a message.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const e = normalizeError(err);
    if (e.status >= 500) this.logger.error({ err, reqId: req.id }, `request failed: ${req.method} ${req.url}`);
    if (reply.sent) return;
    const body = req.url.startsWith('/v1/') || req.url === '/v1' ? toOpenAIError(e) : toApiError(e, String(req.id));
    if (e.headers) void reply.headers(e.headers);
    void reply.status(e.status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
