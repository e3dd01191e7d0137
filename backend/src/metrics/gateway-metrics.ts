import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestLogRecord } from '../usage/request-log-buffer.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

type Child<T> = ReturnType<T extends Histogram<string> ? T['labels'] : never>;

/**
 * The process's Prometheus registry and the gateway's series. Observing a request costs one map lookup and
 * a few increments: label children are cached per (route, target) rather than resolved per call.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'switchyard_requests_total',
    help: 'Gateway requests by route, target and HTTP status',
    labelNames: ['route', 'target', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'switchyard_request_duration_seconds',
    help: 'Gateway request latency, all attempts included',
    labelNames: ['route', 'target'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly ttft = new Histogram({
    name: 'switchyard_time_to_first_token_seconds',
    help: 'Time to the first streamed chunk',
    labelNames: ['route', 'target'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly upstreamErrors = new Counter({
    name: 'switchyard_upstream_errors_total',
    help: 'Failed upstream attempts by target and error kind',
    labelNames: ['target', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly fallbacks = new Counter({
    name: 'switchyard_fallbacks_total',
    help: 'Requests that needed more than one attempt',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: 'switchyard_tokens_total',
    help: 'Tokens by target and direction',
    labelNames: ['target', 'direction'] as const,
    registers: [this.registry],
  });
  private readonly children = new Map<string, { latency: Child<Histogram<'route' | 'target'>>; ttft: Child<Histogram<'route' | 'target'>> }>();
  private readonly requestChildren = new Map<string, { inc(): void }>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchyard_process_' });
  }

  /** A gauge whose value is read at scrape time (buffer depth, breaker states…). */
  gauge(name: string, help: string, labelNames: string[], read: (set: (labels: Record<string, string>, value: number) => void) => void | Promise<void>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await read((labels, value) => this.set(labels, value));
      },
    });
  }

  observe(r: RequestLogRecord): void {
    const route = r.route ?? '';
    const key = `${route}\u0000${r.target}`;
    let c = this.children.get(key);
    if (!c) {
      c = { latency: this.latency.labels(route, r.target), ttft: this.ttft.labels(route, r.target) };
      this.children.set(key, c);
    }
    const rk = `${key}\u0000${r.status}`;
    let req = this.requestChildren.get(rk);
    if (!req) {
      req = this.requests.labels(route, r.target, String(r.status));
      this.requestChildren.set(rk, req);
    }
    req.inc();
    c.latency.observe(r.latencyMs / 1000);
    if (r.ttftMs !== undefined) c.ttft.observe(r.ttftMs / 1000);
    if (r.usage) {
      this.tokens.labels(r.target, 'input').inc(r.usage.prompt_tokens);
      this.tokens.labels(r.target, 'output').inc(r.usage.completion_tokens);
    }
    if (r.attempts && r.attempts.length > 1) this.fallbacks.labels(route).inc();
    if (r.attempts)
      for (const a of r.attempts)
        if (a.error) this.upstreamErrors.labels(a.target, a.error).inc();
        else if (r.errorKind) this.upstreamErrors.labels(r.target, r.errorKind).inc();
  }
}
