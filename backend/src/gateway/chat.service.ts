import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { newRequestId } from '../http/request-id.js';
import { AppError } from '../common/errors/app-error.js';
import { assignVariant, inSample } from '../experiments/core/assignment.js';
import { normalizeError } from '../common/errors/error-body.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { ChatChunk, ChatResponse, EmbeddingRequest, Usage } from '../providers/chat-types.js';
import { ANSWER_TEXT, type ChatAnswer } from '../providers/provider-adapter.js';
import { ProviderError } from '../providers/provider-error.js';
import { adapterFor } from '../providers/registry.js';
import { redact } from '../routing/core/redact.js';
import { type Candidate, type PlanOptions, type RoutePlan, RouteResolver } from '../routing/route-resolver.js';
import { RouteTable } from '../routing/route-table.js';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue.js';
import { embeddingFacts } from '../telemetry/embedding-facts.js';
import type { ResponseFacts } from '../telemetry/genai-attributes.js';
import { TRACING, type Tracing } from '../telemetry/tracing.js';
import { LimitsService } from '../usage/limits/limits.service.js';
import { costOf, RequestLogBuffer } from '../usage/request-log-buffer.js';
import { type Call, type CallTags, ClientGone, runAttempts } from './attempts.js';
import { StreamAssembler } from './cache/cached-completion.js';
import { ResponseCache } from './cache/response-cache.js';
import { type ChatWire, OPENAI_WIRE } from './chat-wire.js';
import { withModel } from '../common/json/json-splice.js';
import { type Exchange, sendJson, sendJsonText } from './gateway-http.js';
import type { GatewayPrincipal } from './keys/keys.service.js';
import { LiveExperiments } from './live-experiments.js';
import { type GatewayChatRequest, upstreamBody } from './upstream-body.js';
import { toGatewayError } from './upstream-error.js';

const mapError = (err: unknown): unknown => (err instanceof ProviderError ? toGatewayError(err) : err);

/** A plan with the live or shadow experiment the request takes part in. */
export type GatewayPlan = RoutePlan & { tags?: CallTags & { experiment: string } };

/** Response headers naming the route, its version, the target that answered and the experiment's variant. */
function routeHeaders(plan: GatewayPlan, c: Pick<Candidate, 'label'>, cache?: string): Record<string, string> {
  if (!plan.route) return cache ? { 'x-switchyard-target': c.label, 'x-switchyard-cache': cache } : { 'x-switchyard-target': c.label };
  const h: Record<string, string> = {
    'x-switchyard-route': plan.route.alias,
    'x-switchyard-route-version': String(plan.route.version),
    'x-switchyard-target': c.label,
  };
  if (plan.tags && !plan.tags.shadow) h['x-switchyard-experiment'] = `${plan.tags.experiment}/${plan.tags.variant}`;
  if (cache) h['x-switchyard-cache'] = cache;
  return h;
}

/**
 * Serves chat completions and embeddings: resolves the client's `model` to a plan (route or direct model),
 * walks it with fallbacks, answers in OpenAI's wire format, and leaves one log record per request in the
 * buffer (never a database write on the request path).
 */
@Injectable()
export class ChatService {
  private readonly logger = new Logger('Gateway');

