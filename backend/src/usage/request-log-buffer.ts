import { Injectable } from '@nestjs/common';
import type { Usage } from '../providers/chat-types.js';

/** One gateway request, as the request log will store it. */
export interface RequestLogRecord {
  requestId: string;
  at: number;
  keyId: string;
  model: string;
  target: string;
  stream: boolean;
  status: number;
  errorKind?: string;
  latencyMs: number;
  ttftMs?: number;
  usage?: Usage;
  costUsd?: number;
}

const CAPACITY = 50_000;

/**
 * Where the gateway leaves its log records: an in-memory bounded buffer, so the request path never waits
 * on the database. The batch writer that drains it into PostgreSQL arrives with the usage domain; until
 * then records beyond the capacity are dropped and counted, never blocking a request.
 */
@Injectable()
export class RequestLogBuffer {
  private records: RequestLogRecord[] = [];
  dropped = 0;

  push(r: RequestLogRecord): void {
    if (this.records.length >= CAPACITY) {
      this.records.shift();
      this.dropped++;
    }
    this.records.push(r);
  }

  /** Takes up to `max` records, oldest first. */
  drain(max = CAPACITY): RequestLogRecord[] {
    return this.records.splice(0, max);
  }

  get depth(): number {
    return this.records.length;
  }
}

/** Cost of a call from catalogue prices (USD per million tokens); undefined when a price is unknown. */
export function costOf(usage: Usage | undefined, prices: { inputPricePerM: number | null; outputPricePerM: number | null } | undefined): number | undefined {
  if (!usage || !prices || prices.inputPricePerM === null || prices.outputPricePerM === null) return undefined;
  return (usage.prompt_tokens * prices.inputPricePerM + usage.completion_tokens * prices.outputPricePerM) / 1_000_000;
}
