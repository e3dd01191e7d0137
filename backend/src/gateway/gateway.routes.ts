import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { bearerToken } from '../admin/admin-token.js';
import { AppError } from '../common/errors/app-error.js';
import type { EmbeddingRequest } from '../providers/chat-types.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { parseProviderHints } from '../routing/core/hints.js';
import { RouteResolver } from '../routing/route-resolver.js';
import { LimitsService } from '../usage/limits/limits.service.js';
import { validateChatRequest } from './chat-request.validation.js';
import { parseFeedback } from './feedback/feedback-body.js';
import { FeedbackService } from './feedback/feedback.service.js';
import { ChatService } from './chat.service.js';
import { type Exchange, GATEWAY_HTTP, type GatewayHttp, sendJson } from './gateway-http.js';
import { isAllowed } from './keys/allowed-models.js';
import { type GatewayPrincipal, KeysService } from './keys/keys.service.js';
import { parseMessagesRequest, messagesWire, toAnthropicError } from './messages/index.js';
import type { GatewayChatRequest } from './upstream-body.js';

function gatewayScoped(who: GatewayPrincipal | undefined): GatewayPrincipal {
  if (!who) throw new AppError('gateway/invalid-api-key', 'Incorrect API key provided, or the key was revoked.', 401);
  if (!who.scopes.includes('gateway')) throw new AppError('gateway/key-scope', 'This key has no `gateway` scope: it cannot call /v1.', 403);
  return who;
}

/** Calls `fn` at once with a known principal, or after the lookup of an unknown one. */
function withKey<T>(who: GatewayPrincipal | Promise<GatewayPrincipal>, fn: (who: GatewayPrincipal) => Promise<T>): Promise<T> {
  return who instanceof Promise ? who.then(fn) : fn(who);
}

/** The OpenAI-compatible endpoints, mounted on the gateway's HTTP surface (see gateway-http.ts). */
@Injectable()
export class GatewayRoutes implements OnModuleInit {
  constructor(
    @Inject(GATEWAY_HTTP) private readonly http: GatewayHttp,
    private readonly chat: ChatService,
    private readonly keys: KeysService,
    private readonly limits: LimitsService,
    private readonly runtime: ProviderRuntime,
    private readonly resolver: RouteResolver,
    private readonly feedback: FeedbackService,
  ) {}

  onModuleInit(): void {
    this.http.register('POST', '/v1/chat/completions', (ex) => withKey(this.authenticate(ex), (who) => this.completions(ex, who)));
    this.http.register('GET', '/v1/models', (ex) => withKey(this.authenticate(ex), async (who) => this.models(ex, who)));
    this.http.register('POST', '/v1/embeddings', (ex) => withKey(this.authenticate(ex), (who) => this.embeddings(ex, who)));
    this.http.register('POST', '/v1/feedback', (ex) => withKey(this.authenticate(ex), (who) => this.recordFeedback(ex, who)));
    this.http.register('POST', '/v1/messages', (ex) => withKey(this.authenticate(ex, 'x-api-key'), (who) => this.messages(ex, who)), toAnthropicError);
  }

  /**
   * `Authorization: Bearer <key>`, or Azure-style `api-key` (Anthropic's `x-api-key` on /v1/messages). Synchronous for a key this
   * process knows; one it has not heard of yet (made a moment ago elsewhere) is looked up once (KeysService.resolve).
   */
  private authenticate(ex: Exchange, keyHeader = 'api-key'): GatewayPrincipal | Promise<GatewayPrincipal> {
    const header = ex.req.headers[keyHeader];
    const secret = bearerToken(ex.req.headers.authorization) ?? (typeof header === 'string' ? header : undefined);
    const how = keyHeader === 'x-api-key' ? '`x-api-key: <key>`' : '`Authorization: Bearer <key>`';
    if (!secret) throw new AppError('gateway/missing-api-key', `You didn't provide an API key. Send it as ${how}.`, 401);
    const who = this.keys.resolve(secret);
    return who instanceof Promise ? who.then(gatewayScoped) : gatewayScoped(who);
  }

