import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { RequestLogRecord } from '../usage/request-log-buffer.js';
import { type CounterSeries, CounterFamily, type HistogramSeries, HistogramFamily } from './series.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The series one (route, target) pair updates, looked up once per pair. */
interface PairSeries {
  latency: HistogramSeries;
  /** These three are created with their first observation, as prom-client created a series on its first update. */
  ttft?: HistogramSeries;
  inputTokens?: CounterSeries;
  outputTokens?: CounterSeries;
  byStatus: Map<number, CounterSeries>;
}

/**
 * The process's Prometheus registry and the gateway's series. Observing a request costs two map lookups
 * and a few additions: the series of each (route, target) pair are found once and kept (see series.ts).
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new CounterFamily(this.registry, 'switchyard_requests_total', 'Gateway requests by route, target and HTTP status', [
    'route',
    'target',
    'status',
  ]);
  private readonly latency = new HistogramFamily(
    this.registry,
    'switchyard_request_duration_seconds',
    'Gateway request latency, all attempts included',
    ['route', 'target'],
    LATENCY_BUCKETS,
  );
  private readonly ttft = new HistogramFamily(
    this.registry,
    'switchyard_time_to_first_token_seconds',
    'Time to the first streamed chunk',
    ['route', 'target'],
    LATENCY_BUCKETS,
  );
  private readonly upstreamErrors = new CounterFamily(this.registry, 'switchyard_upstream_errors_total', 'Failed upstream attempts by target and error kind', [
    'target',
    'kind',
  ]);
  private readonly fallbacks = new CounterFamily(this.registry, 'switchyard_fallbacks_total', 'Requests that needed more than one attempt', ['route']);
  private readonly tokens = new CounterFamily(this.registry, 'switchyard_tokens_total', 'Tokens by target and direction', ['target', 'direction']);
  /** route → target → series. */
  private readonly pairs = new Map<string, Map<string, PairSeries>>();

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

  private pair(route: string, target: string): PairSeries {
    let byTarget = this.pairs.get(route);
    if (!byTarget) this.pairs.set(route, (byTarget = new Map()));
    let p = byTarget.get(target);
    if (!p) {
      p = {
        latency: this.latency.series(route, target),
        byStatus: new Map(),
      };
      byTarget.set(target, p);
    }
    return p;
  }

  observe(r: RequestLogRecord): void {
    const route = r.route ?? '';
    const p = this.pair(route, r.target);
    let req = p.byStatus.get(r.status);
    if (!req) p.byStatus.set(r.status, (req = this.requests.series(route, r.target, String(r.status))));
    req.value++;
    this.latency.observe(p.latency, r.latencyMs / 1000);
    if (r.ttftMs !== undefined) this.ttft.observe((p.ttft ??= this.ttft.series(route, r.target)), r.ttftMs / 1000);
    if (r.usage) {
      (p.inputTokens ??= this.tokens.series(r.target, 'input')).value += r.usage.prompt_tokens;
      (p.outputTokens ??= this.tokens.series(r.target, 'output')).value += r.usage.completion_tokens;
    }
    if (r.attempts && r.attempts.length > 1) this.fallbacks.series(route).value++;
    if (r.attempts)
      for (const a of r.attempts)
        if (a.error) this.upstreamErrors.series(a.target, a.error).value++;
        else if (r.errorKind) this.upstreamErrors.series(r.target, r.errorKind).value++;
  }
}
