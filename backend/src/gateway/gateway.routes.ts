import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { bearerToken } from '../admin/admin-token.js';
import { AppError } from '../common/errors/app-error.js';
import type { EmbeddingRequest } from '../providers/chat-types.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { validateChatRequest } from './chat-request.validation.js';
import { ChatService } from './chat.service.js';
import { type Exchange, GATEWAY_HTTP, type GatewayHttp, sendJson } from './gateway-http.js';
import { type GatewayPrincipal, KeysService } from './keys/keys.service.js';

/** The OpenAI-compatible endpoints, mounted on the gateway's HTTP surface (see gateway-http.ts). */
@Injectable()
export class GatewayRoutes implements OnModuleInit {
  constructor(
    @Inject(GATEWAY_HTTP) private readonly http: GatewayHttp,
    private readonly chat: ChatService,
    private readonly keys: KeysService,
    private readonly runtime: ProviderRuntime,
  ) {}

  onModuleInit(): void {
    this.http.register('POST', '/v1/chat/completions', (ex) => this.completions(ex, this.authenticate(ex)));
    this.http.register('GET', '/v1/models', async (ex) => {
      this.authenticate(ex);
      sendJson(ex, 200, { object: 'list', data: this.runtime.catalogue().map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.provider })) });
    });
    this.http.register('POST', '/v1/embeddings', (ex) => this.embeddings(ex, this.authenticate(ex)));
  }

  /** `Authorization: Bearer <key>`, or Azure-style `api-key`, as OpenAI clients send it. */
  private authenticate(ex: Exchange): GatewayPrincipal {
    const header = ex.req.headers['api-key'];
    const secret = bearerToken(ex.req.headers.authorization) ?? (typeof header === 'string' ? header : undefined);
    if (!secret) throw new AppError('gateway/missing-api-key', "You didn't provide an API key. Send it as `Authorization: Bearer <key>`.", 401);
    const who = this.keys.authenticate(secret);
    if (!who) throw new AppError('gateway/invalid-api-key', 'Incorrect API key provided, or the key was revoked.', 401);
    return who;
  }

  private async completions(ex: Exchange, who: GatewayPrincipal): Promise<void> {
    const v = validateChatRequest(ex.body);
    if (!v.ok) throw new AppError('request/invalid-body', 'Invalid request', 400, v.details);
    const resolved = this.chat.resolve(v.value.model);
    if (v.value.stream) await this.chat.stream(v.value, resolved, ex, who);
    else await this.chat.complete(v.value, resolved, ex, who);
  }

  private async embeddings(ex: Exchange, _who: GatewayPrincipal): Promise<void> {
    const body = ex.body as EmbeddingRequest | undefined;
    const details = [];
    if (typeof body?.model !== 'string' || !body.model) details.push({ path: 'model', message: 'is required' });
    const input = body?.input;
    if (!(typeof input === 'string' || (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')))) {
      details.push({ path: 'input', message: 'must be a string or a non-empty array of strings' });
    }
    if (details.length) throw new AppError('request/invalid-body', 'Invalid request', 400, details);
    await this.chat.embed(body!, ex);
  }
}
