import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.types.js';
import { GatewayMetrics } from '../../metrics/gateway-metrics.js';
import type { ChatResponse } from '../../providers/chat-types.js';
import { redact } from '../../routing/core/redact.js';
import type { Candidate, RoutePlan } from '../../routing/route-resolver.js';
import { RouteTable } from '../../routing/route-table.js';
import type { ResponseFacts } from '../../telemetry/genai-attributes.js';
import { costOf, type RequestLogRecord, RequestLogBuffer } from '../../usage/request-log-buffer.js';
import type { Call } from '../attempts.js';
import { type ChatWire, OPENAI_WIRE, replay } from '../chat-wire.js';
import { type Exchange, sendJson } from '../gateway-http.js';
import type { GatewayPrincipal } from '../keys/keys.service.js';
import type { GatewayChatRequest } from '../upstream-body.js';
import { cacheKey } from './cache-key.js';
import { CACHE_HEADER, type CacheDecision, type CacheStatus, decideCache, parseCacheHeader } from './cache-policy.js';
import { type CacheStore, MAX_ENTRY_BYTES } from './cache-store.js';
import { type CachedCompletion, fromResponse, type StreamAssembler, toResponse, toSse } from './cached-completion.js';
import { MemoryCacheStore } from './memory-store.js';
import { RedisCacheStore } from './redis-store.js';

/**
 * Keys listed in the Redis store's directory: ~120 bytes each, 1/256 of the memory cache's bound (262,144 at
 * 64 MiB); its in-process copies of answers take a quarter of that bound.
 */
const directoryCapacity = (maxBytes: number) => Math.max(1_024, Math.floor(maxBytes / 256));

/** The cache's part in one request: what it did, and where to store the answer when it is to be stored. */
export interface CacheTicket {
  status: CacheStatus;
  /** Set on a miss or refresh: the answer goes under this key. */
  key?: string;
  ttlSeconds: number;
  /** The stored answer, on a hit. */
  hit?: CachedCompletion;
}

/**
 * The gateway's exact-match response cache (see cache-policy.ts for who is cached, cache-key.ts for what
 * makes two requests the same). The chat service asks {@link lookup} before its attempts, serves a hit with
 * {@link serve} and hands a fresh answer to {@link save}. Hits are logged with cost 0 and the cost they
 * saved; a failing store makes misses, never errors.
 */
