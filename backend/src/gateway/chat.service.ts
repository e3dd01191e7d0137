import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { normalizeError } from '../common/errors/error-body.js';
import type { ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, Usage } from '../providers/chat-types.js';
import { type PricedModel, ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import type { Target } from '../providers/provider-adapter.js';
import { ProviderError } from '../providers/provider-error.js';
import { adapterFor } from '../providers/registry.js';
import { deadlineController } from '../providers/upstream/http.js';
import { costOf, RequestLogBuffer } from '../usage/request-log-buffer.js';
import type { GatewayPrincipal } from './keys/keys.service.js';
import { type Exchange, sendJson } from './gateway-http.js';
import { toOpenAIError } from './openai-error.js';
import { toGatewayError } from './upstream-error.js';

interface Resolved {
  target: Target;
  priced?: PricedModel;
  label: string;
}

/**
 * One abort signal per request: it fires when the client goes away before the response is complete, or
 * when the account's total timeout passes.
 */
function requestSignal(ex: Exchange, target: Target): { controller: AbortController; dispose: () => void } {
  const d = deadlineController(target.account.timeouts.totalMs);
  ex.res.once('close', () => {
    d.dispose();
    if (!ex.res.writableFinished) d.controller.abort(new Error('client disconnected'));
  });
  return d;
}

const mapError = (err: unknown): unknown => (err instanceof ProviderError ? toGatewayError(err) : err);

/** Resolves the client's `model`, calls the provider adapter, and answers in OpenAI's wire format. */
@Injectable()
export class ChatService {
  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly log: RequestLogBuffer,
  ) {}

  resolve(model: string): Resolved {
    const r = this.runtime.resolve(model);
    if (!r) {
      throw new AppError(
        'gateway/model-not-found',
        `The model \`${model}\` does not exist. Name a catalogue model as <provider>/<model> (GET /v1/models lists them).`,
        404,
        [{ path: 'model', message: 'is not a known model' }],
      );
    }
    return { ...r, label: `${r.target.account.name}/${r.target.model}` };
  }

  async complete(body: ChatRequest, r: Resolved, ex: Exchange, who: GatewayPrincipal): Promise<void> {
    const started = performance.now();
    const { controller, dispose } = requestSignal(ex, r.target);
    let res: ChatResponse;
    try {
      res = await adapterFor(r.target.account.kind).chat({ ...body, model: r.target.model, stream: false }, r.target, controller.signal);
    } catch (err) {
      dispose();
      this.record(ex, who, body, r, false, started, undefined, undefined, err);
      throw mapError(err);
    }
    dispose();
    res.model = body.model;
    this.record(ex, who, body, r, false, started, undefined, res.usage);
    sendJson(ex, 200, res, { 'x-switchyard-target': r.label });
  }

  async stream(body: ChatRequest, r: Resolved, ex: Exchange, who: GatewayPrincipal): Promise<void> {
    const started = performance.now();
    const { controller } = requestSignal(ex, r.target);
    const includeUsage = body.stream_options?.include_usage === true;
    const chunks = adapterFor(r.target.account.kind).chatStream({ ...body, model: r.target.model, stream: true }, r.target, controller.signal);
    const it = chunks[Symbol.asyncIterator]();
    let next: IteratorResult<ChatChunk>;
    try {
      // Failures before the first chunk are still ordinary HTTP errors with their status.
      next = await it.next();
    } catch (err) {
      this.record(ex, who, body, r, true, started, undefined, undefined, err);
      throw mapError(err);
    }
    const ttft = performance.now() - started;
    const raw = ex.res;
    raw.writeHead(200, {
      'x-switchyard-request-id': ex.id,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-switchyard-target': r.label,
    });
    let usage: Usage | undefined;
    try {
      while (!next.done) {
        const chunk = next.value;
        chunk.model = body.model;
        if (chunk.usage) usage = chunk.usage;
        const usageOnly = chunk.choices.length === 0 && chunk.usage;
        if (!includeUsage && chunk.usage !== undefined) delete chunk.usage;
        if (!usageOnly || includeUsage) raw.write(`data: ${JSON.stringify(chunk)}\n\n`);
        next = await it.next();
      }
      raw.end('data: [DONE]\n\n');
      this.record(ex, who, body, r, true, started, ttft, usage);
    } catch (err) {
      // After the first byte the status is sent: the failure travels as an error event, then the stream ends.
      const mapped = mapError(err);
      if (!raw.destroyed) raw.end(`data: ${JSON.stringify(toOpenAIError(normalizeError(mapped)))}\n\n`);
      this.record(ex, who, body, r, true, started, ttft, usage, err);
    }
  }

  async embed(body: EmbeddingRequest, ex: Exchange): Promise<void> {
    const r = this.resolve(body.model);
    const adapter = adapterFor(r.target.account.kind);
    if (!adapter.embed)
      throw new AppError('gateway/unsupported', `${r.target.account.kind} providers have no embeddings endpoint`, 400, [
        { path: 'model', message: 'does not support embeddings' },
      ]);
    const { controller, dispose } = requestSignal(ex, r.target);
    try {
      const res = await adapter.embed({ ...body, model: r.target.model }, r.target, controller.signal);
      dispose();
      sendJson(ex, 200, { ...res, model: body.model }, { 'x-switchyard-target': r.label });
    } catch (err) {
      throw mapError(err);
    }
  }

  private record(
    ex: Exchange,
    who: GatewayPrincipal,
    body: ChatRequest,
    r: Resolved,
    stream: boolean,
    started: number,
    ttftMs: number | undefined,
    usage: Usage | undefined,
    err?: unknown,
  ): void {
    const status = err ? normalizeError(mapError(err)).status : 200;
    this.log.push({
      requestId: ex.id,
      at: Date.now(),
      keyId: who.keyId,
      model: body.model,
      target: r.label,
      stream,
      status,
      errorKind: err instanceof ProviderError ? err.kind : undefined,
      latencyMs: performance.now() - started,
      ttftMs,
      usage,
      costUsd: costOf(usage, r.priced),
    });
  }
}
