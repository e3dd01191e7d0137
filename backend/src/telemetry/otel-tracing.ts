import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Context,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { hrTime, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '../config/config.types.js';
import type { Candidate } from '../routing/route-resolver.js';
import { VERSION } from '../version.js';
import {
  attemptEndAttributes,
  attemptFailureAttributes,
  attemptStartAttributes,
  jobAttributes,
  type RequestFacts,
  type RequestParams,
  requestAttributes,
  type ResponseFacts,
  spanName,
} from './genai-attributes.js';
import type { JobAttributes, RequestTrace, Tracing } from './tracing.js';

type Headers = Record<string, string | string[] | undefined>;

const headerGetter: TextMapGetter<Headers> = {
  keys: (h) => Object.keys(h),
  get: (h, key) => h[key],
};

function sampler(s: TelemetryConfig['sampler']): Sampler {
  const ratio = () => new TraceIdRatioBasedSampler(s.ratio);
  switch (s.name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** Why a job failed, as an error type: a stable code when the error has one, never its message. */
const errorType = (err: unknown): string => {
  const e = err as { code?: unknown; kind?: unknown; name?: unknown } | undefined;
  return typeof e?.code === 'string' ? e.code : typeof e?.kind === 'string' ? e.kind : typeof e?.name === 'string' ? e.name : '_OTHER';
};

/*
 * Span times are given explicitly from one monotonic clock (performance.timeOrigin + now): by default the SDK
 * starts each span at Date.now() and measures its duration apart, so on a busy machine a child could end
 * after its parent by tens of milliseconds.
 */

/**
 * The {@link Tracing} port on the OpenTelemetry SDK: a tracer provider of its own (no global registration, so
 * several apps in one test process do not collide), a batch processor, and the OTLP/HTTP JSON exporter. The
 * job span a piece of code runs inside is found through an AsyncLocalStorage of this instance.
 */
export class OtelTracing implements Tracing {
  readonly enabled = true;
  private readonly provider: TracerProvider;
  private readonly tracer: Tracer;
  private readonly propagator = new W3CTraceContextPropagator();
  private readonly active = new AsyncLocalStorage<Context>();

  constructor(config: TelemetryConfig) {
    const exporter = new OTLPTraceExporter({ url: config.tracesUrl, headers: config.headers });
    this.provider = new TracerProvider({
      resource: resourceFromAttributes({ ...config.resourceAttributes, 'service.name': config.serviceName, 'service.version': VERSION }),
      sampler: sampler(config.sampler),
      spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: config.scheduleDelayMs })],
    });
    this.tracer = this.provider.getTracer('switchyard', VERSION);
  }

  request(operation: 'chat' | 'embeddings', model: string, headers?: Headers, source?: string): RequestTrace {
    const parent = headers ? this.propagator.extract(ROOT_CONTEXT, headers, headerGetter) : (this.active.getStore() ?? ROOT_CONTEXT);
    const span = this.tracer.startSpan(spanName(operation, model), { kind: headers ? SpanKind.SERVER : SpanKind.INTERNAL, startTime: hrTime() }, parent);
    return new OtelRequestTrace(this.tracer, this.propagator, span, trace.setSpan(parent, span), operation, source);
  }

  async job<T>(name: string, attributes: JobAttributes, fn: () => Promise<T>): Promise<T> {
    const parent = this.active.getStore() ?? ROOT_CONTEXT;
    const span = this.tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes: jobAttributes(name, attributes), startTime: hrTime() }, parent);
    try {
      return await this.active.run(trace.setSpan(parent, span), fn);
    } catch (err) {
      const type = errorType(err);
      span.setAttribute('error.type', type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: type });
      throw err;
    } finally {
      span.end(hrTime());
    }
  }

  annotate(attributes: JobAttributes): void {
    const ctx = this.active.getStore();
    const span = ctx && trace.getSpan(ctx);
    if (span) for (const k of Object.keys(attributes)) if (attributes[k] !== undefined) span.setAttribute(k, attributes[k]);
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

class OtelRequestTrace implements RequestTrace {
  private current?: Span;
  private last?: Candidate;
  private made = 0;

  constructor(
    private readonly tracer: Tracer,
    private readonly propagator: W3CTraceContextPropagator,
    private readonly span: Span,
    private readonly ctx: Context,
    private readonly operation: string,
    private readonly source: string | undefined,
  ) {}

  attempt(c: Candidate): Record<string, string> | undefined {
    this.current?.end(hrTime());
    this.last = c;
    this.made++;
    this.current = this.tracer.startSpan(
      spanName(this.operation, c.target.model),
      { kind: SpanKind.CLIENT, attributes: attemptStartAttributes(c, this.made, this.operation), startTime: hrTime() },
      this.ctx,
    );
    const headers: Record<string, string> = {};
    this.propagator.inject(trace.setSpan(this.ctx, this.current), headers, defaultTextMapSetter);
    return headers.traceparent ? headers : undefined;
  }

  attemptFailed(err: unknown): void {
    const s = this.current;
    if (!s) return;
    this.current = undefined;
    const f = attemptFailureAttributes(err);
    s.setAttributes(f.attributes);
    s.setStatus({ code: SpanStatusCode.ERROR, message: f.code });
    s.end(hrTime());
  }

  end(facts: RequestFacts, params?: RequestParams, response?: ResponseFacts, tags?: { experiment?: string }): void {
    if (this.current) {
      const a = attemptEndAttributes(facts, response);
      this.current.setAttributes(a.attributes);
      if (a.code) this.current.setStatus({ code: SpanStatusCode.ERROR, message: a.code });
      this.current.end(hrTime());
      this.current = undefined;
    }
    for (const x of facts.attempts ?? [])
      if (x.skipped) this.span.addEvent('switchyard.target_skipped', { 'switchyard.target': x.target, 'switchyard.reason': x.skipped });
    this.span.setAttributes(
      requestAttributes(facts, params, response, this.last, { operation: this.operation, experimentName: tags?.experiment, source: this.source }),
    );
    if (facts.errorCode) this.span.setStatus({ code: SpanStatusCode.ERROR, message: facts.errorCode });
    this.span.end(hrTime());
  }
}