@Injectable()
export class ResponseCache implements OnApplicationShutdown {
  private readonly logger = new Logger('ResponseCache');
  readonly store: CacheStore;
  private readonly counter: Counter<'route' | 'status'>;
  private readonly children = new Map<string, { inc(): void }>();
  /** Lookups that failed (store down or slow) and were served as misses. */
  failures = 0;
  private warned = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly table: RouteTable,
    private readonly log: RequestLogBuffer,
    private readonly metrics: GatewayMetrics,
  ) {
    this.store =
      config.cache.store === 'redis' && config.queue.kind === 'bull'
        ? new RedisCacheStore(
            config.queue.redisUrl,
            config.queue.prefix,
            (err) => this.warn(err),
            directoryCapacity(config.cache.maxBytes),
            config.cache.maxBytes / 4,
          )
        : new MemoryCacheStore(config.cache.maxBytes);
    this.counter = new Counter({
      name: 'switchyard_cache_requests_total',
      help: 'Gateway requests the response cache took part in, by route and outcome (hit, miss, refresh, bypass)',
      labelNames: ['route', 'status'] as const,
      registers: [metrics.registry],
    });
    if (this.store instanceof RedisCacheStore) {
      const { directory } = this.store;
      metrics.gauge('switchyard_cache_directory_keys', 'Cache keys this process knows Redis holds (a miss on any other key costs no round trip)', [], (set) =>
        set({}, directory.size),
      );
      const near = this.store.near;
      metrics.gauge('switchyard_cache_near_bytes', 'Bytes of Redis cache answers also kept in this process (hits without a round trip)', [], (set) =>
        set({}, near.bytes),
      );
      metrics.gauge('switchyard_cache_directory_ready', '1 when the cache key directory is filled and listening, 0 while lookups ask Redis', [], (set) =>
        set({}, directory.ready ? 1 : 0),
      );
    }
    const mem = this.store instanceof MemoryCacheStore ? this.store : undefined;
    if (mem) {
      metrics.gauge('switchyard_cache_memory_bytes', 'Bytes held by the in-memory response cache', [], (set) => set({}, mem.bytes));
      metrics.gauge('switchyard_cache_memory_evictions', 'Answers evicted from the in-memory response cache by its size bound', [], (set) =>
        set({}, mem.evictions),
      );
    }
  }

  /**
   * Decides the cache's part in a request and looks its answer up. Undefined (and nothing spent beyond a
   * header read and a map lookup) for requests the cache has nothing to do with. Throws only for a bad
   * `x-switchyard-cache` header (400).
   */
  lookup(
    body: GatewayChatRequest,
    plan: RoutePlan & { tags?: unknown },
    ex: Exchange,
    who: GatewayPrincipal,
    call: Call,
  ): CacheTicket | undefined | Promise<CacheTicket | undefined> {
    const asked = parseCacheHeader(ex.req.headers[CACHE_HEADER]);
    const spec = plan.route ? (this.table.get(plan.route.alias)?.spec ?? {}) : undefined;
    const d = decideCache(spec, asked, plan.tags !== undefined);
    // Synchronous when the cache takes no part: an async function's promise and await were a microtask per request.
    return d ? this.ticket(d, body, plan, who, call) : undefined;
  }

  private async ticket(
    d: CacheDecision,
    body: GatewayChatRequest,
    plan: RoutePlan & { tags?: unknown },
    who: GatewayPrincipal,
    call: Call,
  ): Promise<CacheTicket> {
    const t: CacheTicket = { status: 'bypass', ttlSeconds: d.ttlSeconds };
    if (d.action !== 'bypass') {
      const scope = { route: plan.route, model: body.model, keyId: d.shared ? undefined : who.keyId };
      t.key = cacheKey(body as unknown as Record<string, unknown>, scope);
      t.status = d.action === 'refresh' ? 'refresh' : 'miss';
      if (d.action === 'use') {
        try {
          const got = this.store.get(t.key);
          t.hit = got instanceof Promise ? await got : got;
        } catch (err) {
          this.failures++;
          this.warn(err as Error);
        }
        if (t.hit) {
          t.status = 'hit';
          t.key = undefined;
        }
      }
    }
    call.cache = t.status;
    this.count(plan.route?.alias ?? '', t.status);
    return t;
  }

  /** Answers a hit: JSON or an SSE replay under a new id and time (in the client's wire format), then logs it (cost 0, cost saved). */
  serve(
    t: CacheTicket,
    body: GatewayChatRequest,
    ex: Exchange,
    who: GatewayPrincipal,
    call: Call,
    headers: Record<string, string>,
    wire: ChatWire = OPENAI_WIRE,
  ): void {
    const e = t.hit!;
    const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
    const created = Math.floor(Date.now() / 1000);
    let response: unknown;
    if (body.stream) {
      const sse =
        wire === OPENAI_WIRE
          ? toSse(e, id, created, body.model, body.stream_options?.include_usage === true)
          : replay(wire, body, toResponse(e, id, created, body.model));
      ex.res.writeHead(200, {
        'x-switchyard-request-id': ex.id,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        ...headers,
        [CACHE_HEADER]: 'hit',
      });
      ex.res.end(sse);
      response = { content: e.content, finish_reason: e.finishReason };
    } else {
      response = toResponse(e, id, created, body.model);
      sendJson(ex, 200, wire.json(response as ChatResponse), { ...headers, [CACHE_HEADER]: 'hit' });
    }
    const latencyMs = performance.now() - call.started;
    const route = call.plan.route;
    const record: RequestLogRecord = {
      requestId: ex.id,
      at: Date.now() - latencyMs,
      keyId: who.keyId,
      model: body.model,
      route: route?.alias,
      routeVersion: route?.version,
      target: e.target,
      attempts: [],
      stream: body.stream === true,
      status: 200,
      latencyMs,
      ttftMs: body.stream ? latencyMs : undefined,
      costUsd: 0,
      cache: 'hit',
      savedUsd: e.costUsd,
      requestBody: route?.capture ? redact(body, route.redact) : undefined,
      responseBody: route?.capture ? redact(response, route.redact) : undefined,
    };
    this.log.push(record);
    this.metrics.observe(record);
    call.trace?.end(record, body, response as ResponseFacts, call.tags);
  }

  /** Stores a fresh answer when the ticket asks for it (miss or refresh) and the answer is complete. */
  save(t: CacheTicket | undefined, answer: ChatResponse | StreamAssembler, c: Candidate): void {
    if (!t?.key) return;
    const now = Date.now();
    const e =
      'choices' in answer
        ? fromResponse(answer, c.label, costOf(answer.usage, c.priced), now)
        : (() => {
            const partial = answer.result(c.label, undefined, now);
            if (partial?.usage) partial.costUsd = costOf(partial.usage, c.priced);
            return partial;
          })();
    if (!e) return;
    const json = JSON.stringify(e);
    if (json.length > MAX_ENTRY_BYTES) return;
    this.store.set(t.key, e, json, t.ttlSeconds);
  }

  private count(route: string, status: CacheStatus): void {
    const k = `${route}\u0000${status}`;
    let c = this.children.get(k);
    if (!c) {
      c = this.counter.labels(route, status);
      this.children.set(k, c);
    }
    c.inc();
  }

  private warn(err: Error): void {
    if (Date.now() - this.warned > 30_000) this.logger.warn(`response cache unavailable (${err.message}); serving misses`);
    this.warned = Date.now();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