  /**
   * The key's allow-list covers the model and every fallback; then its rate limits and budgets. Synchronous for a
   * key without limits (most calls): an async function's promise and its await were a microtask per request.
   */
  private admit(who: GatewayPrincipal, models: string[]): number | undefined | Promise<number | undefined> {
    for (const [i, m] of models.entries()) {
      if (!isAllowed(who.allowed, m)) {
        throw new AppError('gateway/model-not-allowed', `This key may not use \`${m}\`.`, 403, [
          { path: i === 0 ? 'model' : `models[${i - 1}]`, message: 'is not allowed for this key' },
        ]);
      }
    }
    if (!who.limits) return undefined;
    return this.limits.check(who.keyId, who.limits).then((v) => {
      if (!v.ok) throw new AppError(`gateway/${v.limit.replace(/_/g, '-')}-exceeded`, v.message, 429, undefined, { 'retry-after': String(v.retryAfterS) });
      return v.spentTodayUsd;
    });
  }

  private async completions(ex: Exchange, who: GatewayPrincipal): Promise<void> {
    const v = validateChatRequest(ex.body);
    if (!v.ok) throw new AppError('request/invalid-body', 'Invalid request', 400, v.details);
    const body = v.value as GatewayChatRequest;
    // Routing hints: a `model` suffix (`support-chat:cheapest`) and OpenRouter's `provider` object.
    const h = parseProviderHints(body.provider);
    if (!h.ok) throw new AppError('routing/unknown-hint', 'Invalid routing hint', 400, h.details);
    const model = this.resolver.routeModel(body.model, h.value);
    const admitted = this.admit(who, body.models ? [model, ...body.models] : [model]);
    const keySpentUsd = admitted instanceof Promise ? await admitted : admitted;
    const routeSpentUsd = this.resolver.routeBudgeted(model) ? await this.limits.routeSpentToday(model) : undefined;
    const budget = { keySpentUsd, keyBudgetUsd: who.limits?.dailyBudgetUsd, routeSpentUsd };
    const plan = this.chat.plan(body, ex, { model, hints: h.value, budget });
    if (body.stream) await this.chat.stream(body, plan, ex, who);
    else await this.chat.complete(body, plan, ex, who);
  }

  /** Anthropic's Messages API (messages/): translated to the internal request, served like a chat completion, answered as a Message. */
  private async messages(ex: Exchange, who: GatewayPrincipal): Promise<void> {
    const v = parseMessagesRequest(ex.body);
    if (!v.ok) throw new AppError('request/invalid-body', 'Invalid request', 400, v.details);
    await this.admit(who, [v.value.model]);
    const plan = this.chat.plan(v.value, ex);
    const wire = messagesWire(ex.id, v.value.model);
    await (v.value.stream ? this.chat.stream(v.value, plan, ex, who, wire) : this.chat.complete(v.value, plan, ex, who, wire));
  }

  /** Route aliases and catalogue models this key may use. */
  private models(ex: Exchange, who: GatewayPrincipal): void {
    const data = [
      ...this.resolver.aliases().map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchyard-route' })),
      ...this.runtime.catalogue().map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.provider })),
    ].filter((m) => isAllowed(who.allowed, m.id));
    sendJson(ex, 200, { object: 'list', data });
  }

  /** The application's outcome for a request (`x-switchyard-request-id`): it joins the experiment's report. */
  private async recordFeedback(ex: Exchange, who: GatewayPrincipal): Promise<void> {
    const v = parseFeedback(ex.body);
    if (!v.ok) throw new AppError('request/invalid-body', 'Invalid feedback', 400, v.details);
    if (!(await this.feedback.record(v.value, who.keyId)))
      throw new AppError('feedback/not-yours', `Feedback "${v.value.metric}" on ${v.value.requestId} was sent by another key`, 409, [
        { path: 'request_id', message: 'has this metric from another key' },
      ]);
    const f = v.value;
    sendJson(ex, 200, { object: 'feedback', request_id: f.requestId, metric: f.metric, value: f.value, label: f.label, comment: f.comment });
  }

  private async embeddings(ex: Exchange, who: GatewayPrincipal): Promise<void> {
    const body = ex.body as EmbeddingRequest | undefined;
    const details = [];
    if (typeof body?.model !== 'string' || !body.model) details.push({ path: 'model', message: 'is required' });
    const input = body?.input;
    if (!(typeof input === 'string' || (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')))) {
      details.push({ path: 'input', message: 'must be a string or a non-empty array of strings' });
    }
    if (details.length) throw new AppError('request/invalid-body', 'Invalid request', 400, details);
    await this.admit(who, [body!.model]);
    await this.chat.embed(body!, ex);
  }
}
