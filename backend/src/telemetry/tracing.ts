import type { Candidate } from '../routing/route-resolver.js';
import type { RequestFacts, RequestParams, ResponseFacts } from './genai-attributes.js';

/** Injection token of the process's {@link Tracing}. */
export const TRACING = Symbol('TRACING');

/**
 * The traces port the rest of the code calls. With no OTLP endpoint configured it is {@link NO_TRACING}:
 * the OpenTelemetry SDK is never loaded, `request` returns undefined (so the gateway keeps no span and
 * builds no attributes: callers use `call.trace?.…`, whose arguments are then never evaluated) and `job`
 * just runs its function. Nothing here carries prompts, outputs or secrets: attributes are built from
 * names, counts, codes and timings only (see genai-attributes.ts).
 */
export interface Tracing {
  readonly enabled: boolean;
  /**
   * A gateway request (or an internal completion) starts: the span a {@link RequestTrace} ends. Its parent is
   * the caller's W3C `traceparent` when `headers` carry one, else the job span this code runs inside, if any.
   */
  request(operation: 'chat' | 'embeddings', model: string, headers?: Record<string, string | string[] | undefined>, source?: string): RequestTrace | undefined;
  /** Runs one queued job inside its span; model calls made meanwhile become its children. */
  job<T>(name: string, attributes: JobAttributes, fn: () => Promise<T>): Promise<T>;
  /** Adds attributes to the job span this code runs inside (e.g. the experiment's name once it is loaded). */
  annotate(attributes: JobAttributes): void;
  /** Exports what is buffered and stops (graceful shutdown). */
  shutdown(): Promise<void>;
}

/** One gateway request's span, with one child span per attempt at a target. */
export interface RequestTrace {
  /**
   * An attempt at `c` starts (its span stays open until it fails or the request ends). Returns the headers
   * that carry the attempt span's context upstream (W3C `traceparent`, and `tracestate` when there is one).
   */
  attempt(c: Candidate): Record<string, string> | undefined;
  /** The attempt in flight failed with `err`. */
  attemptFailed(err: unknown): void;
  /**
   * The request is over (for a stream: its last chunk was written): ends the open attempt and the request span
   * with the log record's facts, the request's parameters, the response (finish reasons, id) and the experiment.
   */
  end(facts: RequestFacts, params?: RequestParams, response?: ResponseFacts, tags?: { experiment?: string }): void;
}

export type JobAttributes = Record<string, string | number | boolean | undefined>;

/** Tracing off: no SDK, no spans, nothing allocated per request. */
export const NO_TRACING: Tracing = {
  enabled: false,
  request: () => undefined,
  job: (_name, _attributes, fn) => fn(),
  annotate: () => undefined,
  shutdown: async () => undefined,
};
