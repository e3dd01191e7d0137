import { Injectable } from '@nestjs/common';
import type { Usage } from '../providers/chat-types.js';

/** One try of one target within a gateway request. */
export interface AttemptRecord {
  target: string;
  /** Error kind from the provider taxonomy, absent for the attempt that succeeded. */
  error?: string;
  latencyMs: number;
  /** Why a target was passed over without a call (breaker open), when it was. */
  skipped?: string;
}

/** One gateway request, as the request log stores it. */
export interface RequestLogRecord {
  requestId: string;
  /** Epoch ms when the request arrived. */
  at: number;
  keyId: string;
  /** What the client sent as `model`. */
  model: string;
  route?: string;
  routeVersion?: number;
  /** Set when the call belongs to an experiment (a dataset run's call, or a live request assigned to a variant). */
  experimentId?: string;
  variant?: string;
  /** The target that answered (or the last one tried). */
  target: string;
  attempts?: AttemptRecord[];
  stream: boolean;
  status: number;
  errorKind?: string;
  errorCode?: string;
  errorMessage?: string;
  latencyMs: number;
  ttftMs?: number;
  usage?: Usage;
  costUsd?: number;
  /** What the response cache did (hit, miss, refresh, bypass); absent when it took no part. */
  cache?: string;
  /** On a cache hit: what the stored answer cost when it was made. */
  savedUsd?: number;
  /** Present only when the route captures bodies (already redacted). */
  requestBody?: unknown;
  responseBody?: unknown;
}

export const CAPACITY = 50_000;

/**
 * Where the gateway leaves its log records: an in-memory bounded buffer, so the request path never waits
 * on the database. {@link RequestLogWriter} drains it in batches; when it cannot keep up (database down
 * long enough to fill 50,000 records) the oldest records are dropped and counted, never blocking a request.
 */
@Injectable()
export class RequestLogBuffer {
  // A ring: push and overflow are O(1) (Array.shift on a full 50k-entry array cost the gateway ~5 µs a call).
  private readonly ring = new Array<RequestLogRecord | undefined>(CAPACITY);
  private head = 0;
  private size = 0;
  dropped = 0;

  push(r: RequestLogRecord): void {
    this.ring[(this.head + this.size) % CAPACITY] = r;
    if (this.size < CAPACITY) this.size++;
    else {
      this.head = (this.head + 1) % CAPACITY;
      this.dropped++;
    }
  }

  /** Takes up to `max` records, oldest first. */
  drain(max = CAPACITY): RequestLogRecord[] {
    const n = Math.min(max, this.size);
    const out = new Array<RequestLogRecord>(n);
    for (let i = 0; i < n; i++) {
      const at = (this.head + i) % CAPACITY;
      out[i] = this.ring[at]!;
      this.ring[at] = undefined;
    }
    this.head = (this.head + n) % CAPACITY;
    this.size -= n;
    return out;
  }

  get depth(): number {
    return this.size;
  }
}

/** Cost of a call from catalogue prices (USD per million tokens); undefined when a price is unknown. */
export function costOf(usage: Usage | undefined, prices: { inputPricePerM: number | null; outputPricePerM: number | null } | undefined): number | undefined {
  if (!usage || !prices || prices.inputPricePerM === null || prices.outputPricePerM === null) return undefined;
  return (usage.prompt_tokens * prices.inputPricePerM + usage.completion_tokens * prices.outputPricePerM) / 1_000_000;
}
