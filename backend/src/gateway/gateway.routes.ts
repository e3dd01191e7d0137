import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../admin/admin-token.js';
import { AppError } from '../common/errors/app-error.js';
import { normalizeError } from '../common/errors/error-body.js';
import type { EmbeddingRequest } from '../providers/chat-types.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { validateChatRequest } from './chat-request.validation.js';
import { GATEWAY_HTTP } from './gateway-http.js';
import { ChatService } from './chat.service.js';
import { KeysService, type GatewayPrincipal } from './keys/keys.service.js';
import { toOpenAIError } from './openai-error.js';

/**
 * The OpenAI-compatible surface, mounted on the gateway's own Fastify instance (see gateway-http.ts): the
 * hot path skips Nest's router, guards, interceptors and global hooks (measured in docs/benchmarks.md)
 * while its logic stays in ChatService. Every failure is answered in OpenAI's error shape.
 */
@Injectable()
export class GatewayRoutes implements OnModuleInit {
  constructor(
    @Inject(GATEWAY_HTTP) private readonly fastify: FastifyInstance,
    private readonly chat: ChatService,
    private readonly keys: KeysService,
    private readonly runtime: ProviderRuntime,
  ) {}

  onModuleInit(): void {
    const fastify = this.fastify;
    fastify.post('/v1/chat/completions', (req, reply) => this.handle(req, reply, (who) => this.completions(req, reply, who)));
    fastify.get('/v1/models', (req, reply) => this.handle(req, reply, async () => void reply.send(this.models())));
    fastify.post('/v1/embeddings', (req, reply) => this.handle(req, reply, async () => void reply.send(await this.embeddings(req, reply))));
  }

  private async handle(req: FastifyRequest, reply: FastifyReply, fn: (who: GatewayPrincipal) => Promise<void>): Promise<void> {
    try {
      await fn(this.authenticate(req));
    } catch (err) {
      const e = normalizeError(err);
      if (reply.sent || reply.raw.headersSent) return;
      if (e.headers) void reply.headers(e.headers);
      void reply.status(e.status).send(toOpenAIError(e));
    }
  }

  /** `Authorization: Bearer <key>`, or Azure-style `api-key`, as OpenAI clients send it. */
  private authenticate(req: FastifyRequest): GatewayPrincipal {
    const header = req.headers['api-key'];
    const secret = bearerToken(req.headers.authorization) ?? (typeof header === 'string' ? header : undefined);
    if (!secret) throw new AppError('gateway/missing-api-key', "You didn't provide an API key. Send it as `Authorization: Bearer <key>`.", 401);
    const who = this.keys.authenticate(secret);
    if (!who) throw new AppError('gateway/invalid-api-key', 'Incorrect API key provided, or the key was revoked.', 401);
    return who;
  }

  private async completions(req: FastifyRequest, reply: FastifyReply, who: GatewayPrincipal): Promise<void> {
    const v = validateChatRequest(req.body);
    if (!v.ok) throw new AppError('request/invalid-body', 'Invalid request', 400, v.details);
    const resolved = this.chat.resolve(v.value.model);
    if (v.value.stream) await this.chat.stream(v.value, resolved, reply, who);
    else await this.chat.complete(v.value, resolved, reply, who);
  }

  private models() {
    return { object: 'list', data: this.runtime.catalogue().map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.provider })) };
  }

  private embeddings(req: FastifyRequest, reply: FastifyReply) {
    const body = req.body as EmbeddingRequest | undefined;
    const details = [];
    if (typeof body?.model !== 'string' || !body.model) details.push({ path: 'model', message: 'is required' });
    const input = body?.input;
    if (!(typeof input === 'string' || (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')))) {
      details.push({ path: 'input', message: 'must be a string or a non-empty array of strings' });
    }
    if (details.length) throw new AppError('request/invalid-body', 'Invalid request', 400, details);
    return this.chat.embed(body!, reply);
  }
}