  constructor(
    private readonly resolver: RouteResolver,
    private readonly table: RouteTable,
    private readonly log: RequestLogBuffer,
    private readonly metrics: GatewayMetrics,
    private readonly limits: LimitsService,
    private readonly live: LiveExperiments,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly cache: ResponseCache,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  /** `routing`: the route alias without its hint suffix, the request's hints and today's spend (see gateway.routes.ts). */
  plan(body: GatewayChatRequest | EmbeddingRequest, ex: Exchange, routing?: { model: string } & Pick<PlanOptions, 'hints' | 'budget'>): GatewayPlan {
    const header = ex.req.headers['x-switchyard-sticky-key'];
    const stickyHeader = typeof header === 'string' && header ? header : undefined;
    const chat = 'messages' in body ? body : undefined;
    const plan = this.resolver.plan(routing?.model ?? body.model, {
      fallbacks: chat?.models,
      stickyKey: body.user,
      stickyHeader,
      chat,
      hints: routing?.hints,
      budget: routing?.budget,
    });
    if (!plan.route || !('messages' in body)) return plan;
    return this.experiment(plan, body, ex, stickyHeader ?? body.user ?? ex.id);
  }

  /**
   * A route with a live experiment sends each user (sticky key, else the request) to the variant a stable
   * hash picks; a candidate's failure falls back to the route's own targets. A route with a shadow
   * experiment marks a sample of its requests to be replayed to the candidates after the response.
   */
  private experiment(plan: RoutePlan, body: GatewayChatRequest, ex: Exchange, key: string): GatewayPlan {
    const requestId = ex.id;
    const alias = plan.route!.alias;
    const live = this.live.liveOn(alias);
    if (live) {
      const variant = assignVariant(live.id, key, live.allocation);
      const tags = { experimentId: live.id, experiment: live.name, variant, grade: inSample(live.id, requestId, live.sampleRate) };
      const cand = live.candidates.find((c) => c.name === variant);
      if (!cand) return { ...plan, tags };
      const own = this.resolver.plan(cand.model);
      if (cand.params) {
        Object.assign(body, cand.params);
        ex.text = undefined; // the body no longer reads as the client's text
      }
      return { ...plan, order: [...own.order, ...plan.order.filter((c) => !own.order.some((o) => o.label === c.label))], tags };
    }
    const shadow = this.live.shadowsOn(alias)?.find((s) => inSample(s.id, requestId, s.sampleRate));
    if (shadow) return { ...plan, tags: { experimentId: shadow.id, experiment: shadow.name, variant: shadow.control, shadow: true } };
    return plan;
  }

  /** After the response has gone: a sampled request's output is graded, a mirrored one replayed to the candidates, by workers. */
  private followUp(call: Call, body: GatewayChatRequest, requestId: string, output: string): void {
    const t = call.tags;
    if (!t || (!t.grade && !t.shadow)) return;
    const job = t.shadow
      ? this.queue.add('experiments.shadow', {
          experimentId: t.experimentId,
          requestId,
          body: { ...body, stream: false, stream_options: undefined },
          output,
        })
      : this.queue.add('experiments.grade-live', { experimentId: t.experimentId, variant: t.variant, requestId, messages: body.messages, output });
    job.catch((err: Error) => this.logger.warn({ experimentId: t.experimentId, requestId }, `experiment follow-up not queued: ${err.message}`));
  }

  /** Starts the per-request state (and its span, when traces are on); a client hanging up aborts the attempt in flight. */
  private begin(ex: Exchange, plan: GatewayPlan, op: 'chat' | 'embeddings' = 'chat'): Call {
    const call: Call = { plan, attempts: [], started: performance.now(), clientGone: false, tags: plan.tags };
    call.trace = this.tracing.request(op, (ex.body as { model: string }).model, ex.req.headers);
    // `on`, not `once`: 'close' fires once, and once() wraps the listener in another closure per request.
    ex.res.on('close', () => {
      if (ex.res.writableFinished) return;
      call.clientGone = true;
      call.abortCurrent?.(new ClientGone());
    });
    return call;
  }

  async complete(body: GatewayChatRequest, plan: GatewayPlan, ex: Exchange, who: GatewayPrincipal, wire: ChatWire = OPENAI_WIRE): Promise<void> {
    const call = this.begin(ex, plan);
    const found = this.cache.lookup(body, plan, ex, who, call);
    const cached = found instanceof Promise ? await found : found;
    if (cached?.hit) return this.cache.serve(cached, body, ex, who, call, routeHeaders(plan, { label: cached.hit.target }), wire);
    let res: ChatResponse;
    let c: Candidate;
    // The client's text goes upstream with only `model` replaced when it is OpenAI's request (see upstream-body.ts).
    const text = wire === OPENAI_WIRE ? ex.text : undefined;
    try {
      const out = await runAttempts(call, this.table, (cand, signal) =>
        adapterFor(cand.target.account.kind).chat(upstreamBody(body, cand, false, text), cand.target, signal),
      );
      out.dispose();
      res = out.value;
      c = out.candidate;
    } catch (err) {
      this.record(ex, who, body, call, false, undefined, undefined, undefined, err);
      throw mapError(err);
    }
    res.model = body.model;
    this.record(ex, who, body, call, false, undefined, res.usage, res);
    // The upstream's own bytes with the model replaced, when it sent OpenAI's format and the client speaks it.
    const answer = wire === OPENAI_WIRE ? (res as ChatAnswer)[ANSWER_TEXT] : undefined;
    const forwarded = answer === undefined ? undefined : withModel(answer, body.model);
    if (forwarded !== undefined) sendJsonText(ex, 200, forwarded, routeHeaders(plan, c, call.cache));
    else sendJson(ex, 200, wire.json(res), routeHeaders(plan, c, call.cache));
    this.cache.save(cached, res, c);
    if (call.tags) this.followUp(call, body, ex.id, res.choices[0]?.message?.content ?? '');
  }

  async stream(body: GatewayChatRequest, plan: GatewayPlan, ex: Exchange, who: GatewayPrincipal, wire: ChatWire = OPENAI_WIRE): Promise<void> {
    const call = this.begin(ex, plan);
    const found = this.cache.lookup(body, plan, ex, who, call);
    const cached = found instanceof Promise ? await found : found;
    if (cached?.hit) return this.cache.serve(cached, body, ex, who, call, routeHeaders(plan, { label: cached.hit.target }), wire);
    const out = wire.stream(body);
    const text = wire === OPENAI_WIRE ? ex.text : undefined;
    let opened: Awaited<ReturnType<typeof runAttempts<{ it: AsyncIterator<ChatChunk>; next: IteratorResult<ChatChunk> }>>>;
    try {
      // A failure before the first chunk is an ordinary HTTP error (with fallbacks); after it, an error event.
      opened = await runAttempts(call, this.table, async (cand, signal) => {
        const chunks = adapterFor(cand.target.account.kind).chatStream(upstreamBody(body, cand, true, text), cand.target, signal);
        const it = chunks[Symbol.asyncIterator]();
        return { it, next: await it.next() };
      });
    } catch (err) {
      this.record(ex, who, body, call, true, undefined, undefined, undefined, err);
      throw mapError(err);
    }
    const { it } = opened.value;
    let next = opened.value.next;
    const ttft = performance.now() - call.started;
    const raw = ex.res;
    raw.writeHead(200, {
      'x-switchyard-request-id': ex.id,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...routeHeaders(plan, opened.candidate, call.cache),
    });
    let usage: Usage | undefined;
    const assembled = cached?.key ? new StreamAssembler() : undefined;
    const captured =
      plan.route?.capture || call.tags?.grade || call.tags?.shadow || call.trace ? { content: '', finish_reason: null as string | null } : undefined;
    try {
      while (!next.done) {
        const chunk = next.value;
        chunk.model = body.model;
        if (chunk.usage) usage = chunk.usage;
        assembled?.add(chunk);
        if (captured) {
          captured.content += chunk.choices[0]?.delta?.content ?? '';
          captured.finish_reason = chunk.choices[0]?.finish_reason ?? captured.finish_reason;
        }
        const text = out.chunk(chunk);
        if (text) raw.write(text);
        next = await it.next();
      }
      opened.dispose();
      raw.end(out.end());
      if (assembled) this.cache.save(cached, assembled, opened.candidate);
      this.record(ex, who, body, call, true, ttft, usage, captured);
      if (call.tags) this.followUp(call, body, ex.id, captured?.content ?? '');
    } catch (err) {
      opened.dispose();
      const mapped = mapError(err);
      if (!raw.destroyed) raw.end(out.error(normalizeError(mapped)));
      this.record(ex, who, body, call, true, ttft, usage, captured, call.clientGone ? new ClientGone() : err);
    }
  }

  async embed(body: EmbeddingRequest, ex: Exchange): Promise<void> {
    const plan = this.plan(body, ex);
    const adapter = adapterFor(plan.order[0].target.account.kind);
    if (!adapter.embed) {
      throw new AppError('gateway/unsupported', `${plan.order[0].target.account.kind} providers have no embeddings endpoint`, 400, [
        { path: 'model', message: 'does not support embeddings' },
      ]);
    }
    const call = this.begin(ex, plan, 'embeddings');
    try {
      const out = await runAttempts(call, this.table, (cand, signal) =>
        adapterFor(cand.target.account.kind).embed!({ ...body, model: cand.target.model }, cand.target, signal),
      );
      out.dispose();
      call.trace?.end(embeddingFacts(ex.id, body.model, call.attempts, out.value.usage));
      sendJson(ex, 200, { ...out.value, model: body.model }, routeHeaders(plan, out.candidate));
    } catch (err) {
      call.trace?.end(embeddingFacts(ex.id, body.model, call.attempts, undefined, mapError(err), (err as ProviderError).kind));
      throw mapError(err);
    }
  }

  /**
   * A completion for Switchyard's own use (LLM judges, later experiment runs): the same routing,
   * fallbacks and breakers as a client's call, logged under `source` instead of a key.
   */
  async completeInternal(
    body: GatewayChatRequest,
    source: string,
    tags?: { experimentId: string; variant: string },
  ): Promise<{ response: ChatResponse; costUsd?: number; target: string; latencyMs: number }> {
    const ex = { id: newRequestId() } as Exchange;
    const who: GatewayPrincipal = { keyId: '', name: source, scopes: [] };
    let plan: RoutePlan;
    try {
      plan = this.resolver.plan(body.model, { fallbacks: body.models, stickyKey: body.user });
    } catch (err) {
      // A model or route gone since the call was queued (a shadow or dataset run): logged like any failed call.
      const failed: Call = { plan: { order: [] } as unknown as RoutePlan, attempts: [], started: performance.now(), clientGone: false, tags };
      this.record(ex, who, body, failed, false, undefined, undefined, undefined, err);
      throw mapError(err);
    }
    const call: Call = { plan, attempts: [], started: performance.now(), clientGone: false };
    call.tags = tags;
    call.trace = this.tracing.request('chat', body.model, undefined, source);
    try {
      const out = await runAttempts(call, this.table, (cand, signal) =>
        adapterFor(cand.target.account.kind).chat(upstreamBody(body, cand, false), cand.target, signal),
      );
      out.dispose();
      this.record(ex, who, body, call, false, undefined, out.value.usage, out.value);
      const latencyMs = performance.now() - call.started;
      return { response: out.value, costUsd: costOf(out.value.usage, out.candidate.priced), target: out.candidate.label, latencyMs };
    } catch (err) {
      this.record(ex, who, body, call, false, undefined, undefined, undefined, err);
      throw mapError(err);
    }
  }

  /** Embeddings for Switchyard's own use (the embedding-similarity grader). */
  async embedInternal(model: string, input: string[]): Promise<number[][]> {
    const plan = this.resolver.plan(model);
    const call: Call = { plan, attempts: [], started: performance.now(), clientGone: false };
    const adapter = adapterFor(plan.order[0].target.account.kind);
    if (!adapter.embed) throw new AppError('gateway/unsupported', `${plan.order[0].target.account.kind} providers have no embeddings endpoint`, 400);
    call.trace = this.tracing.request('embeddings', model, undefined, 'grader');
    try {
      const out = await runAttempts(call, this.table, (cand, signal) =>
        adapterFor(cand.target.account.kind).embed!({ model: cand.target.model, input }, cand.target, signal),
      );
      out.dispose();
      call.trace?.end(embeddingFacts(randomUUID(), model, call.attempts, out.value.usage));
      return out.value.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
    } catch (err) {
      call.trace?.end(embeddingFacts(randomUUID(), model, call.attempts, undefined, mapError(err), (err as ProviderError).kind));
      throw mapError(err);
    }
  }

  private record(
    ex: Exchange,
    who: GatewayPrincipal,
    body: GatewayChatRequest,
    call: Call,
    stream: boolean,
    ttftMs: number | undefined,
    usage: Usage | undefined,
    response?: unknown,
    err?: unknown,
  ): void {
    const c = call.last;
    const e = err ? normalizeError(mapError(err)) : undefined;
    const route = call.plan.route;
    const costUsd = costOf(usage, c?.priced);
    if (usage) route?.tokens?.observe(usage.prompt_tokens, usage.completion_tokens);
    if (route?.budgeted && costUsd) this.limits.addSpend(`route:${route.alias}`, costUsd);
    const record = {
      requestId: ex.id,
      at: Date.now() - (performance.now() - call.started),
      keyId: who.keyId,
      model: body.model,
      route: route?.alias,
      routeVersion: route?.version,
      experimentId: call.tags?.experimentId,
      variant: call.tags?.variant,
      target: c?.label ?? '',
      attempts: call.attempts,
      stream,
      status: err instanceof ClientGone ? 499 : (e?.status ?? 200),
      errorKind: err instanceof ProviderError ? err.kind : undefined,
      errorCode: err instanceof ClientGone ? 'client/disconnected' : e?.code,
      errorMessage: err instanceof ClientGone ? 'the client closed the connection before the response was complete' : e?.message,
      latencyMs: performance.now() - call.started,
      ttftMs,
      usage,
      costUsd,
      cache: call.cache,
      requestBody: route?.capture ? redact(body, route.redact) : undefined,
      responseBody: route?.capture && response !== undefined ? redact(response, route.redact) : undefined,
    };
    this.log.push(record);
    this.metrics.observe(record);
    call.trace?.end(record, body, response as ResponseFacts | undefined, call.tags);
    if (who.limits) this.limits.record(who.keyId, who.limits, usage ? usage.prompt_tokens + usage.completion_tokens : 0, costUsd);
  }
}
